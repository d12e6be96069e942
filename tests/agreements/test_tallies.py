"""The IKU / Tabel 2.1 summaries (agreements.tallies) stay equal to the aggregates they replace."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q

from agreements import services, tallies
from agreements.choices import Kind
from agreements.models import Agreement, FacilitationTally, Naskah, SignedTally
from monitoring import selectors as monitoring
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db

D = dt.date
GROUPS = monitoring.GROUPS  # the KPI's groups (SINERGI counts with the institutions)


def _kpi_by_aggregate(year: int) -> dict:
    """The IKU counted from the rows, as kpi_year did before the summary (cohort rule)."""
    signed = Exists(
        Naskah.objects.filter(
            agreement=OuterRef("pk"), naskah_type__in=["kb", "pks"], signed_on__lte=D(year, 12, 31)
        )
    )
    aggregates = {"fasilitasi": Count("id"), "naskah": Count("id", filter=Q(signed=True))}
    for group, kinds in GROUPS.items():
        aggregates[f"{group}__f"] = Count("id", filter=Q(kind__in=kinds))
        aggregates[f"{group}__n"] = Count("id", filter=Q(kind__in=kinds, signed=True))
    return (
        Agreement.objects.filter(facilitated_on__year=year)
        .annotate(signed=signed)
        .aggregate(**aggregates)
    )


def _kpi_by_summary(year: int) -> dict:
    kpi = monitoring.kpi_year(year=year)
    counts = {"fasilitasi": kpi["fasilitasi"], "naskah": kpi["naskah"]}
    for group, block in kpi["by_group"].items():
        counts[f"{group}__f"] = block["fasilitasi"]
        counts[f"{group}__n"] = block["naskah"]
    return counts


def _outputs_by_aggregate(first: int, last: int) -> dict:
    rows = Naskah.objects.filter(
        naskah_type__in=["kb", "pks"], signed_on__year__gte=first, signed_on__year__lte=last
    )
    return {
        group: rows.filter(agreement__kind__in=kinds).count() for group, kinds in GROUPS.items()
    }


def _assert_exact() -> None:
    assert tallies.current() == tallies.expected()
    years = range(2014, 2024)
    for year in years:
        assert _kpi_by_summary(year) == _kpi_by_aggregate(year), year
    signed = monitoring._SIGNED.rows("signed", (2014, 2023))
    registry = monitoring._RegistryOutputs(2014, 2023, signed)
    for year in years:
        expected = _outputs_by_aggregate(year, year)
        for indicator, group in monitoring.OUTPUT_GROUP.items():
            assert registry.count(indicator, year) == expected[group], year


def test_services_keep_the_summaries_exact_through_random_changes(staf):
    rng = random.Random(17)
    kinds = list(Kind)
    agreements = []
    for i in range(24):
        agreements.append(
            make_agreement(
                kind=rng.choice(kinds),
                facilitated_on=D(rng.randint(2015, 2022), rng.randint(1, 12), rng.randint(1, 28)),
                title=f"Kerja sama acak {i}",
            )
        )
    _assert_exact()
    for _ in range(40):
        agreement = rng.choice(agreements)
        action = rng.random()
        if action < 0.6:
            services.naskah_create(
                agreement_id=agreement.pk,
                naskah_type=rng.choice(["kb", "pks", "kb", "rencana_kerja_sama"]),
                signed_on=D(rng.randint(2014, 2023), rng.randint(1, 12), 15),
                user=staf,
            )
        else:  # a corrected facilitation date moves the agreement to another cohort
            agreement.refresh_from_db()
            services.agreement_update(
                agreement_id=agreement.pk,
                user=staf,
                facilitated_on=D(rng.randint(2015, 2022), 6, 1),
                version=agreement.version,
            )
    _assert_exact()
    assert FacilitationTally.objects.exists()
    assert SignedTally.objects.exists()


def test_kpi_cohort_counts_the_first_signature_only(staf):
    agreement = make_agreement(kind=Kind.KSDPK, facilitated_on=D(2019, 3, 1))
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type="pks", signed_on=D(2020, 2, 1), user=staf
    )
    assert (monitoring.kpi_year(year=2019)["naskah"], monitoring.kpi_year(year=2020)["naskah"]) == (
        0,
        0,
    )
    # An earlier KB moves the agreement's first signature to 2019: now it counts in 2019.
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type="kb", signed_on=D(2019, 12, 31), user=staf
    )
    assert monitoring.kpi_year(year=2019)["naskah"] == 1
    assert tallies.current()[0] == {(2019, Kind.KSDPK, 2019): 1}
    assert tallies.current()[1] == {(2019, Kind.KSDPK): 1, (2020, Kind.KSDPK): 1}
    _assert_exact()


def test_a_refused_change_leaves_the_summaries_untouched(staf):
    agreement = make_agreement(kind=Kind.KSDD, facilitated_on=D(2020, 1, 10))
    before = tallies.current()
    with pytest.raises(ValidationError):
        services.naskah_create(
            agreement_id=agreement.pk, naskah_type="kb", signed_on=D(2020, 5, 1),
            valid_from=D(2020, 6, 1), valid_until=D(2020, 5, 1), user=staf,
        )  # fmt: skip
    assert tallies.current() == before
    _assert_exact()


def test_rebuild_recomputes_from_the_rows(staf):
    agreement = make_agreement(kind=Kind.KSDD, facilitated_on=D(2018, 4, 1))
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type="kb", signed_on=D(2018, 5, 1), user=staf
    )
    # A bulk load that bypasses the services (benchmarks/generate.py uses COPY) ...
    Naskah.objects.create(agreement=agreement, naskah_type="pks", signed_on=D(2017, 1, 2))
    assert tallies.current() != tallies.expected()
    tallies.rebuild()  # ... is followed by a rebuild
    assert tallies.current() == tallies.expected()
    _assert_exact()
