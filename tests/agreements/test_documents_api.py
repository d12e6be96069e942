"""GET|POST /api/agreements/{id}/documents/ and /naskah/ (API.md), and the download view."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import zipfile

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services
from agreements.exceptions import InvalidUpload
from agreements.models import Document, Naskah
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x90" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Realisasi"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "bukan dokumen kantor")
    return buffer.getvalue()


def stored_files() -> list[str]:
    found = []
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found += [os.path.join(root, name) for name in files]
    return sorted(found)


def upload(
    client,
    agreement,
    content: bytes,
    name: str = "kb.pdf",
    doc_type: str = "kb",
    title: str = "KB Pasuruan",
):
    return client.post(
        f"/api/agreements/{agreement.pk}/documents/",
        {"file": SimpleUploadedFile(name, content), "doc_type": doc_type, "title": title},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("content", "name", "ext"),
    [
        (PDF, "KB.pdf", "pdf"),
        (PNG, "foto.png", "png"),
        (JPEG, "foto.jpeg", "jpg"),
        (None, "rancangan.docx", "docx"),
        (None, "anggaran.xlsx", "xlsx"),
        (PDF, "tanpa-ekstensi", "pdf"),  # the content decides, not the name
    ],
)
def test_accepted_types(api, staf, content, name, ext):
    agreement = make_agreement()
    if content is None:
        content = docx_bytes() if ext == "docx" else xlsx_bytes()
    response = upload(api(staf), agreement, content, name=name)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {
        "id",
        "doc_type",
        "title",
        "filename",
        "size",
        "sha256",
        "uploaded_at",
        "download_url",
    }
    assert body["size"] == len(content)
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["filename"].endswith(f".{ext}")
    assert body["download_url"].endswith(f"/kerja-sama/{agreement.pk}/dokumen/{body['id']}/unduh/")
    document = Document.objects.get(pk=body["id"])
    assert document.file.read() == content
    assert document.uploaded_by == staf


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (ELF, "laporan.pdf"),
        (b"", "kosong.pdf"),
        (b"<html><script>alert(1)</script></html>", "halaman.pdf"),
        (plain_zip(), "arsip.docx"),
        (b"PK\x03\x04rusak", "rusak.xlsx"),
        (b"MZ\x90\x00" + b"\x00" * 60, "setup.pdf"),
    ],
)
def test_refused_content_stores_nothing(api, staf, content, name):
    agreement = make_agreement()
    before = stored_files()
    response = upload(api(staf), agreement, content, name=name)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_file"
    assert body["detail"]
    assert not Document.objects.exists()
    assert stored_files() == before


def test_too_large_is_refused(api, staf, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    agreement = make_agreement()
    before = stored_files()
    response = upload(api(staf), agreement, PDF + b"0" * 1024)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_file"
    assert "terlalu besar" in response.json()["detail"]
    assert not Document.objects.exists()
    assert stored_files() == before
    assert upload(api(staf), agreement, PDF).status_code == 201


def test_failed_row_write_removes_the_file(staf, monkeypatch):
    agreement = make_agreement()
    before = stored_files()

    def boom(self, *args, **kwargs):
        raise RuntimeError("basis data mati")

    monkeypatch.setattr(Document, "save", boom)
    with pytest.raises(RuntimeError):
        services.document_upload(
            agreement_id=agreement.pk,
            doc_type="kb",
            user=staf,
            uploaded_file=SimpleUploadedFile("kb.pdf", PDF),
        )
    assert stored_files() == before


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\win.ini.pdf",
        "kb\x00\x07\x1b[31m.pdf",
        "\n\r\t.pdf",
        "/absolut/KB final.pdf",
    ],
)
def test_filenames_are_sanitised(staf, name):
    agreement = make_agreement()
    document = services.document_upload(
        agreement_id=agreement.pk,
        doc_type="kb",
        user=staf,
        uploaded_file=SimpleUploadedFile(name, PDF),
    )
    assert document.filename.endswith(".pdf")
    assert "/" not in document.filename
    assert "\\" not in document.filename
    assert ".." not in document.filename
    assert all(ch.isprintable() for ch in document.filename)
    stored = os.path.realpath(document.file.path)
    assert stored.startswith(os.path.realpath(settings.MEDIA_ROOT) + os.sep)


def test_filename_sanitised_through_the_api(api, staf):
    agreement = make_agreement()
    response = upload(api(staf), agreement, PDF, name="../../../tmp/\x07jahat.pdf")
    assert response.status_code == 201
    assert response.json()["filename"] == "jahat.pdf"


def test_service_refuses_empty_file_directly(staf):
    agreement = make_agreement()
    with pytest.raises(InvalidUpload):
        services.document_upload(
            agreement_id=agreement.pk,
            doc_type="kb",
            user=staf,
            uploaded_file=SimpleUploadedFile("x.pdf", b""),
        )


@pytest.mark.parametrize(
    ("data", "field"),
    [({"doc_type": "kb"}, "file"), ({"doc_type": "surat_cinta", "file": "F"}, "doc_type")],
)
def test_bad_form_is_400(api, staf, data, field):
    agreement = make_agreement()
    if data.get("file") == "F":
        data["file"] = SimpleUploadedFile("kb.pdf", PDF)
    before = stored_files()
    response = api(staf).post(
        f"/api/agreements/{agreement.pk}/documents/", data, format="multipart"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert stored_files() == before
    assert not Document.objects.exists()


def test_json_body_is_415(api, staf):
    agreement = make_agreement()
    response = api(staf).post(
        f"/api/agreements/{agreement.pk}/documents/", {"doc_type": "kb"}, format="json"
    )
    assert response.status_code == 415


def test_list_and_permissions(api, staf, sekda, dprd_user, nobody):
    agreement = make_agreement(burdens_public=True)
    hidden = make_agreement()
    upload(api(staf), agreement, PDF)
    url = f"/api/agreements/{agreement.pk}/documents/"
    for reader in (staf, sekda, dprd_user):
        assert len(api(reader).get(url).json()["results"]) == 1
    assert api(dprd_user).get(f"/api/agreements/{hidden.pk}/documents/").status_code == 404
    assert api(nobody).get(url).status_code == 403
    assert api().get(url).status_code == 401
    for writer_refused in (sekda, dprd_user):
        assert upload(api(writer_refused), agreement, PDF).status_code == 403
    assert Document.objects.count() == 1


def test_download_view(client, api, staf, dprd_user, nobody):
    agreement = make_agreement(burdens_public=True)
    hidden = make_agreement()
    body = upload(api(staf), agreement, PDF, name="KB Pasuruan.pdf").json()
    path = body["download_url"].split("testserver", 1)[1]
    client.force_login(staf)
    response = client.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert "KB Pasuruan.pdf" in response["Content-Disposition"]
    client.force_login(dprd_user)
    # DPRD gets its packets, nothing else: no document before the packet stage (test_faults).
    assert client.get(path).status_code == 403
    other = services.document_upload(
        agreement_id=hidden.pk,
        doc_type="kb",
        user=staf,
        uploaded_file=SimpleUploadedFile("x.pdf", PDF),
    )
    assert client.get(f"/kerja-sama/{hidden.pk}/dokumen/{other.pk}/unduh/").status_code == 404
    # A document id of another agreement under this agreement's URL is not found either.
    client.force_login(staf)
    assert client.get(f"/kerja-sama/{agreement.pk}/dokumen/{other.pk}/unduh/").status_code == 404
    client.force_login(nobody)
    assert client.get(path).status_code == 403
    client.logout()
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --------------------------------------------------------------------------- naskah


def naskah_url(agreement) -> str:
    return f"/api/agreements/{agreement.pk}/naskah/"


def test_naskah_create_and_list(api, staf):
    agreement = make_agreement()
    document = services.document_upload(
        agreement_id=agreement.pk,
        doc_type="kb",
        user=staf,
        uploaded_file=SimpleUploadedFile("kb.pdf", PDF),
    )
    client = api(staf)
    response = client.post(
        naskah_url(agreement),
        {
            "naskah_type": "kb",
            "number": "119/12/35.07.201/2026",
            "title": "KB pengelolaan sampah",
            "signed_on": "2026-03-10",
            "valid_from": "2026-03-10",
            "valid_until": "2031-03-09",
            "document": document.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    kb = response.json()
    assert kb == {
        "id": kb["id"],
        "naskah_type": "kb",
        "number": "119/12/35.07.201/2026",
        "title": "KB pengelolaan sampah",
        "signed_on": "2026-03-10",
        "valid_from": "2026-03-10",
        "valid_until": "2031-03-09",
        "document": document.pk,
        "amends": None,
    }
    addendum = client.post(
        naskah_url(agreement),
        {
            "naskah_type": "addendum",
            "signed_on": "2027-01-05",
            "amends": kb["id"],
        },
        format="json",
    )
    assert addendum.status_code == 201
    listed = client.get(naskah_url(agreement)).json()["results"]
    assert [n["naskah_type"] for n in listed] == ["kb", "addendum"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"naskah_type": "kb"}, "signed_on"),
        ({"naskah_type": "kb", "signed_on": None}, "signed_on"),
        ({"naskah_type": "kb", "signed_on": "10/03/2026"}, "signed_on"),
        ({"naskah_type": "mou", "signed_on": "2026-03-10"}, "naskah_type"),
        (
            {
                "naskah_type": "kb",
                "signed_on": "2026-03-10",
                "valid_from": "2026-03-10",
                "valid_until": "2026-01-01",
            },
            "valid_until",
        ),
        ({"naskah_type": "addendum", "signed_on": "2026-03-10"}, "amends"),
        ({"naskah_type": "kb", "signed_on": "2026-03-10", "document": 2**40}, "document"),
    ],
)
def test_naskah_bad_input_is_400(api, staf, data, field):
    agreement = make_agreement()
    response = api(staf).post(naskah_url(agreement), data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Naskah.objects.exists()


def test_naskah_refers_only_to_the_same_agreement(api, staf):
    agreement = make_agreement()
    other = make_agreement(title="Lain")
    foreign_doc = services.document_upload(
        agreement_id=other.pk,
        doc_type="kb",
        user=staf,
        uploaded_file=SimpleUploadedFile("kb.pdf", PDF),
    )
    foreign_kb = services.naskah_create(
        agreement_id=other.pk, naskah_type="kb", signed_on=dt.date(2026, 3, 1), user=staf
    )
    client = api(staf)
    response = client.post(
        naskah_url(agreement),
        {"naskah_type": "kb", "signed_on": "2026-03-10", "document": foreign_doc.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "kerja sama yang sama" in response.json()["document"][0]
    response = client.post(
        naskah_url(agreement),
        {"naskah_type": "addendum", "signed_on": "2026-03-10", "amends": foreign_kb.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "amends" in response.json()
    assert Naskah.objects.filter(agreement=agreement).count() == 0


def test_naskah_permissions(api, sekda, dprd_user, staf):
    agreement = make_agreement(burdens_public=True)
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type="kb", signed_on=dt.date(2026, 3, 1), user=staf
    )
    assert len(api(dprd_user).get(naskah_url(agreement)).json()["results"]) == 1
    data = {"naskah_type": "pks", "signed_on": "2026-03-10"}
    assert api(sekda).post(naskah_url(agreement), data, format="json").status_code == 403
    assert api().get(naskah_url(agreement)).status_code == 401
    assert api(staf).get("/api/agreements/999999/naskah/").status_code == 404
