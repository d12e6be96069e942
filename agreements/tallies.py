"""Summary counts for the monitoring figures, kept exact inside the services' transactions.

`FacilitationTally` holds one count per (facilitated year, kind, year of the first signed KB or
PKS, 0 when none yet): the IKU of a year reads a handful of its rows instead of every agreement
facilitated that year. `SignedTally` holds the signed KB + PKS per (signing year, agreement
kind): Tabel 2.1's output columns read it instead of every naskah ever signed
(benchmarks/README.md, F9).

Each agreement contributes one FacilitationTally count and one SignedTally count per signed
KB/PKS. The services that can change a contribution (`agreement_create`, `agreement_update` when
the facilitation date changes, `naskah_create` for a KB/PKS) call `agreement_added` or wrap the
change in `tracking(agreement_id)`, inside their own transaction and after locking the
agreement row, so the summary commits or rolls back with the change. `rebuild()` recomputes both
tables from the rows (after bulk loads such as benchmarks/generate.py); `expected()` is what the
tests compare the tables with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min, Q
from django.db.models.functions import ExtractYear

from .choices import NaskahType

SIGNED_TYPES = (NaskahType.KB, NaskahType.PKS)
NOT_SIGNED = 0  # FacilitationTally.signed_year of agreements without a signed KB/PKS

#: ("f", facilitated_year, kind, signed_year) or ("s", signed_year, kind) -> count
Key = tuple


def _models(apps=None):
    if apps is None:
        from . import models

        return models.Agreement, models.Naskah, models.FacilitationTally, models.SignedTally
    return tuple(
        apps.get_model("agreements", name)
        for name in ("Agreement", "Naskah", "FacilitationTally", "SignedTally")
    )


def _contribution(agreement_id: int) -> Counter:
    """The tally counts one agreement adds, read from its current rows (two queries)."""
    agreement_model, naskah_model, _, _ = _models()
    row = agreement_model.objects.filter(pk=agreement_id).values_list("kind", "facilitated_on")
    row = row.first()
    if row is None:
        return Counter()
    kind, facilitated_on = row
    signed = list(
        naskah_model.objects.filter(
            agreement_id=agreement_id, naskah_type__in=SIGNED_TYPES
        ).values_list("signed_on", flat=True)
    )
    first = min(signed, default=None)
    counts = Counter({("f", facilitated_on.year, kind, first.year if first else NOT_SIGNED): 1})
    counts.update(("s", day.year, kind) for day in signed)
    return counts


def _lookup(key: Key) -> tuple[type, dict]:
    _, _, facilitation, signed = _models()
    if key[0] == "f":
        return facilitation, {"facilitated_year": key[1], "kind": key[2], "signed_year": key[3]}
    return signed, {"signed_year": key[1], "kind": key[2]}


def _apply(delta: dict[Key, int]) -> None:
    for key, n in sorted(delta.items()):
        if not n:
            continue
        model, lookup = _lookup(key)
        if model.objects.filter(**lookup).update(n=F("n") + n):
            continue
        try:
            with transaction.atomic():  # savepoint: a concurrent first insert of the same key
                model.objects.create(n=n, **lookup)
        except IntegrityError:
            model.objects.filter(**lookup).update(n=F("n") + n)


def agreement_added(agreement) -> None:
    """A new agreement (no naskah yet): one more in its facilitation cohort."""
    _apply({("f", agreement.facilitated_on.year, agreement.kind, NOT_SIGNED): 1})


@contextmanager
def tracking(agreement_id: int) -> Iterator[None]:
    """Move one agreement's counts from what its rows were before the block to after it.

    Use inside the service's transaction, with the agreement row locked (select_for_update).
    """
    before = _contribution(agreement_id)
    yield
    after = _contribution(agreement_id)
    _apply({key: after[key] - before[key] for key in before.keys() | after.keys()})


def expected(apps=None) -> tuple[Counter, Counter]:
    """Both summaries computed from the agreement and naskah rows (for rebuild and tests)."""
    agreement_model, naskah_model, _, _ = _models(apps)
    signed = Q(naskah__naskah_type__in=SIGNED_TYPES)
    facilitation: Counter = Counter()
    rows = agreement_model.objects.annotate(first=Min("naskah__signed_on", filter=signed))
    for kind, facilitated_on, first in rows.values_list("kind", "facilitated_on", "first"):
        facilitation[(facilitated_on.year, kind, first.year if first else NOT_SIGNED)] += 1
    signed_rows = (
        naskah_model.objects.filter(naskah_type__in=SIGNED_TYPES)
        .annotate(year=ExtractYear("signed_on"))
        .values_list("year", "agreement__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return facilitation, Counter({(year, kind): n for year, kind, n in signed_rows})


def current(apps=None) -> tuple[Counter, Counter]:
    """Both summaries as stored (zero counts left out)."""
    _, _, facilitation_model, signed_model = _models(apps)
    facilitation = Counter(
        {
            (t.facilitated_year, t.kind, t.signed_year): t.n
            for t in facilitation_model.objects.exclude(n=0)
        }
    )
    signed = Counter({(t.signed_year, t.kind): t.n for t in signed_model.objects.exclude(n=0)})
    return facilitation, signed


def rebuild(apps=None) -> None:
    """Recompute both summaries from the rows, in one transaction."""
    _, _, facilitation_model, signed_model = _models(apps)
    facilitation, signed = expected(apps)
    with transaction.atomic():
        facilitation_model.objects.all().delete()
        signed_model.objects.all().delete()
        facilitation_model.objects.bulk_create(
            facilitation_model(facilitated_year=fy, kind=kind, signed_year=sy, n=n)
            for (fy, kind, sy), n in facilitation.items()
        )
        signed_model.objects.bulk_create(
            signed_model(signed_year=year, kind=kind, n=n) for (year, kind), n in signed.items()
        )
