import pytest

from agreements.models import Partner

pytestmark = pytest.mark.django_db


def test_create_daerah_partner(api, staf):
    response = api(staf).post(
        "/api/partners/",
        {"name": "Pemerintah Kota Batu", "partner_type": "daerah", "region_code": "35.79"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["region_code"] == "35.79"
    assert body["country_code"] == "ID"


def test_daerah_without_region_is_400_in_indonesian(api, staf):
    response = api(staf).post(
        "/api/partners/", {"name": "Tanpa Daerah", "partner_type": "daerah"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "kode daerah" in body["region_code"][0]
    assert not Partner.objects.exists()


def test_unknown_region_code_is_400(api, staf):
    response = api(staf).post(
        "/api/partners/",
        {"name": "Salah Kode", "partner_type": "daerah", "region_code": "99.99"},
        format="json",
    )
    assert response.status_code == 400
    assert "tidak ditemukan" in response.json()["region_code"][0]


@pytest.mark.parametrize("code", ["QQ", "ZZ", "X"])
def test_unknown_country_code_is_400(api, staf, code):
    response = api(staf).post(
        "/api/partners/",
        {"name": "Gemeente X", "partner_type": "pemda_luar_negeri", "country_code": code},
        format="json",
    )
    assert response.status_code == 400
    assert "negara" in response.json()["country_code"][0]
    assert not Partner.objects.exists()


def test_foreign_partner_without_country_is_400(api, staf):
    response = api(staf).post(
        "/api/partners/", {"name": "TU X", "partner_type": "lembaga_luar_negeri"}, format="json"
    )
    assert response.status_code == 400
    assert "ISO 3166" in response.json()["country_code"][0]


def test_pihak_ketiga_needs_third_party_type(api, staf):
    response = api(staf).post(
        "/api/partners/", {"name": "PT X", "partner_type": "pihak_ketiga"}, format="json"
    )
    assert response.status_code == 400
    assert "Ps. 14" in response.json()["third_party_type"][0]
    ok = api(staf).post(
        "/api/partners/",
        {"name": "PT X", "partner_type": "pihak_ketiga", "third_party_type": "badan_usaha_swasta"},
        format="json",
    )
    assert ok.status_code == 201


def test_invalid_third_party_type_is_400(api, staf):
    response = api(staf).post(
        "/api/partners/",
        {"name": "PT X", "partner_type": "pihak_ketiga", "third_party_type": "firma"},
        format="json",
    )
    assert response.status_code == 400
    assert "firma" in response.json()["third_party_type"][0]


def test_patch_partner(api, staf):
    created = (
        api(staf)
        .post(
            "/api/partners/",
            {"name": "Gemeente Arnhem", "partner_type": "pemda_luar_negeri", "country_code": "nl"},
            format="json",
        )
        .json()
    )
    assert created["country_code"] == "NL"
    response = api(staf).patch(
        f"/api/partners/{created['id']}/",
        {"contact_name": "Afdeling Internationaal"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["contact_name"] == "Afdeling Internationaal"


def test_sekda_reads_but_cannot_create(api, sekda):
    assert api(sekda).get("/api/partners/").status_code == 200
    response = api(sekda).post(
        "/api/partners/",
        {"name": "X", "partner_type": "daerah", "region_code": "35.79"},
        format="json",
    )
    assert response.status_code == 403


def test_dprd_cannot_list_partners(api, dprd_user):
    assert api(dprd_user).get("/api/partners/").status_code == 403


def test_partner_form_shows_errors_next_to_field(client, staf):
    client.force_login(staf)
    response = client.post("/mitra/baru/", {"name": "Tanpa daerah", "partner_type": "daerah"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "wajib memiliki kode daerah" in html
    assert not Partner.objects.exists()
    ok = client.post(
        "/mitra/baru/", {"name": "Kota Batu", "partner_type": "daerah", "region_code": "35.79"}
    )
    assert ok.status_code == 302
    assert Partner.objects.get().region_id == "35.79"


def test_region_is_kept_only_for_daerah_partners(api, staf):
    response = api(staf).post(
        "/api/partners/",
        {
            "name": "PT Tirta",
            "partner_type": "pihak_ketiga",
            "third_party_type": "bumd",
            "region_code": "35.07",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["region_code"] is None
    assert Partner.objects.get().region_id is None
