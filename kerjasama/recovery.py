"""Recovery of work whose message or worker was lost: one function the daily job calls.

The database rows are the durable outbox: a report job `queued` or `running` long after its last
sign of life, and an uploaded document without an analysis, say that a side effect committed with
the write never happened (broker down or restarted empty, worker or web process killed). Each app
that owns such work registers its recoverer here when it is ready (reports: lost report jobs;
arsip: unanalysed documents), so this project package imports no app. The tasks are idempotent,
so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

#: name -> recoverer(older_than) returning the ids it queued again (None: the app's own limits).
Recoverer = Callable[[dt.timedelta | None], list[int]]
_recoverers: dict[str, Recoverer] = {}


def register_recoverer(name: str, recoverer: Recoverer) -> None:
    """Called from an app's `AppConfig.ready()`."""
    _recoverers[name] = recoverer


def recover_stuck_work(*, older_than: dt.timedelta | None = None) -> dict[str, list[int]]:
    """Queue again every lost piece of work: {"reports": [job ids], "documents": [ids]}.

    older_than=None: each app's own limits (reports: queued > 2 min, running > the hard time
    limit; documents: uploaded more than 15 minutes ago).
    """
    result = {name: recover(older_than) for name, recover in _recoverers.items()}
    if any(result.values()):
        logger.warning("Pemulihan: %s", result)
    return result
