"""Per-address rate limit of the public proposal endpoints, counted in Django's cache.

One-second buckets summed over the last 60 seconds: a sliding minute, built only from the cache's
atomic `add` and `incr`, so it counts correctly in one process (the local-memory cache of the
embedded default and the tests) and across processes when CACHES points at Redis.
"""

from __future__ import annotations

import contextlib
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60
#: Requests per address per minute: posts of proposals and revisions; status look-ups.
DEFAULT_LIMITS = {"submit": 20, "lookup": 60}


def limit_for(bucket: str) -> int:
    limits = {**DEFAULT_LIMITS, **getattr(settings, "PROPOSALS_RATE_LIMITS", {})}
    return int(limits.get(bucket, 20))


def client_address(request) -> str:
    """The client's address.

    Without a proxy (PROPOSALS_PROXY_COUNT = 0) the peer address; behind N trusted proxies the
    N-th address from the right of X-Forwarded-For (the one our own proxy appended: anything to
    its left is whatever the client chose to send).
    """
    proxies = int(getattr(settings, "PROPOSALS_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:64]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]


def _key(bucket: str, address: str, second: int) -> str:
    return f"usulan:rl:{bucket}:{address}:{second}"


def hit(bucket: str, address: str, *, now: float | None = None) -> tuple[bool, int]:
    """Count one request; (allowed, seconds to wait).

    Count first, then sum: two racing requests can never both pass the limit (at worst both
    are refused). A refused request is taken off the count again.
    """
    now = time.time() if now is None else now
    second = int(now)
    keys = [_key(bucket, address, s) for s in range(second - WINDOW_SECONDS + 1, second + 1)]
    current = keys[-1]
    if not cache.add(current, 1, timeout=WINDOW_SECONDS + 5):
        try:
            cache.incr(current)
        except ValueError:  # expired between add and incr
            cache.add(current, 1, timeout=WINDOW_SECONDS + 5)
    counts = cache.get_many(keys)
    used = sum(int(v) for v in counts.values())
    if used <= limit_for(bucket):
        return True, 0
    with contextlib.suppress(ValueError):
        cache.decr(current)
    oldest = min(int(k.rsplit(":", 1)[1]) for k, v in counts.items() if v)
    return False, max(1, oldest + WINDOW_SECONDS - second)
