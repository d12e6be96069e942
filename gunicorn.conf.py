"""gunicorn settings read from the project folder (every `gunicorn` started here reads them).

After a worker has loaded the app, everything it holds (Django, the URL patterns, the app's
modules) is moved out of the garbage collector's reach with `gc.freeze()`: the collector then
scans only what a request allocates. A detail page at 1M agreements went from 15.0 to 12.2 ms
in-process with it (benchmarks/README.md, F12). Command-line options still win over these.
"""

import gc


def post_worker_init(worker):
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - load every URLconf before freezing
    gc.collect()
    gc.freeze()
