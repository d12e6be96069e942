"""IKU (DOMAIN.md section 8): cohort rule, groups, status, no data."""

from __future__ import annotations

import datetime as dt

import pytest

from agreements import services as agreement_services
from agreements.choices import Kind
from monitoring import selectors, services
from monitoring.models import Indicator
from tests.factories import make_agreement

D = dt.date


def sign(agreement, naskah_type: str, signed_on: dt.date, user=None):
    return agreement_services.naskah_create(
        agreement_id=agreement.pk, naskah_type=naskah_type, signed_on=signed_on, user=user
    )


@pytest.fixture
def kpi_2019(staf):
    """6 KSDD (5 signed by 31-12-2019), 4 others (3 signed): 8/10 overall (DOMAIN.md example)."""
    services.target_set(indicator=Indicator.IKU, year=2019, target="80", user=staf)
    ksdd = [make_agreement(kind=Kind.KSDD, facilitated_on=D(2019, 2, 1 + i)) for i in range(6)]
    others = [
        make_agreement(kind=kind, facilitated_on=D(2019, 3, 1))
        for kind in (Kind.KSDPK, Kind.KSDPL, Kind.KSDLL, Kind.KSDPK)
    ]
    for i, agreement in enumerate(ksdd[:5]):
        sign(agreement, "kb", D(2019, 4, 1 + i), staf)
    sign(ksdd[0], "pks", D(2019, 9, 1), staf)  # a second document: the agreement counts once
    for agreement in others[:3]:
        sign(agreement, "pks", D(2019, 11, 30), staf)
    # Signed only in 2020: counts in the 2020 output, not in the 2019 IKU.
    sign(ksdd[5], "pks", D(2020, 1, 5), staf)
    # A rencana kerja sama is not a signed KB/PKS.
    sign(others[3], "rencana_kerja_sama", D(2019, 6, 1), staf)
    # Facilitated in another year: not in the 2019 cohort.
    sign(make_agreement(kind=Kind.KSDD, facilitated_on=D(2018, 12, 31)), "kb", D(2019, 1, 3))
    return ksdd, others


@pytest.mark.django_db
def test_kpi_eight_of_ten_is_eighty_percent_and_tercapai(kpi_2019):
    kpi = selectors.kpi_year(year=2019)
    assert kpi["year"] == 2019
    assert kpi["fasilitasi"] == 10
    assert kpi["naskah"] == 8
    assert kpi["iku_percent"] == pytest.approx(80.0)
    assert kpi["target_percent"] == 80
    assert kpi["status"] == "tercapai"
    ad = kpi["by_group"]["antar_daerah"]
    assert (ad["fasilitasi"], ad["naskah"]) == (6, 5)
    assert ad["iku_percent"] == pytest.approx(500 / 6)
    assert ad["status"] == "tercapai"
    ln = kpi["by_group"]["antar_lembaga_luar_negeri"]
    assert (ln["fasilitasi"], ln["naskah"]) == (4, 3)
    assert ln["iku_percent"] == pytest.approx(75.0)
    assert ln["status"] == "belum_tercapai"


@pytest.mark.django_db
def test_pks_signed_next_january_counts_in_next_years_output_not_this_iku(kpi_2019):
    assert selectors.kpi_year(year=2019)["naskah"] == 8
    assert selectors.outputs_year(year=2020) == {"antar_daerah": 1, "antar_lembaga_luar_negeri": 0}
    # 2019 outputs: 5 KB + 1 PKS (KSDD) + the 2018 cohort's KB, 3 PKS for the others.
    assert selectors.outputs_year(year=2019) == {"antar_daerah": 7, "antar_lembaga_luar_negeri": 3}
    # The 2019 cohort seen from 2020 (signed by 31-12-2020) is not what the 2019 IKU reports.
    months = selectors.naskah_per_month(year=2020)
    assert months[0] == {"month": 1, "count": 1}
    assert sum(m["count"] for m in months) == 1


@pytest.mark.django_db
def test_kpi_single_aggregate_query(kpi_2019, django_assert_num_queries):
    with django_assert_num_queries(1):  # the year's summary rows, each with the IKU target
        kpi = selectors.kpi_year(year=2019)
    assert kpi["target_percent"] == pytest.approx(80.0)


@pytest.mark.django_db
def test_kpi_of_a_year_without_agreements_still_shows_its_target(
    kpi_2019, django_assert_num_queries
):
    from monitoring.models import Target

    Target.objects.create(indicator="iku", year=2031, period="tahunan", target=85)
    with django_assert_num_queries(2):  # no summary rows: the target read alone
        kpi = selectors.kpi_year(year=2031)
    assert kpi["status"] == "tanpa_data"
    assert kpi["target_percent"] == pytest.approx(85.0)


@pytest.mark.django_db
def test_kpi_without_target_is_tanpa_target(staf):
    sign(make_agreement(facilitated_on=D(2021, 5, 5)), "kb", D(2021, 6, 1), staf)
    kpi = selectors.kpi_year(year=2021)
    assert kpi["iku_percent"] == pytest.approx(100.0)
    assert kpi["target_percent"] is None
    assert kpi["status"] == "tanpa_target"


@pytest.mark.django_db
def test_kpi_without_facilitation_is_null_not_error(api, sekda):
    response = api(sekda).get("/api/monitoring/kpi/", {"year": 2030})
    assert response.status_code == 200
    body = response.json()
    assert body["fasilitasi"] == 0
    assert body["naskah"] == 0
    assert body["iku_percent"] is None
    assert body["status"] == "tanpa_data"
    assert body["by_group"]["antar_daerah"]["iku_percent"] is None


@pytest.mark.django_db
def test_kpi_api_shape(api, sekda, kpi_2019):
    body = api(sekda).get("/api/monitoring/kpi/?year=2019").json()
    assert set(body) == {
        "year", "fasilitasi", "naskah", "iku_percent", "target_percent", "status", "by_group",
    }  # fmt: skip
    assert set(body["by_group"]) == {"antar_daerah", "antar_lembaga_luar_negeri"}
    assert set(body["by_group"]["antar_daerah"]) == {
        "fasilitasi", "naskah", "iku_percent", "target_percent", "status",
    }  # fmt: skip
    assert body["iku_percent"] == pytest.approx(80.0)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?year=", "?year=abc", "?year=19", "?year=99999"])
def test_kpi_api_year_required(api, sekda, query):
    response = api(sekda).get(f"/api/monitoring/kpi/{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "tahun" in body["detail"].lower()
    assert "year" in body


@pytest.mark.django_db
def test_kpi_by_urusan_counts_per_urusan(staf):
    a = make_agreement(facilitated_on=D(2019, 1, 10), urusan=["1.01", "2.11"])
    b = make_agreement(facilitated_on=D(2019, 2, 10), urusan=["2.11"])
    make_agreement(facilitated_on=D(2019, 2, 10))  # no urusan: not listed
    sign(a, "kb", D(2019, 3, 1), staf)
    sign(b, "kb", D(2020, 3, 1), staf)
    rows = {row["code"]: row for row in selectors.kpi_by_urusan(year=2019)}
    assert set(rows) == {"1.01", "2.11"}
    assert (rows["1.01"]["fasilitasi"], rows["1.01"]["naskah"]) == (1, 1)
    assert (rows["2.11"]["fasilitasi"], rows["2.11"]["naskah"]) == (2, 1)
    assert rows["2.11"]["iku_percent"] == pytest.approx(50.0)
