"""Upload hardening: hostile names, a PDF "bomb", a zip bomb disguised as DOCX, and downloads.

The basics (allowed types by content, size limit, nothing stored on refusal, simple path names,
the document download view) are in tests/agreements/test_documents_api.py; this file covers
what an attacker would try next. Text extraction and signature checks run inline here (Celery
eager mode, the commit callbacks executed), exactly as the worker would run them.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services
from agreements.models import Document
from agreements.uploads import inspect_upload
from arsip import analysis
from arsip.models import DocumentAnalysis, DocumentText
from reports.models import ReportJob
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def upload(client, agreement, content: bytes, name: str, title: str = ""):
    return client.post(
        f"/api/agreements/{agreement.pk}/documents/",
        {"file": SimpleUploadedFile(name, content), "doc_type": "lainnya", "title": title},
        format="multipart",
    )


# --------------------------------------------------------------------------- hostile builders


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF with a correct xref table around the given object bodies (object 1 = catalog)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def many_pages_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def deflated_zeros(size: int) -> bytes:
    """zlib stream of `size` zero bytes, made chunk by chunk (never `size` bytes in memory)."""
    compressor = zlib.compressobj(9)
    chunk = bytes(MB)
    parts = [compressor.compress(chunk) for _ in range(size // MB)]
    parts.append(compressor.flush())
    return b"".join(parts)


def content_stream_bomb_pdf(size: int) -> bytes:
    """One page whose content stream inflates to `size` bytes."""
    stream = deflated_zeros(size)
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
        ]
    )


CYCLIC_PAGES_PDF = pdf_from_objects(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
    ]
)


def zip_bomb_docx(xml_bytes: int) -> bytes:
    """A DOCX-shaped zip whose word/document.xml inflates to `xml_bytes` (written streaming)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            member.write(b"<w:document><w:body><w:p><w:r><w:t>")
            chunk = b"A" * MB
            for _ in range(xml_bytes // MB):
                member.write(chunk)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


def lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of `member` in the central directory (a lying header)."""
    data = bytearray(data)
    name = member.encode()
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        if data[position + 46 : position + 46 + name_length] == name:
            data[position + 24 : position + 28] = declared.to_bytes(4, "little")
            return bytes(data)
        position = data.find(b"PK\x01\x02", position + 4)
    raise AssertionError(f"{member} not in the central directory")


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    return zip_bomb_docx(110 * MB)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "name",
    [
        "../" * 40 + "etc/passwd.pdf",
        "..\\..\\..\\Windows\\system32\\kb.pdf",
        "kb\x00\x01\x07\x08\x1b[2J\x7f.pdf",
        "laporan\u202efdp.exe",  # right-to-left override: shows as "laporanexe.pdf"
        "A" * 5000 + ".pdf",
        "ö" * 400 + ".pdf",
        "<script>alert(1)</script>.pdf",
        "....pdf",
    ],
)
def test_hostile_names_are_sanitised(api, staf, name):
    agreement = make_agreement()
    response = upload(api(staf), agreement, PDF, name=name)
    assert response.status_code == 201, response.json()
    filename = response.json()["filename"]
    assert filename.endswith(".pdf")
    assert 5 <= len(filename) <= 185
    assert not {"/", "\\", "<", ">"} & set(filename)
    assert ".." not in filename
    assert filename.isprintable()
    assert "\u202e" not in filename
    assert ".exe" not in filename
    document = Document.objects.get(pk=response.json()["id"])
    assert document.filename == filename
    # The stored path is the content hash under the agreement, never the uploaded name.
    assert document.file.name == f"dokumen/{agreement.pk}/{document.sha256[:2]}/{document.sha256}"


def test_hostile_name_and_title_through_the_page_form(client, staf):
    agreement = make_agreement()
    client.force_login(staf)
    response = client.post(
        f"/kerja-sama/{agreement.pk}/dokumen/",
        {
            "doc_type": "lainnya",
            "title": "Surat <b>resmi</b>",
            "file": SimpleUploadedFile("../../" + "x" * 3000 + "\x1b.pdf", PDF),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(agreement=agreement)
    assert document.filename == "x" * 180 + ".pdf"
    page = client.get(f"/kerja-sama/{agreement.pk}/").content.decode()
    assert "Surat &lt;b&gt;resmi&lt;/b&gt;" in page
    assert "Surat <b>resmi</b>" not in page


@pytest.mark.parametrize("title", ["KB\x00Pasuruan", "\x00"])
def test_nul_characters_are_refused_without_500(api, client, staf, title):
    agreement = make_agreement()
    response = upload(api(staf), agreement, PDF, name="kb.pdf", title=title)
    assert response.status_code == 400
    assert "title" in response.json()
    client.force_login(staf)
    response = client.post(
        f"/kerja-sama/{agreement.pk}/dokumen/",
        {"doc_type": "lainnya", "title": title, "file": SimpleUploadedFile("kb.pdf", PDF)},
    )
    assert response.status_code == 400
    assert not Document.objects.exists()


# --------------------------------------------------------------------------- PDF bombs


def test_pdf_with_3000_pages_is_handled_quickly_and_text_extraction_is_capped(
    api, staf, monkeypatch, django_capture_on_commit_callbacks
):
    from pypdf import PageObject

    data = many_pages_pdf(3000)
    calls = {"pages": 0}
    original = PageObject.extract_text

    def counting(self, *args, **kwargs):
        calls["pages"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", counting)
    agreement = make_agreement()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(api(staf), agreement, data, name="bom.pdf")
    elapsed = time.monotonic() - started

    assert response.status_code == 201
    assert len(callbacks) == 1  # the analysis was scheduled, and has run inline
    assert elapsed < 30, f"upload + analysis took {elapsed:.1f} s"
    assert calls["pages"] == analysis.MAX_PDF_PAGES == 1000
    result = DocumentAnalysis.objects.get(document_id=response.json()["id"])
    assert result.signature_status == "tidak_ditandatangani"
    assert result.text_chars == 0


def test_content_stream_bomb_is_not_inflated_in_memory():
    """A page whose content inflates to 200 MB: pypdf caps decompression (75 MB at most)."""
    data = content_stream_bomb_pdf(200 * MB)
    assert len(data) < 1 * MB
    tracemalloc.start()
    try:
        started = time.monotonic()
        try:
            text = analysis.pdf_text(data)
        except analysis.AnalysisError as exc:  # refused: also fine, as long as it is bounded
            text = str(exc)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(text) <= analysis.MAX_TEXT_CHARS
    assert text == "" or text.startswith("Teks PDF tidak dapat diekstrak")
    assert elapsed < 20
    assert peak < 100 * MB, f"peak {peak / MB:.0f} MB"


def test_cyclic_page_tree_is_a_readable_error(api, staf, django_capture_on_commit_callbacks):
    agreement = make_agreement()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api(staf), agreement, CYCLIC_PAGES_PDF, name="siklus.pdf")
    assert response.status_code == 201
    result = DocumentAnalysis.objects.get(document_id=response.json()["id"])
    assert "Teks PDF tidak dapat diekstrak" in result.error
    assert not DocumentText.objects.filter(document_id=response.json()["id"]).exists()


# --------------------------------------------------------------------------- zip bombs


def test_sniffing_a_zip_bomb_reads_only_the_directory(zip_bomb, monkeypatch):
    assert len(zip_bomb) < 1 * MB
    with zipfile.ZipFile(io.BytesIO(zip_bomb)) as archive:
        assert archive.getinfo("word/document.xml").file_size > 100 * MB

    def refuse(*args, **kwargs):
        raise AssertionError("sniff() must not open a member of the archive")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "read", refuse)
    tracemalloc.start()
    try:
        ext, content_type, size, _ = inspect_upload(
            SimpleUploadedFile("bom.docx", zip_bomb), max_bytes=20 * MB
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (ext, size) == ("docx", len(zip_bomb))
    assert content_type.endswith("wordprocessingml.document")
    assert peak < 10 * MB, f"peak {peak / MB:.0f} MB"


def test_zip_bomb_docx_upload_and_analysis_stay_small(
    api, staf, zip_bomb, django_capture_on_commit_callbacks
):
    agreement = make_agreement()
    tracemalloc.start()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(api(staf), agreement, zip_bomb, name="rancangan.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 201
    assert peak < 30 * MB, f"peak {peak / MB:.0f} MB"
    result = DocumentAnalysis.objects.get(document_id=response.json()["id"])
    assert "Isi DOCX terlalu besar untuk diindeks." in result.error
    assert not DocumentText.objects.filter(document_id=response.json()["id"]).exists()


def test_zip_bomb_with_a_lying_size_header_is_not_inflated(zip_bomb):
    """The directory claims 1 KB: reading stops there and the CRC check refuses the member."""
    lying = lie_about_size(zip_bomb, "word/document.xml", 1024)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1024
    tracemalloc.start()
    try:
        with pytest.raises(analysis.AnalysisError, match="Teks DOCX tidak dapat diekstrak"):
            analysis.docx_text(lying)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * MB, f"peak {peak / MB:.0f} MB"


def test_docx_within_the_cap_is_still_indexed():
    """The cap refuses bombs, not documents: a normal DOCX is read."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            "<w:document><w:p><w:r><w:t>Kesepakatan bersama</w:t></w:r></w:p></w:document>",
        )
    assert analysis.docx_text(buffer.getvalue()) == "Kesepakatan bersama"


# --------------------------------------------------------------------------- downloads


@pytest.fixture
def done_report(db):
    job = ReportJob.objects.create(
        key="unduh-uji", report_type="monev_annual", params={"year": 2026}, status="done"
    )
    job.file.save(job.file_name.split("/")[-1], ContentFile(PDF))
    return job


def test_report_download_is_an_attachment_with_nosniff(
    client, staf, sekda, dprd_user, nobody, done_report
):
    path = f"/laporan/{done_report.pk}/unduh/"
    for reader in (staf, sekda):
        client.force_login(reader)
        response = client.get(path, HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
    client.force_login(dprd_user)
    assert client.get(path).status_code == 404  # not a DPRD packet: not theirs
    client.force_login(nobody)
    assert client.get(path).status_code == 403
    client.logout()
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_media_url_is_never_served(client, superuser, staf, done_report):
    agreement = make_agreement()
    document = services.document_upload(
        agreement_id=agreement.pk,
        uploaded_file=SimpleUploadedFile("kb.pdf", PDF),
        doc_type="kb",
        user=staf,
    )
    client.force_login(superuser)
    for name in (document.file.name, done_report.file.name, "", "../manage.py"):
        response = client.get(f"/media-tidak-publik/{name}")
        assert response.status_code == 404, name
        assert PDF not in response.content
    # The authorised view does serve the same file.
    response = client.get(f"/kerja-sama/{agreement.pk}/dokumen/{document.pk}/unduh/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
