"""Bounded load test with mixed staff traffic, 127.0.0.1 only.

Starts gunicorn on a spare port against DATABASE_URL (default: a fresh SQLite file with the demo
data), runs N virtual staff users for a fixed duration, each looping over a realistic mix (list
page, detail page, API list with filters, KPI, creating an agreement and moving it one stage), then
stops the server by PID and prints requests, error rate, p50/p95 per kind of request.

    .venv/bin/python loadtest/run.py --users 8 --seconds 30
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PASSWORD = "demo-kerjasama-2026"  # noqa: S105 - demo account of load_demo


def start_server(port: int, env: dict) -> subprocess.Popen:
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "load_demo", "-v0"], cwd=ROOT, env=env, check=True)
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "kerjasama.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn tidak siap")


class StaffUser:
    def __init__(self, base: str, rnd: random.Random) -> None:
        self.base = base
        self.rnd = rnd
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.token = None

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method, path, data=None, json_body=None, api=False):
        headers = {"Referer": self.base + "/"}
        body = None
        if api:
            headers["Authorization"] = f"Token {self.token}"
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            data = {**data, "csrfmiddlewaretoken": self._csrf()}
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=30) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def login(self) -> None:
        self.request("GET", "/accounts/login/")
        self.request("POST", "/accounts/login/", data={"username": "staf", "password": PASSWORD})
        _status, body = self.request(
            "POST", "/api/auth/token/", json_body={"username": "staf", "password": PASSWORD}
        )
        self.token = json.loads(body)["token"]


def scenario(user: StaffUser, record, ids: list[int], partner_id: int) -> None:
    """One iteration of the mix; every request is recorded as (kind, status, seconds)."""

    def timed(kind, *args, ok=(200, 201, 302), **kwargs):
        start = time.perf_counter()
        status, body = user.request(*args, **kwargs)
        record(kind, status, time.perf_counter() - start, status in ok)
        return status, body

    timed("halaman daftar", "GET", "/kerja-sama/?q=sama")
    if ids:
        timed("halaman detail", "GET", f"/kerja-sama/{user.rnd.choice(ids)}/")
    timed("API daftar", "GET", "/api/agreements/?kind=KSDD&page_size=50", api=True)
    timed("API KPI", "GET", "/api/monitoring/kpi/?year=2019", api=True)
    if user.rnd.random() < 0.3:
        status, body = timed(
            "API buat",
            "POST",
            "/api/agreements/",
            json_body={
                "title": f"Uji beban {user.rnd.randrange(10**6)}",
                "kind": "KSDD",
                "partners": [partner_id],
                "urusan": ["2.11"],
                "budgeted_in_apbd": True,
            },
            api=True,
        )
        if status == 201:
            new_id = json.loads(body)["id"]
            ids.append(new_id)
            timed(
                "API tahapan",
                "POST",
                f"/api/agreements/{new_id}/transitions/",
                json_body={"to": "penawaran", "date": "2026-11-23", "note": "uji beban"},
                api=True,
            )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument(
        "--settings",
        default="",
        help="modul settings; bawaan: benchmarks.settings_bench (DEBUG mati) untuk PostgreSQL, "
        "kerjasama.settings untuk SQLite",
    )
    args = parser.parse_args()

    env = {**os.environ, "DJANGO_DEBUG": "true"}
    env.pop("CELERY_BROKER_URL", None)
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/beban.sqlite3"
    # On PostgreSQL (e.g. the 100k benchmark data) run as in production: DEBUG off, no query
    # log; the bench settings only keep plain HTTP on 127.0.0.1 possible.
    postgres = env["DATABASE_URL"].startswith(("postgres://", "postgresql://"))
    default = "benchmarks.settings_bench" if postgres else "kerjasama.settings"
    env["DJANGO_SETTINGS_MODULE"] = args.settings or default
    server = start_server(args.port, env)
    base = f"http://127.0.0.1:{args.port}"
    results: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    def record(kind, status, seconds, ok):
        with lock:
            results[kind].append(seconds)
            if not ok:
                errors[kind] += 1

    try:
        probe = StaffUser(base, random.Random(0))
        probe.login()
        _, body = probe.request("GET", "/api/agreements/?page_size=200", api=True)
        ids = [row["id"] for row in json.loads(body)["results"]]
        _, body = probe.request("GET", "/api/partners/?partner_type=daerah", api=True)
        partner_id = json.loads(body)["results"][0]["id"]
        deadline = time.monotonic() + args.seconds

        def worker(n: int) -> None:
            user = StaffUser(base, random.Random(n))
            user.login()
            while time.monotonic() < deadline:
                scenario(user, record, ids, partner_id)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.users)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    total = sum(len(v) for v in results.values())
    failed = sum(errors.values())
    print(
        f"Settings {env['DJANGO_SETTINGS_MODULE']}; basis data {env['DATABASE_URL'].split('@')[-1]}"
    )
    print(f"Uji beban: {args.users} pengguna, {elapsed:.0f} s, {total} permintaan, "
          f"{total / elapsed:.1f} req/s, galat {failed} ({100 * failed / max(total, 1):.2f}%)")  # fmt: skip
    print(f"{'jenis':<16} {'n':>6} {'galat':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, times in sorted(results.items()):
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{kind:<16} {len(times):>6} {errors[kind]:>6} {statistics.median(times) * 1000:>8.0f} "
              f"{p95 * 1000:>8.0f}")  # fmt: skip
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
