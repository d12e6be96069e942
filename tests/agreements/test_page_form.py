"""Creating and editing an agreement through its form."""

from __future__ import annotations

import datetime as dt

import pytest

from agreements import services
from agreements.choices import Kind, Stage
from agreements.models import Agreement, StageHistory
from tests.agreements.pages import detail_url, page_html
from tests.factories import make_agreement, partner_for

pytestmark = pytest.mark.django_db

# --------------------------------------------------------------------------- create


def _form_data(partner, **extra) -> dict:
    data = {
        "title": "Pengelolaan sampah regional",
        "kind": "KSDD",
        "partners": [partner.pk],
        "urusan": ["2.11"],
        "bidang": "lingkungan",
        "value_idr": "150000000",
        "budgeted_in_apbd": "on",
        "facilitated_on": "2026-03-02",
        "start_date": "",
        "end_date": "",
    }
    data.update(extra)
    return data


def test_create_form_defaults_and_date_inputs(client, staf):
    client.force_login(staf)
    response = client.get("/kerja-sama/baru/")
    html = page_html(response)
    assert response.status_code == 200
    assert 'type="date"' in html
    assert dt.date.today().isoformat() in html  # facilitated_on defaults to today
    assert 'for="id_title"' in html


def test_staf_creates_agreement(client, staf):
    partner = partner_for(Kind.KSDD, name="Kabupaten Pasuruan")
    client.force_login(staf)
    response = client.post("/kerja-sama/baru/", _form_data(partner))
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(agreement)
    assert agreement.stage == Stage.PERSIAPAN
    assert agreement.number == "KS/2026/0001"
    assert agreement.value_idr == 150_000_000
    assert list(agreement.urusan.values_list("code", flat=True)) == ["2.11"]
    assert agreement.dprd_required is False
    assert agreement.created_by == staf
    page = client.get(response["Location"])
    assert "telah didaftarkan" in page_html(page)


def test_create_with_wrong_partner_type_shows_message_and_saves_nothing(client, staf):
    foreign = partner_for(Kind.KSDPL, name="Gemeente Arnhem")
    client.force_login(staf)
    response = client.post("/kerja-sama/baru/", _form_data(foreign))
    html = page_html(response)
    assert response.status_code == 400
    assert "hanya dapat bermitra dengan" in html
    assert "Gemeente Arnhem" in html
    assert "invalid-feedback" in html
    assert not Agreement.objects.exists()
    assert not StageHistory.objects.exists()


def test_create_with_bad_input_is_400_not_500(client, staf):
    partner = partner_for(Kind.KSDD)
    client.force_login(staf)
    response = client.post(
        "/kerja-sama/baru/",
        _form_data(
            partner, title="", value_idr="banyak", start_date="2026-05-01",
            end_date="2026-04-01", facilitated_on="bukan-tanggal", partners=["x"],
        ),
    )  # fmt: skip
    assert response.status_code == 400
    assert not Agreement.objects.exists()
    response = client.post(
        "/kerja-sama/baru/", _form_data(partner, start_date="2026-05-01", end_date="2026-04-01")
    )
    assert response.status_code == 400
    assert "tidak boleh sebelum tanggal mulai" in page_html(response)
    assert not Agreement.objects.exists()


# --------------------------------------------------------------------------- edit


def test_edit_saves_and_records_field_change(client, staf):
    agreement = make_agreement(title="Judul lama")
    client.force_login(staf)
    page = client.get(f"/kerja-sama/{agreement.pk}/ubah/")
    assert page.status_code == 200
    assert f'name="version" value="{agreement.version}"' in page_html(page)
    data = _form_data(agreement.partners.get(), title="Judul baru", version=agreement.version)
    response = client.post(f"/kerja-sama/{agreement.pk}/ubah/", data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Judul baru"
    detail = page_html(client.get(detail_url(agreement)))
    assert "Data diubah" in detail
    assert "Judul baru" in detail


def test_edit_with_stale_version_is_409_and_keeps_input(client, staf):
    agreement = make_agreement(title="Judul awal")
    old_version = agreement.version
    services.agreement_update(agreement_id=agreement.pk, user=staf, title="Diubah rekan")
    client.force_login(staf)
    data = _form_data(
        agreement.partners.get(), title="Isian saya yang panjang", version=old_version
    )
    response = client.post(f"/kerja-sama/{agreement.pk}/ubah/", data)
    html = page_html(response)
    assert response.status_code == 409
    assert "telah diubah oleh pengguna lain" in html
    assert 'value="Isian saya yang panjang"' in html  # nothing the user typed is lost
    agreement.refresh_from_db()
    assert agreement.title == "Diubah rekan"
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert f'name="version" value="{agreement.version}"' in html
