"""Settings for benchmarks only: the app's settings plus the bare baseline URLs.

DEBUG is off (no query log kept per request, as in production) but the HTTPS-only switches stay
off because the load generator talks plain HTTP to 127.0.0.1.
"""

import os
import warnings

from kerjasama.settings import *  # noqa: F403

warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic

DEBUG = False
ROOT_URLCONF = "benchmarks.bare_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# BENCH_PG_JIT=off (benchmarks/run --jit off): the fix measured for the aggregates, see README.
_db = DATABASES["default"]  # noqa: F405
if os.environ.get("BENCH_PG_JIT") == "off" and _db["ENGINE"].endswith("postgresql"):
    _db.setdefault("OPTIONS", {})["options"] = "-c jit=off"
