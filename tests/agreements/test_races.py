"""Concurrency on PostgreSQL: row locks serialise transitions, the counter numbers gap-free.

`select_for_update` is a no-op on SQLite, so these run on PostgreSQL only: skipped elsewhere
locally, a loud failure in CI (env CI set) so that a misconfigured pipeline cannot hide them.
"""

from __future__ import annotations

import os
import threading
from collections import Counter

import pytest
from django.db import connection

from agreements.models import Agreement, StageHistory
from tests.factories import make_agreement, partner_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        message = f"race tests need PostgreSQL row locks; database is {connection.vendor}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run_together(count: int, work) -> list:
    """Run work(i) in `count` threads released at once; return results in index order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported to the test thread below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return results


def test_two_racing_transitions_give_one_201_and_one_409(api, staf):
    agreement = make_agreement()
    clients = [api(staf), api(staf)]

    def work(i: int):
        response = clients[i].post(
            f"/api/agreements/{agreement.pk}/transitions/",
            {"to": "penawaran", "date": "2026-03-02"},
            format="json",
        )
        return response.status_code, response.json()

    results = run_together(2, work)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(status for status, _ in results) == [201, 409]
    conflict = next(body for status, body in results if status == 409)
    assert conflict["code"] == "transition_not_allowed"
    agreement.refresh_from_db()
    assert agreement.stage == "penawaran"
    assert agreement.version == 2
    moves = StageHistory.objects.filter(agreement=agreement, to_stage="penawaran")
    assert moves.count() == 1


def test_twenty_concurrent_creations_are_numbered_gap_free(api, staf):
    partner = partner_for("KSDD")
    clients = [api(staf) for _ in range(20)]

    def work(i: int):
        response = clients[i].post(
            "/api/agreements/",
            {
                "title": f"Kerja sama serentak {i}",
                "kind": "KSDD",
                "partners": [partner.pk],
                "facilitated_on": "2026-06-01",
            },
            format="json",
        )
        return response.status_code, response.json()

    results = run_together(20, work)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Counter(status for status, _ in results) == {201: 20}
    numbers = sorted(body["number"] for _, body in results)
    assert numbers == [f"KS/2026/{n:04d}" for n in range(1, 21)]
    assert sorted(Agreement.objects.values_list("number", flat=True)) == numbers


def test_two_daily_jobs_at_once_end_notify_and_mail_once(staf):
    """Beat and a cron `daily_tasks` started together: one ending, one notification, one mail."""
    import datetime as dt

    from django.core import mail

    from notifications.models import Notification
    from notifications.reminders import run_daily

    day = dt.date(2027, 1, 10)
    expired = []
    for i in range(3):
        agreement = make_agreement(user=staf, title=f"Habis {i}", end_date=dt.date(2026, 12, 1))
        Agreement.objects.filter(pk=agreement.pk).update(stage="pelaksanaan")
        expired.append(agreement)
    reminded = make_agreement(user=staf, title="Segera", end_date=day + dt.timedelta(days=7))
    results = run_together(2, lambda i: run_daily(day))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r["ended"] for r in results) == 3  # each ended by exactly one of the two
    for agreement in expired:
        assert StageHistory.objects.filter(agreement=agreement, to_stage="selesai").count() == 1
    keys = Counter(Notification.objects.values_list("key", flat=True))
    assert set(keys.values()) == {1}
    assert len(keys) == 4
    assert Notification.objects.filter(agreement=reminded, key__startswith="expiry:").count() == 1
    assert len(mail.outbox) == 4
