"""Who may open the staff pages of agreements (login, roles, DPRD's narrower view)."""

from __future__ import annotations

import datetime as dt

import pytest

from agreements.choices import Kind, Stage
from agreements.models import Agreement
from tests.agreements.pages import detail_url, page_html
from tests.factories import make_agreement, partner_for

pytestmark = pytest.mark.django_db

# --------------------------------------------------------------------------- access


@pytest.mark.parametrize(
    "url",
    ["/kerja-sama/", "/kerja-sama/baru/", "/kerja-sama/ekspor.csv", "/kerja-sama/ekspor.xlsx"],
)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anonymous_detail_is_sent_to_login(client, staf):
    agreement = make_agreement(user=staf)
    response = client.get(detail_url(agreement))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_user_without_role_gets_403(client, nobody):
    agreement = make_agreement()
    client.force_login(nobody)
    assert client.get("/kerja-sama/").status_code == 403
    assert client.get(detail_url(agreement)).status_code == 403


@pytest.mark.parametrize("who", ["sekda", "dprd_user"])
def test_only_staf_may_create_or_edit(client, request, who):
    user = request.getfixturevalue(who)
    agreement = make_agreement(burdens_public=True)  # visible to DPRD as well
    client.force_login(user)
    assert client.get("/kerja-sama/baru/").status_code == 403
    partner = partner_for(Kind.KSDD)
    response = client.post(
        "/kerja-sama/baru/",
        {
            "title": "Tidak boleh",
            "kind": "KSDD",
            "partners": [partner.pk],
            "facilitated_on": "2026-03-02",
        },
    )
    assert response.status_code == 403
    assert client.get(f"/kerja-sama/{agreement.pk}/ubah/").status_code == 403
    response = client.post(
        f"/kerja-sama/{agreement.pk}/tahapan/", {"to": "penawaran", "date": "2026-03-03"}
    )
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.stage == Stage.PERSIAPAN
    assert Agreement.objects.count() == 1


def test_sekda_sees_detail_read_only(client, sekda, staf):
    agreement = make_agreement(user=staf, end_date=dt.date(2027, 3, 1))
    client.force_login(sekda)
    response = client.get(detail_url(agreement))
    html = page_html(response)
    assert response.status_code == 200
    assert agreement.number in html
    assert "<form" not in html.split('id="konten"')[1]  # no forms in the page body
    assert "Lanjut ke:" not in html
    assert "Ubah data" not in html
    assert "Lanjutkan / perbarui" not in html
    steps = html.split('id="judul-langkah"')[1].split("</section>")[0]
    assert "Penawaran" in steps  # the next step is still shown, as text


def test_dprd_sees_only_agreements_needing_dprd(client, dprd_user):
    needs = make_agreement(title="Perlu DPRD", burdens_public=True)
    plain = make_agreement(title="Tanpa DPRD", budgeted_in_apbd=True)
    assert needs.dprd_required
    assert not plain.dprd_required
    client.force_login(dprd_user)
    html = page_html(client.get("/kerja-sama/"))
    assert "Perlu DPRD" in html
    assert "Tanpa DPRD" not in html
    assert client.get(detail_url(plain)).status_code == 404
    response = client.get(detail_url(needs))
    assert response.status_code == 200
    assert "<form" not in page_html(response).split('id="konten"')[1]
