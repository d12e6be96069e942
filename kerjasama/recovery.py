"""Recovery of work whose message or worker was lost: one function the daily job calls.

The database rows are the durable outbox: a report job `queued` or `running` long after its last
sign of life, and an uploaded document without an analysis, say that a side effect committed with
the write never happened (broker down or restarted empty, worker or web process killed). Both are
queued again; the tasks are idempotent, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

logger = logging.getLogger(__name__)


def recover_stuck_work(*, older_than: dt.timedelta | None = None) -> dict[str, list[int]]:
    """Queue again every lost report job and every unanalysed document: {"reports", "documents"}.

    older_than=None: reports use their own limits (queued > 2 min, running > the hard time limit),
    documents uploaded more than 15 minutes ago.
    """
    from arsip.services import documents_requeue_unanalysed
    from reports.services import report_jobs_requeue_stale

    result = {
        "reports": report_jobs_requeue_stale(older_than=older_than),
        "documents": documents_requeue_unanalysed(
            older_than=dt.timedelta(minutes=15) if older_than is None else older_than
        ),
    }
    if result["reports"] or result["documents"]:
        logger.warning("Pemulihan: %s", result)
    return result
