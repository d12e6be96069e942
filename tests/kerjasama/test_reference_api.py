import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_migrate_on_an_empty_database_creates_roles_and_reference_data(tmp_path):
    """`migrate` alone, in a fresh database of its own: the autouse fixture of the test suite
    restores reference data for flushed tests, so only a separate database proves the migrations."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "kerjasama.settings_test",
    }
    manage = [sys.executable, "manage.py"]
    run = partial(subprocess.run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    migrated = run([*manage, "migrate", "--noinput", "-v", "0"])
    assert migrated.returncode == 0, migrated.stderr
    script = (
        "import json; from django.contrib.auth.models import Group; "
        "from agreements.models import Region, Urusan; print(json.dumps({"
        "'roles': sorted(Group.objects.values_list('name', flat=True)), "
        "'provinsi': Region.objects.filter(level='provinsi').count(), "
        "'kabupaten_kota': Region.objects.filter(level='kabupaten_kota').count(), "
        "'urusan': Urusan.objects.count(), "
        "'pilihan': Urusan.objects.filter(category='pilihan').count()}))"
    )
    counted = run([*manage, "shell", "-c", script])
    assert counted.returncode == 0, counted.stderr
    assert json.loads(counted.stdout.strip().splitlines()[-1]) == {
        "roles": ["dprd", "sekda", "staf_kerja_sama"],
        "provinsi": 38,
        "kabupaten_kota": 514,
        "urusan": 32,
        "pilihan": 8,
    }


def test_regions_search_finds_kabupaten_malang(api, staf):
    response = api(staf).get("/api/regions/", {"search": "malang"})
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()["results"]}
    assert rows["35.07"] == {
        "code": "35.07",
        "name": "Kabupaten Malang",
        "level": "kabupaten_kota",
        "province_code": "35",
    }


def test_regions_filter_by_level(api, sekda):
    response = api(sekda).get("/api/regions/", {"level": "provinsi", "page_size": 200})
    body = response.json()
    assert len(body["results"]) == 38
    assert {
        "code": "33",
        "name": "Jawa Tengah",
        "level": "provinsi",
        "province_code": "33",
    } in body["results"]


def test_regions_paginate_with_cursor(api, staf):
    first = api(staf).get("/api/regions/", {"page_size": 100}).json()
    assert len(first["results"]) == 100
    assert first["previous"] is None
    second = api(staf).get(first["next"]).json()
    assert second["results"][0]["code"] > first["results"][-1]["code"]


def test_urusan_has_32_rows(api, staf):
    body = api(staf).get("/api/urusan/").json()
    assert len(body["results"]) == 32
    assert body["results"][0] == {
        "code": "1.01",
        "name": "Pendidikan",
        "category": "wajib_pelayanan_dasar",
    }


def test_unauthenticated_api_is_401_in_indonesian(api):
    response = api().get("/api/regions/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "belum masuk" in response.json()["detail"]


def test_token_auth(api, staf):
    response = api().post(
        "/api/auth/token/", {"username": "rina.staf", "password": "rahasia-uji-123"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/urusan/").status_code == 200


def test_token_with_wrong_password_is_400_in_indonesian(api, staf):
    response = api().post(
        "/api/auth/token/", {"username": "rina.staf", "password": "salah"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Nama pengguna atau kata sandi salah.",
        "code": "invalid_credentials",
    }


def test_schema_and_docs_are_served_offline(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/partners/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html
