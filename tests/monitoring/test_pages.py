"""Pages: /, /monev/, Tabel 2.1, targets, evaluations; permissions and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from agreements.choices import Kind, Stage
from agreements.models import Agreement, Naskah
from monitoring import demo as monitoring_demo
from monitoring.models import Evaluation, Target
from tests.factories import make_agreement, partner_for


def bulk_agreements(n: int, start: int = 0) -> None:
    """n agreements in various kinds and stages, with naskah, fast (bulk_create)."""
    today = timezone.localdate()
    kinds = [Kind.KSDD, Kind.KSDPK, Kind.KSDPL, Kind.KSDLL]
    stages = [Stage.PERSIAPAN, Stage.PERSETUJUAN_DPRD, Stage.PELAKSANAAN, Stage.PRAKARSA]
    agreements = Agreement.objects.bulk_create(
        Agreement(
            number=f"KS/2099/{start + i:05d}",
            title=f"Kerja sama massal {start + i}",
            kind=kinds[i % 4],
            stage=stages[i % 4],
            facilitated_on=dt.date(today.year, 1 + i % 12, 1),
            end_date=today + dt.timedelta(days=10 + i % 60),
            dprd_required=True,
            # The stored, derived DPRD state that the services keep (bulk_create bypasses them).
            dprd_status="menunggu" if stages[i % 4] == Stage.PERSETUJUAN_DPRD else "belum_diajukan",
            dprd_deadline=today - dt.timedelta(days=1) if i % 2 else None,
        )
        for i in range(n)
    )
    partner = partner_for(Kind.KSDD)
    Agreement.partners.through.objects.bulk_create(
        Agreement.partners.through(agreement_id=a.pk, partner_id=partner.pk) for a in agreements
    )
    Naskah.objects.bulk_create(
        Naskah(agreement=a, naskah_type="kb", signed_on=dt.date(today.year, 1 + i % 12, 2))
        for i, a in enumerate(agreements)
        if i % 3
    )


# --------------------------------------------------------------------------- permissions


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/monev/", "/monev/renja/2018/", "/monev/target/", "/monev/evaluasi/"],
)
def test_dprd_and_roleless_users_get_403_on_monev_pages(client, dprd_user, nobody, url):
    for user in (dprd_user, nobody):
        client.force_login(user)
        assert client.get(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/monitoring/kpi/?year=2019",
        "/api/monitoring/renja/?year=2018",
        "/api/monitoring/targets/",
        "/api/monitoring/realisations/",
        "/api/monitoring/evaluations/",
    ],
)
def test_dprd_gets_403_on_monitoring_apis(api, dprd_user, url):
    assert api(dprd_user).get(url).status_code == 403
    assert api(None).get(url).status_code == 401


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/monev/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staf", "sekda"])
def test_staf_and_sekda_see_the_dashboard(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/monev/")
    assert response.status_code == 200
    assert 'role="img"' in response.content.decode()


# --------------------------------------------------------------------------- dashboard


@pytest.mark.django_db
def test_dashboard_shows_kpi_against_target(client, sekda, staf):
    monitoring_demo.load_demo()  # seed 004's targets and budgets
    year = 2019
    for i in range(5):
        agreement = make_agreement(kind=Kind.KSDD, facilitated_on=dt.date(year, 2, 1 + i))
        if i < 3:
            agreement_services.naskah_create(
                agreement_id=agreement.pk,
                naskah_type="kb",
                signed_on=dt.date(year, 3, 1),
                user=staf,
            )
    client.force_login(sekda)
    html = client.get("/monev/", {"tahun": year}).content.decode()
    assert "60%" in html  # 3/5
    assert "Belum tercapai" in html  # target 80%
    assert "Rp 405.282.000" in html  # budget 2019, antar daerah
    assert "Rp 624.558.000" in html  # programme total 2019
    assert "Naskah KB dan PKS ditandatangani per bulan, 2019" in html


@pytest.mark.django_db
def test_dashboard_lists_overdue_dprd_and_expiring(client, sekda):
    bulk_agreements(8)
    client.force_login(sekda)
    html = client.get("/monev/").content.decode()
    assert "Lewat batas" in html
    assert "Berakhir dalam 90 hari dari hari ini (8)" in html
    assert "Menunggu keputusan DPRD (2)" in html


@pytest.mark.django_db
def test_dashboard_query_count_constant(client, sekda, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bulk_agreements(5)
    client.force_login(sekda)
    client.get("/monev/")  # warm up session and role caches
    with CaptureQueriesContext(connection) as small:
        assert client.get("/monev/").status_code == 200
    bulk_agreements(495, start=5)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/monev/").status_code == 200
    assert len(large) == len(small)


@pytest.mark.django_db
def test_home_query_count_constant(client, staf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bulk_agreements(5)
    Agreement.objects.update(owner=staf)
    client.force_login(staf)
    client.get("/")
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    bulk_agreements(200, start=5)
    Agreement.objects.update(owner=staf)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/").status_code == 200
    assert len(large) == len(small)


@pytest.mark.django_db
def test_bad_year_in_dashboard_falls_back_to_this_year(client, sekda):
    client.force_login(sekda)
    response = client.get("/monev/", {"tahun": "abc"})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


# --------------------------------------------------------------------------- home


@pytest.mark.django_db
def test_home_by_role(client, staf, sekda, dprd_user):
    mine = make_agreement(user=staf, title="Pengelolaan sampah bersama Pasuruan")
    client.force_login(staf)
    html = client.get("/").content.decode()
    assert "Beranda · Staf Kerja Sama" in html
    assert "Pengelolaan sampah bersama Pasuruan" in html
    assert f"/kerja-sama/{mine.pk}/" in html

    client.force_login(sekda)
    html = client.get("/").content.decode()
    assert "Beranda · Sekretaris Daerah" in html
    assert 'data-testid="kpi-iku"' in html
    assert reverse("monitoring:dashboard") in html

    client.force_login(dprd_user)
    html = client.get("/").content.decode()
    assert "Beranda · Anggota DPRD" in html
    assert 'href="/dprd/"' in html
    assert 'data-testid="kpi-iku"' not in html


# --------------------------------------------------------------------------- Tabel 2.1 page


@pytest.mark.django_db
def test_renja_page_reproduces_seed_rounding(client, sekda):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(sekda)
    response = client.get(reverse("monitoring:renja", args=[2018]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("138%", "104%", "49%", "43%", "114%", "88 KS/PKS", "73 KS/PKS", "180 KS/PKS"):
        assert text in html, text
    assert "rata-rata kegiatan" in html
    assert "s.d. tahun 2016" in html


# --------------------------------------------------------------------------- targets page


@pytest.mark.django_db
def test_staf_sets_target_and_duplicate_is_refused(client, staf):
    client.force_login(staf)
    data = {"indicator": "iku", "year": 2027, "period": "tahunan", "target": "80"}
    response = client.post("/monev/target/", data)
    assert response.status_code == 302
    assert Target.objects.get(indicator="iku", year=2027).target == 80
    response = client.post("/monev/target/", {**data, "target": "85"})
    assert response.status_code == 400
    assert "sudah ada" in response.content.decode()
    assert Target.objects.get(indicator="iku", year=2027).target == 80
    response = client.post("/monev/target/", {**data, "target": "85", "replace": "on"})
    assert response.status_code == 302
    assert Target.objects.get(indicator="iku", year=2027).target == 85


@pytest.mark.django_db
def test_sekda_reads_targets_but_cannot_post(client, sekda):
    client.force_login(sekda)
    assert client.get("/monev/target/").status_code == 200
    response = client.post("/monev/target/", {"indicator": "iku", "year": 2027, "target": "80"})
    assert response.status_code == 403
    assert not Target.objects.exists()


# --------------------------------------------------------------------------- evaluations


@pytest.mark.django_db
def test_evaluation_form_creates_and_lists(client, staf):
    agreement = make_agreement(user=staf)
    client.force_login(staf)
    url = reverse("monitoring:evaluation_create", args=[agreement.pk])
    assert client.get(url).status_code == 200
    data = {
        "evaluated_on": "2026-11-20",
        "period_year": 2026,
        "relevansi": 4,
        "efektivitas": 3,
        "efisiensi": 3,
        "dampak": 2,
        "keberlanjutan": 3,
        "dampak_note": "Belum maksimal",
        "aspect_pembelajaran": "Koordinasi lintas OPD perlu SOP",
        "obstacles": "Ego kedaerahan",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.aspects == {"pembelajaran": "Koordinasi lintas OPD perlu SOP"}
    assert evaluation.evaluator == staf
    html = client.get(response["Location"]).content.decode()
    assert "Ego kedaerahan" in html
    assert "Koordinasi lintas OPD perlu SOP" in html


@pytest.mark.django_db
def test_evaluation_form_rejects_bad_score(client, staf):
    agreement = make_agreement(user=staf)
    client.force_login(staf)
    url = reverse("monitoring:evaluation_create", args=[agreement.pk])
    response = client.post(url, {"evaluated_on": "2026-11-20", "period_year": 2026, "relevansi": 9})
    assert response.status_code == 400
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_sekda_cannot_open_evaluation_form(client, sekda, staf):
    agreement = make_agreement(user=staf)
    client.force_login(sekda)
    url = reverse("monitoring:evaluation_create", args=[agreement.pk])
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_evaluation_list_empty_state(client, sekda):
    client.force_login(sekda)
    html = client.get("/monev/evaluasi/").content.decode()
    assert "Belum ada evaluasi" in html
