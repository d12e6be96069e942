"""Django's database sessions, the session row read by a query composed once per process.

Every page reads the session row first. `SessionStore.load` composes the same ORM query on each
request (~0.3 ms of Python against ~0.1 ms in the database, benchmarks/README.md F15); here it
is composed once (kerjasama.baked) and the expiry compared in Python, which is the same rule
(`expire_date > now`) as Django's query.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from .baked import BakedQuery

_SESSION = BakedQuery(lambda key: Session.objects.filter(session_key=key), markers=(str,))


class SessionStore(DbSessionStore):
    def _get_session_from_db(self):
        found = _SESSION.rows("key", (self.session_key,)) if self.session_key else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
