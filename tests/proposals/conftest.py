"""Fixtures of the proposal tests: a clean rate-limit count, private media, a valid proposal."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _clean_rate_limit():
    """The local-memory cache counts for real: start and end every test with no posts counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def stored_files() -> list[str]:
    found = []
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found += [os.path.join(root, name) for name in files]
    return sorted(found)


def university(**overrides) -> dict:
    """A valid proposal of a university (pihak ketiga, perguruan tinggi) asking for a KSDPK."""
    data = {
        "proposer_name": "Universitas Brawijaya",
        "proposer_type": "pihak_ketiga",
        "third_party_type": "perguruan_tinggi",
        "contact_name": "Dr. Sari Wulandari",
        "contact_email": "sari@ub.example.ac.id",
        "contact_phone": "+62 341 551611",
        "kind": "KSDPK",
        "title": "Pendampingan desa wisata berbasis riset",
        "object": "Pendampingan 10 desa wisata di Kabupaten Malang.",
        "scope": "Pelatihan, kajian potensi, dan promosi bersama.",
        "benefits": "Kunjungan wisata dan pendapatan desa meningkat.",
        "financing": "Dana hibah riset universitas; APBD untuk fasilitasi.",
    }
    data.update(overrides)
    return data


def pdf_file(name: str = "proposal.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def post_public(client, data: dict, files=(), **extra):
    payload = dict(data)
    if files:
        payload["attachments"] = list(files)
    return client.post("/api/public/proposals/", payload, format="multipart", **extra)


ALL_CHECKS_OK = dict.fromkeys(
    (
        "urusan_daerah",
        "sesuai_rencana",
        "manfaat",
        "kapasitas_pembiayaan",
        "legalitas_pengusul",
        "risiko",
    ),
    True,
)
