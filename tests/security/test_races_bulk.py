"""Races in bulk on PostgreSQL: 50 racing pairs of transitions, 50 concurrent creations.

The services are called directly from a pool of threads (each with its own database
connection, closed at the end of every piece of work). `select_for_update` is a no-op on
SQLite, so these run on PostgreSQL only: skipped elsewhere locally, a failure in CI (env CI set).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from agreements import services
from agreements.exceptions import TransitionNotAllowed
from agreements.models import Agreement, StageHistory
from tests.factories import make_agreement, partner_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAIRS = 50
CREATIONS = 50
WORKERS = 10


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        message = f"race tests need PostgreSQL row locks; database is {connection.vendor}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run_in_groups(count: int, group: int, work) -> list:
    """work(i) for i in range(count) on WORKERS threads; each `group` of calls starts together.

    Items are taken from the pool's queue in order, so at most one group is partly started at
    any time and a thread waiting at its group's barrier always gets its partners.
    """
    barriers = [threading.Barrier(min(group, count - start)) for start in range(0, count, group)]

    def runner(i: int):
        try:
            barriers[i // group].wait(timeout=60)
            return work(i)
        except Exception as exc:  # noqa: BLE001 - returned to the test and asserted on
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(runner, range(count), timeout=120))


def test_fifty_racing_pairs_give_one_success_and_one_conflict_each(staf):
    partner = partner_for("KSDD")
    agreements = [
        make_agreement(title=f"Kerja sama berpasangan {n}", partners=[partner], user=staf)
        for n in range(PAIRS)
    ]
    ids = [a.pk for a in agreements]
    before = Counter(StageHistory.objects.values_list("agreement_id", flat=True))
    assert set(before.values()) == {1}

    def work(i: int):
        return services.agreement_transition(
            agreement_id=ids[i // 2],
            to="penawaran",
            date=dt.date(2026, 3, 2),
            note=f"percobaan {i % 2}",
            user=staf,
        )

    results = run_in_groups(2 * PAIRS, 2, work)

    unexpected = [r for r in results if isinstance(r, Exception)]
    unexpected = [r for r in unexpected if not isinstance(r, TransitionNotAllowed)]
    assert unexpected == [], unexpected
    for n in range(PAIRS):
        pair = results[2 * n : 2 * n + 2]
        kinds = sorted(type(r).__name__ for r in pair)
        assert kinds == ["Agreement", "TransitionNotAllowed"], (n, pair)
        conflict = next(r for r in pair if isinstance(r, TransitionNotAllowed))
        assert conflict.status_code == 409
        assert conflict.code == "transition_not_allowed"

    rows = Agreement.objects.filter(pk__in=ids).values_list("stage", "version")
    assert Counter(rows) == {("penawaran", 2): PAIRS}
    after = Counter(StageHistory.objects.values_list("agreement_id", flat=True))
    assert {pk: after[pk] - before[pk] for pk in ids} == dict.fromkeys(ids, 1)
    moves = StageHistory.objects.filter(agreement_id__in=ids, to_stage="penawaran")
    assert moves.count() == PAIRS
    assert Counter(moves.values_list("from_stage", flat=True)) == {"persiapan": PAIRS}


def test_fifty_concurrent_creations_are_numbered_distinct_and_gap_free(staf):
    partner = partner_for("KSDD")

    def work(i: int):
        return services.agreement_create(
            user=staf,
            title=f"Kerja sama serentak {i}",
            kind="KSDD",
            partners=[partner.pk],
            facilitated_on=dt.date(2031, 1, 2),
        )

    results = run_in_groups(CREATIONS, WORKERS, work)

    assert [r for r in results if isinstance(r, Exception)] == []
    numbers = [r.number for r in results]
    assert len(set(numbers)) == CREATIONS
    assert sorted(numbers) == [f"KS/2031/{n:04d}" for n in range(1, CREATIONS + 1)]
    stored = Agreement.objects.filter(number__startswith="KS/2031/")
    assert sorted(stored.values_list("number", flat=True)) == sorted(numbers)
    history = Counter(
        StageHistory.objects.filter(agreement__in=stored).values_list("agreement_id", flat=True)
    )
    assert sorted(history.values()) == [1] * CREATIONS
