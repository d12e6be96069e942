"""Before/after of the fix proposed for the agreement list API (README, F1), in-process.

    DATABASE_URL=postgres://...ks_bench_100k .venv/bin/python benchmarks/experiment_api_list.py

Times /api/agreements/ (token auth, Django test client, median of 20) as it is, the bare twin,
then the same view monkeypatched in this process only: `dprd_approved` computed for the page
rows after pagination (one query), partners and urusan as ArraySubquery annotations instead of
two prefetches. Needs PostgreSQL and the user made by benchmarks/run (`bench.staf`).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings_bench"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.contrib.postgres.expressions import ArraySubquery  # noqa: E402
from django.db.models import OuterRef  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework import serializers  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from agreements import selectors  # noqa: E402
from agreements.api import serializers as api_serializers  # noqa: E402
from agreements.api import views  # noqa: E402
from agreements.models import Agreement, DprdDecision  # noqa: E402

PATHS = (
    "/api/agreements/?kind=KSDD&status=aktif&search=air+minum",
    "/api/agreements/?kind=KSDPK&stage=penyusunan_kb&year=2025",
)


def median_ms(client: Client, path: str, runs: int = 20) -> float:
    client.get(path)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
    assert response.status_code == 200, (path, response.status_code)  # noqa: S101
    return statistics.median(times) * 1000


def fast_queryset(user):
    partners = Agreement.partners.through.objects.filter(agreement_id=OuterRef("pk"))
    urusan = Agreement.urusan.through.objects.filter(agreement_id=OuterRef("pk"))
    return selectors.agreement_visible_to(user).annotate(
        partner_ids=ArraySubquery(partners.order_by("partner_id").values("partner_id")),
        urusan_codes=ArraySubquery(urusan.order_by("urusan_id").values("urusan_id")),
    )


class FastSerializer(api_serializers.AgreementSerializer):
    partners = serializers.ListField(source="partner_ids", read_only=True)
    urusan = serializers.ListField(source="urusan_codes", read_only=True)


_paginate = views.AgreementListCreateApi.paginate_queryset


def paginate_then_approve(self, queryset):
    page = _paginate(self, queryset)
    if page is not None:
        approved = set(
            DprdDecision.objects.filter(
                agreement_id__in=[a.pk for a in page], decision="disetujui", superseded=False
            ).values_list("agreement_id", flat=True)
        )
        for agreement in page:
            agreement.dprd_approved = agreement.pk in approved
    return page


def main() -> None:
    user = User.objects.get(username="bench.staf")
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=user).key}")
    before = {p: median_ms(client, p) for p in PATHS}
    bare = {p: median_ms(client, p.replace("/api/", "/bare/")) for p in PATHS}
    views.AgreementListCreateApi.get_queryset = lambda self: fast_queryset(self.request.user)
    views.AgreementListCreateApi.serializer_class = FastSerializer
    views.AgreementListCreateApi.paginate_queryset = paginate_then_approve
    after = {p: median_ms(client, p) for p in PATHS}
    for p in PATHS:
        print(
            f"{p}\n  sebelum {before[p]:.1f} ms, sesudah {after[p]:.1f} ms, bare {bare[p]:.1f} ms;"
            f" rasio {before[p] / bare[p]:.2f} -> {after[p] / bare[p]:.2f}"
        )


if __name__ == "__main__":
    main()
