"""`manage.py load_demo`: the agreements part is realistic, reaches the 2019 IKU, idempotent."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from agreements.models import (
    Agreement,
    Document,
    DprdDecision,
    FieldChange,
    Naskah,
    RegistryCounter,
    StageHistory,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    files = sum(len(names) for _root, _dirs, names in os.walk(settings.MEDIA_ROOT))
    return {
        "agreements": list(
            Agreement.objects.order_by("number").values_list(
                "number", "title", "stage", "status", "version", "dprd_deadline", "end_date"
            )
        ),
        "history": StageHistory.objects.count(),
        "fields": FieldChange.objects.count(),
        "naskah": Naskah.objects.count(),
        "documents": Document.objects.count(),
        "dprd": DprdDecision.objects.count(),
        "counters": list(RegistryCounter.objects.order_by("year").values_list("year", "last")),
        "files": files,
    }


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_load_demo_twice_changes_nothing(demo):
    first = snapshot()
    assert len(first["agreements"]) >= 25
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert snapshot() == first


def test_demo_2019_iku_is_exactly_80_percent(demo):
    cohort = Agreement.objects.filter(facilitated_on__year=2019)
    signed = Q(naskah__naskah_type__in=["kb", "pks"], naskah__signed_on__lte=dt.date(2019, 12, 31))
    ksdd = cohort.filter(kind="KSDD")
    others = cohort.exclude(kind="KSDD")
    assert (ksdd.count(), ksdd.filter(signed).distinct().count()) == (6, 5)
    assert (others.count(), others.filter(signed).distinct().count()) == (4, 3)
    # The 2020-signed KB of a 2019 facilitation counts for 2020, not for the 2019 IKU.
    assert Naskah.objects.filter(signed_on=dt.date(2020, 1, 5), naskah_type="kb").exists()


def test_demo_covers_the_journeys(demo):
    today = timezone.localdate()
    arnhem = Agreement.objects.get(kind="KSDPL", partners__name="Gemeente Arnhem")
    assert arnhem.stage == "persetujuan_dprd"
    assert arnhem.dprd_deadline > today
    assert Agreement.objects.get(kind="KSDLL", facilitated_on__year=2019).stage == "pelaksanaan"
    assert Agreement.objects.filter(status="selesai").count() >= 2
    assert Agreement.objects.filter(status="dibatalkan").count() == 1
    assert Agreement.objects.filter(confidential=True).count() == 1
    assert Agreement.objects.filter(kind="KSDPK", partners__name__contains="Tirta").exists()
    expiring = Agreement.objects.filter(
        status="aktif", end_date__gte=today, end_date__lte=today + dt.timedelta(days=90)
    )
    assert expiring.count() >= 3
    years = set(Agreement.objects.values_list("facilitated_on__year", flat=True))
    assert {2019, 2025, 2026} <= years
    assert Naskah.objects.filter(signed_on__year__in=[2025, 2026]).exists()
    # Every stage move went through the service: one history row per stage reached.
    for agreement in Agreement.objects.all():
        rows = list(agreement.stage_history.values_list("to_stage", flat=True))
        assert rows[-1] == agreement.stage
        assert not agreement.entered_after_fact
