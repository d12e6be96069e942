"""Backup and restore of the database and the uploaded files, with a verifiable manifest.

PostgreSQL: `pg_dump --format=custom` / `pg_restore`. SQLite: the sqlite3 online backup API.
Files: every file under MEDIA_ROOT into a tar, with its SHA-256 in the manifest. The manifest also
holds the row count of every model, so a restore can be checked (`verify_manifest`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(f"Program {name} tidak ditemukan (pasang postgresql-client).")
    return path


def _db_env(db: dict) -> tuple[list[str], dict]:
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
    args += ["-U", db.get("USER") or "postgres"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def model_counts(using: str = "default") -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.using(using).count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def media_hashes(root: Path) -> dict[str, str]:
    hashes = {}
    if not root.exists():
        return hashes
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
            hashes[str(path.relative_to(root))] = digest.hexdigest()
    return hashes


def backup(target_dir: Path, using: str = "default") -> Path:
    """Write database.dump (or database.sqlite3), media.tar and manifest.json into a new folder."""
    stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = Path(target_dir) / f"kerjasama-{stamp}"
    out.mkdir(parents=True, exist_ok=False)
    db = connections[using].settings_dict
    if db["ENGINE"].endswith("postgresql"):
        args, env = _db_env(db)
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [_tool("pg_dump"), *args, "--format=custom", "--no-owner",
             "-f", str(out / "database.dump"), db["NAME"]],
            check=True, env=env,
        )  # fmt: skip
        engine = "postgresql"
    else:
        source = sqlite3.connect(db["NAME"])
        dest = sqlite3.connect(out / "database.sqlite3")
        with dest:
            source.backup(dest)
        source.close()
        dest.close()
        engine = "sqlite"
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(out / "media.tar", "w") as tar:
        if media_root.exists():
            tar.add(media_root, arcname="media")
    manifest = {
        "created_at": stamp,
        "engine": engine,
        "counts": model_counts(using),
        "media": media_hashes(media_root),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return out


def restore(source_dir: Path, *, using: str = "default", media_root: Path | None = None) -> dict:
    """Restore a backup into the (empty) database `using` and MEDIA_ROOT; returns the manifest."""
    source_dir = Path(source_dir)
    manifest = json.loads((source_dir / "manifest.json").read_text())
    db = connections[using].settings_dict
    connections[using].close()
    if manifest["engine"] == "postgresql":
        if not db["ENGINE"].endswith("postgresql"):
            raise ValueError("Cadangan PostgreSQL hanya dapat dipulihkan ke PostgreSQL.")
        args, env = _db_env(db)
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [_tool("pg_restore"), *args, "--no-owner", "--clean", "--if-exists", "--exit-on-error",
             "-d", db["NAME"], str(source_dir / "database.dump")],
            check=True, env=env,
        )  # fmt: skip
    else:
        shutil.copyfile(source_dir / "database.sqlite3", db["NAME"])
    media_root = Path(media_root or settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source_dir / "media.tar") as tar:
        for member in tar.getmembers():
            if not member.name.startswith("media") or ".." in Path(member.name).parts:
                raise ValueError(f"Isi arsip tidak aman: {member.name}")
            if not (member.isfile() or member.isdir()):
                continue
            relative = Path(member.name).relative_to("media")
            target = media_root / relative
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
    return manifest


def verify_manifest(manifest: dict, *, using: str = "default", media_root: Path | None = None):
    """List of differences between a manifest and what is in the database and on disk."""
    problems = []
    counts = model_counts(using)
    for label, expected in manifest["counts"].items():
        if counts.get(label) != expected:
            problems.append(f"{label}: {counts.get(label)} baris, seharusnya {expected}")
    hashes = media_hashes(Path(media_root or settings.MEDIA_ROOT))
    for name, digest in manifest["media"].items():
        if hashes.get(name) != digest:
            problems.append(f"berkas {name}: hash berbeda atau hilang")
    return problems
