"""GET|POST /api/agreements/, GET|PATCH /api/agreements/{id}/ (API.md "Agreements")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from agreements.models import Agreement, FieldChange, StageHistory
from tests.factories import make_agreement, partner_for

pytestmark = pytest.mark.django_db
URL = "/api/agreements/"


def payload(**overrides) -> dict:
    data = {
        "title": "Pengelolaan sampah regional TPA Talangagung",
        "kind": "KSDD",
        "partners": [partner_for("KSDD", name="Pemerintah Kabupaten Pasuruan").pk],
        "urusan": ["2.11"],
        "bidang": "lingkungan",
        "value_idr": 1_250_000_000,
        "burdens_public": False,
        "budgeted_in_apbd": True,
        "facilitated_on": "2026-03-02",
        "start_date": "2026-04-01",
        "end_date": "2031-03-31",
    }
    data.update(overrides)
    return data


def test_create_assigns_number_first_stage_and_history(api, staf):
    response = api(staf).post(URL, payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "KS/2026/0001"
    assert body["stage"] == "persiapan"
    assert body["status"] == "aktif"
    assert body["dprd_required"] is False
    assert body["dprd_deadline"] is None
    assert body["allowed_transitions"] == ["penawaran", "dibatalkan"]
    assert body["urusan"] == ["2.11"]
    assert body["version"] == 1
    agreement = Agreement.objects.get(pk=body["id"])
    assert agreement.created_by == staf
    assert StageHistory.objects.filter(agreement=agreement, to_stage="persiapan").count() == 1
    second = api(staf).post(URL, payload(title="Kedua"), format="json").json()
    assert second["number"] == "KS/2026/0002"


def test_create_defaults_facilitated_on_to_today(api, staf):
    data = payload()
    del data["facilitated_on"]
    body = api(staf).post(URL, data, format="json").json()
    today = timezone.localdate()
    assert body["facilitated_on"] == today.isoformat()
    assert body["number"].startswith(f"KS/{today.year}/")


@pytest.mark.parametrize(
    ("burdens", "budgeted", "required"),
    [(False, True, False), (True, True, True), (False, False, True), (True, False, True)],
)
def test_dprd_required_is_derived_for_ksdd(api, staf, burdens, budgeted, required):
    body = (
        api(staf)
        .post(URL, payload(burdens_public=burdens, budgeted_in_apbd=budgeted), format="json")
        .json()
    )
    assert body["dprd_required"] is required


def test_dprd_required_always_for_foreign_kinds(api, staf):
    partner = partner_for("KSDPL", name="Gemeente Arnhem")
    body = (
        api(staf)
        .post(
            URL, payload(kind="KSDPL", partners=[partner.pk], burdens_public=False), format="json"
        )
        .json()
    )
    assert body["dprd_required"] is True
    assert body["stage"] == "prakarsa"


@pytest.mark.parametrize(
    ("kind", "partner_kind"),
    [("KSDD", "KSDPK"), ("KSDPK", "KSDD"), ("KSDPL", "KSDLL"), ("KSDLL", "KSDPL")],
)
def test_kind_and_partner_type_must_match(api, staf, kind, partner_kind):
    partner = partner_for(partner_kind)
    response = api(staf).post(URL, payload(kind=kind, partners=[partner.pk]), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "hanya dapat bermitra" in body["partners"][0]
    assert not Agreement.objects.exists()
    assert not StageHistory.objects.exists()


def test_end_before_start_is_400(api, staf):
    response = api(staf).post(
        URL, payload(start_date="2026-05-01", end_date="2026-04-30"), format="json"
    )
    assert response.status_code == 400
    assert "tidak boleh sebelum" in response.json()["end_date"][0]
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("value_idr", "banyak", "bilangan bulat"),
        ("value_idr", -5, "kurang dari"),
        ("value_idr", 10**30, "lebih dari"),
        ("kind", "KSXX", "bukan jenis kerja sama"),
        ("facilitated_on", "02-03-2026", "YYYY-MM-DD"),
        ("partners", [], "tidak boleh kosong"),
        ("partners", [2**40], "lebih dari"),
        ("partners", [999999], "tidak ditemukan"),
        ("urusan", ["9.99"], "tidak dikenal"),
        ("bidang", "olahraga", "bukan pilihan"),
        ("title", "", "Tidak boleh kosong"),
        ("burdens_public", "mungkin", "benar/salah"),
    ],
)
def test_bad_input_is_400_in_indonesian(api, staf, field, value, fragment):
    response = api(staf).post(URL, payload(**{field: value}), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert fragment in str(body[field])
    assert not Agreement.objects.exists()


def test_missing_required_fields(api, staf):
    response = api(staf).post(URL, {}, format="json")
    assert response.status_code == 400
    body = response.json()
    for field in ("title", "kind", "partners"):
        assert body[field] == ["Wajib diisi."]


def test_malformed_json_is_400(api, staf):
    response = api(staf).post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


# --------------------------------------------------------------------------- PATCH


def test_patch_updates_bumps_version_and_logs_fields(api, staf):
    agreement = make_agreement(value_idr=100)
    response = api(staf).patch(
        f"{URL}{agreement.pk}/",
        {"version": 1, "value_idr": 200, "title": "Judul baru", "urusan": ["2.11", "1.03"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["version"] == 2
    assert body["value_idr"] == 200
    assert sorted(body["urusan"]) == ["1.03", "2.11"]
    changes = {c.field: (c.old_value, c.new_value) for c in FieldChange.objects.all()}
    assert changes["value_idr"] == ("100", "200")
    assert changes["title"][1] == "Judul baru"
    assert changes["urusan"] == ("", "1.03,2.11")


def test_patch_with_stale_version_is_409_and_changes_nothing(api, staf):
    agreement = make_agreement(title="Asli")
    client = api(staf)
    assert (
        client.patch(
            f"{URL}{agreement.pk}/", {"version": 1, "title": "Satu"}, format="json"
        ).status_code
        == 200
    )
    response = client.patch(
        f"{URL}{agreement.pk}/", {"version": 1, "title": "Dua", "value_idr": 5}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    agreement.refresh_from_db()
    assert agreement.title == "Satu"
    assert agreement.value_idr is None
    assert agreement.version == 2
    assert FieldChange.objects.filter(agreement=agreement).count() == 1


def test_patch_end_date_before_stored_start_is_400(api, staf):
    agreement = make_agreement(start_date=dt.date(2026, 4, 1), end_date=dt.date(2027, 4, 1))
    response = api(staf).patch(f"{URL}{agreement.pk}/", {"end_date": "2026-01-01"}, format="json")
    assert response.status_code == 400
    agreement.refresh_from_db()
    assert agreement.end_date == dt.date(2027, 4, 1)
    assert agreement.version == 1


def test_patch_partner_of_wrong_type_is_400(api, staf):
    agreement = make_agreement()
    wrong = partner_for("KSDPK")
    response = api(staf).patch(f"{URL}{agreement.pk}/", {"partners": [wrong.pk]}, format="json")
    assert response.status_code == 400
    assert list(agreement.partners.all()) != [wrong]


def test_patch_burdens_public_turns_dprd_required_on(api, staf):
    agreement = make_agreement()
    body = api(staf).patch(f"{URL}{agreement.pk}/", {"burdens_public": True}, format="json").json()
    assert body["dprd_required"] is True


def test_put_is_not_allowed(api, staf):
    agreement = make_agreement()
    response = api(staf).put(f"{URL}{agreement.pk}/", payload(), format="json")
    assert response.status_code == 405


# --------------------------------------------------------------------------- permissions


def test_anonymous_gets_401(api):
    assert api().get(URL).status_code == 401
    assert api().post(URL, payload(), format="json").status_code == 401


def test_user_without_role_gets_403(api, nobody):
    assert api(nobody).get(URL).status_code == 403


@pytest.mark.parametrize("reader", ["sekda", "superuser"])
def test_readers_see_everything(api, request, reader):
    make_agreement()
    make_agreement(burdens_public=True)
    user = request.getfixturevalue(reader)
    assert len(api(user).get(URL).json()["results"]) == 2


def test_sekda_cannot_write(api, sekda):
    agreement = make_agreement()
    assert api(sekda).post(URL, payload(), format="json").status_code == 403
    response = api(sekda).patch(f"{URL}{agreement.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 403
    assert not Agreement.objects.filter(title="x").exists()


def test_superuser_can_write(api, superuser):
    assert api(superuser).post(URL, payload(), format="json").status_code == 201


def test_dprd_reads_only_agreements_needing_approval(api, dprd_user):
    hidden = make_agreement(title="Tanpa DPRD")
    shown = make_agreement(title="Perlu DPRD", burdens_public=True)
    client = api(dprd_user)
    results = client.get(URL).json()["results"]
    assert [r["id"] for r in results] == [shown.pk]
    assert client.get(f"{URL}{shown.pk}/").status_code == 200
    assert client.get(f"{URL}{hidden.pk}/").status_code == 404


def test_dprd_never_writes(api, dprd_user):
    shown = make_agreement(burdens_public=True)
    client = api(dprd_user)
    assert client.post(URL, payload(), format="json").status_code == 403
    assert client.patch(f"{URL}{shown.pk}/", {"title": "x"}, format="json").status_code == 403
    response = client.post(f"{URL}{shown.pk}/transitions/", {"to": "penawaran"}, format="json")
    assert response.status_code == 403
    assert client.post(f"{URL}{shown.pk}/naskah/", {}, format="json").status_code == 403
    shown.refresh_from_db()
    assert shown.stage == "persiapan"
    assert shown.version == 1


# --------------------------------------------------------------------------- filters, pages


@pytest.fixture
def catalogue(staf):
    pasuruan = partner_for("KSDD", name="Pemerintah Kabupaten Pasuruan")
    batu = partner_for("KSDD", name="Pemerintah Kota Batu")
    today = timezone.localdate()
    return {
        "tpa": make_agreement(
            title="TPA regional",
            partners=[pasuruan],
            urusan=["2.11"],
            facilitated_on=dt.date(2019, 2, 1),
            end_date=today + dt.timedelta(days=30),
        ),
        "wisata": make_agreement(
            title="Promosi wisata",
            partners=[batu],
            urusan=["3.26"],
            facilitated_on=dt.date(2025, 5, 5),
            end_date=today + dt.timedelta(days=200),
        ),
        "air": make_agreement(
            kind="KSDPK",
            title="Air minum",
            urusan=["1.03", "2.11"],
            facilitated_on=dt.date(2026, 1, 10),
        ),
        "pasuruan": pasuruan,
    }


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(r["id"] for r in response.json()["results"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=KSDPK", ["air"]),
        ("stage=persiapan", ["tpa", "wisata", "air"]),
        ("stage=persiapan&kind=KSDD", ["tpa", "wisata"]),
        ("status=selesai", []),
        ("urusan=2.11", ["tpa", "air"]),
        ("year=2019", ["tpa"]),
        ("year=2026", ["air"]),
        ("search=wisata", ["wisata"]),
        ("search=KS/2025/", ["wisata"]),
        ("search=pasuruan", ["tpa"]),
        ("expiring_within_days=90", ["tpa"]),
        ("expiring_within_days=365", ["tpa", "wisata"]),
    ],
)
def test_filters(api, staf, catalogue, query, expected):
    result = ids(api(staf).get(f"{URL}?{query}"))
    assert result == sorted(catalogue[name].pk for name in expected)


def test_partner_filter(api, staf, catalogue):
    response = api(staf).get(f"{URL}?partner={catalogue['pasuruan'].pk}")
    assert ids(response) == [catalogue["tpa"].pk]


@pytest.mark.parametrize(
    "query", ["kind=XX", "year=abc", "expiring_within_days=-1", "partner=abc", "stage=bulan"]
)
def test_bad_filters_are_400(api, staf, query):
    response = api(staf).get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_cursor_pagination_and_page_size(api, staf):
    for i in range(5):
        make_agreement(title=f"KS {i}")
    client = api(staf)
    first = client.get(f"{URL}?page_size=2").json()
    assert len(first["results"]) == 2
    assert first["previous"] is None
    seen = [r["id"] for r in first["results"]]
    page = first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [r["id"] for r in page["results"]]
    assert seen == sorted(seen, reverse=True)
    assert len(set(seen)) == 5


def test_list_query_count_is_constant(
    api, staf, django_assert_num_queries, django_assert_max_num_queries
):
    client = api(staf)
    make_agreement(burdens_public=True)
    client.get(URL)  # warm up: token, content types
    with django_assert_max_num_queries(8) as first:
        assert len(client.get(URL).json()["results"]) == 1
    for i in range(12):
        make_agreement(title=f"KS {i}", burdens_public=bool(i % 2), urusan=["2.11"])
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(client.get(URL).json()["results"]) == 13
