"""Pure functions over the bytes of a stored document: PDF signatures (pyHanko) and text.

No database access here: services.document_analyse reads the file, calls these and writes rows.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import html
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field

from django.utils import timezone

from kerjasama.formatting import tanggal

from .models import SignatureStatus, TrustStatus

logger = logging.getLogger(__name__)

#: Text beyond this is not indexed (PostgreSQL caps a tsvector at 1 MB).
MAX_TEXT_CHARS = 500_000
MAX_PDF_PAGES = 1_000
#: A DOCX whose document.xml inflates beyond this is not read (zip bomb).
MAX_DOCX_XML_BYTES = 50 * 1024 * 1024
DOCX_READ_CHUNK = 1024 * 1024

COVERAGE_LABELS = {
    "entire_file": "tanda tangan mencakup seluruh berkas",
    "entire_revision": "tanda tangan mencakup seluruh revisi yang ditandatangani",
    "contiguous_block_from_start": "tanda tangan hanya mencakup sebagian awal berkas",
    "unclear": "cakupan tanda tangan tidak jelas",
}
NO_ROOTS_NOTE = (
    "tidak diverifikasi terhadap akar tepercaya (belum ada sertifikat akar, mis. BSrE, yang "
    "dikonfigurasi pada ARSIP_TRUST_ROOTS)"
)


class AnalysisError(Exception):
    """The file could not be read as what it claims to be (message in Indonesian)."""


@dataclass
class SignatureResult:
    field_name: str
    signer_name: str
    signing_time: dt.datetime | None
    intact: bool
    coverage: str
    trust_status: str
    summary: str
    altered: bool = False


@dataclass
class SignatureCheck:
    status: str
    signatures: list[SignatureResult] = field(default_factory=list)
    note: str = ""


# --------------------------------------------------------------------------- trust roots


def trust_roots_load(paths: list[str]) -> list:
    """asn1crypto certificates from the configured PEM/DER files; unreadable files are logged."""
    from pyhanko.keys import load_certs_from_pemder

    roots = []
    for path in paths:
        try:
            roots.extend(load_certs_from_pemder([path]))
        except (OSError, ValueError) as exc:
            logger.error("Akar tepercaya %s tidak dapat dibaca: %s", path, exc)
    return roots


# --------------------------------------------------------------------------- signatures


def _signer_name(cert) -> str:
    if cert is None:
        return ""
    subject = cert.subject.native
    return str(subject.get("common_name") or cert.subject.human_friendly)[:255]


def _signing_time(status) -> dt.datetime | None:
    ts = getattr(status, "timestamp_validity", None)
    when = getattr(ts, "timestamp", None) if ts is not None else None
    when = when or status.signer_reported_dt
    if when is not None and timezone.is_naive(when):
        when = timezone.make_aware(when, dt.UTC)
    return when


def _summary(result: SignatureResult, *, has_roots: bool, modified_after: bool) -> str:
    parts = []
    who = result.signer_name or "penanda tangan tidak diketahui"
    when = ""
    if result.signing_time:
        local = timezone.localtime(result.signing_time)
        when = f" pada {tanggal(local)} pukul {local:%H.%M}"
    parts.append(f"Ditandatangani secara elektronik oleh {who}{when}.")
    coverage = COVERAGE_LABELS.get(result.coverage, "cakupan tanda tangan tidak jelas")
    if not result.intact:
        parts.append(
            "Isi dokumen TIDAK cocok dengan tanda tangan: dokumen diubah setelah ditandatangani."
        )
    elif modified_after:
        parts.append(f"Ada perubahan setelah penandatanganan ({coverage}).")
    else:
        parts.append(f"Isi dokumen utuh sejak ditandatangani ({coverage}).")
    if result.trust_status == TrustStatus.TEPERCAYA:
        parts.append("Sertifikat tepercaya: rantai sertifikat sampai ke akar tepercaya.")
    elif result.trust_status == TrustStatus.TIDAK_DIVERIFIKASI:
        parts.append(f"Sertifikat {NO_ROOTS_NOTE}.")
    elif has_roots:
        parts.append(
            "Sertifikat tidak tepercaya: rantai sertifikat tidak sampai ke akar tepercaya yang "
            "dikonfigurasi, atau tanda tangan tidak sah."
        )
    return " ".join(parts)


def run_sync(fn, *args, **kwargs):
    """Call one of pyHanko's synchronous functions (they use asyncio.run() inside).

    When this thread already runs an event loop (an async caller, or a test process that also
    drives Playwright), the call is made in a short-lived worker thread instead of failing.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def signatures_check(data: bytes, *, trust_roots: list) -> SignatureCheck:
    """Find and validate the signatures embedded in a PDF, offline (no network fetching).

    Without trust roots a signature is never reported as trusted: `tidak_diverifikasi`.
    """
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise AnalysisError(f"Berkas PDF tidak dapat dibaca untuk pemeriksaan TTE: {exc}") from exc
    if not embedded:
        return SignatureCheck(status=SignatureStatus.TIDAK_DITANDATANGANI)

    has_roots = bool(trust_roots)
    results: list[SignatureResult] = []
    failed = False
    for sig in embedded:
        field_name = str(sig.field_name or "")[:255]
        context = ValidationContext(
            trust_roots=list(trust_roots), allow_fetching=False, revocation_mode="soft-fail"
        )
        try:
            status = run_sync(validate_pdf_signature, sig, context)
        except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as exc:
            failed = True
            results.append(
                SignatureResult(
                    field_name=field_name,
                    signer_name="",
                    signing_time=None,
                    intact=False,
                    coverage="unclear",
                    trust_status=(
                        TrustStatus.TIDAK_TEPERCAYA if has_roots else TrustStatus.TIDAK_DIVERIFIKASI
                    ),
                    summary=f"Tanda tangan pada kolom “{field_name}” tidak dapat divalidasi: {exc}",
                )
            )
            continue
        intact = bool(status.intact and status.valid)
        coverage_ok = status.coverage in (
            SignatureCoverageLevel.ENTIRE_FILE,
            SignatureCoverageLevel.ENTIRE_REVISION,
        )
        modified_after = not coverage_ok or status.modification_level == ModificationLevel.OTHER
        if not has_roots:
            trust = TrustStatus.TIDAK_DIVERIFIKASI
        elif status.bottom_line:
            trust = TrustStatus.TEPERCAYA
        else:
            trust = TrustStatus.TIDAK_TEPERCAYA
        result = SignatureResult(
            field_name=field_name,
            signer_name=_signer_name(status.signing_cert),
            signing_time=_signing_time(status),
            intact=intact,
            coverage=status.coverage.name.lower() if status.coverage is not None else "unclear",
            trust_status=trust,
            summary="",
            altered=not intact or modified_after,
        )
        result.summary = _summary(result, has_roots=has_roots, modified_after=modified_after)
        results.append(result)

    if any(r.altered for r in results):
        overall = SignatureStatus.DIUBAH
    elif failed:
        overall = SignatureStatus.GAGAL
    else:
        overall = SignatureStatus.UTUH
    return SignatureCheck(status=overall, signatures=results)


# --------------------------------------------------------------------------- text

_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    text = text.replace("\x00", "")
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()[:MAX_TEXT_CHARS]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        chunks: list[str] = []
        size = 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES or size >= MAX_TEXT_CHARS:
                break
            chunk = page.extract_text() or ""
            chunks.append(chunk)
            size += len(chunk)
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise AnalysisError(f"Teks PDF tidak dapat diekstrak: {exc}") from exc
    return _tidy("\n".join(chunks))


_DOCX_BREAK = re.compile(r"</w:p>|<w:br\s*/>|<w:tab\s*/>|<w:cr\s*/>")
# Attributes stop at the next "<" as well as ">": with [^>]* a run of "<w:t " without ">" made
# every start position scan to the end of the XML (quadratic; 1.8 KB DOCX = 30 s).
_DOCX_TEXT = re.compile(r"<w:t(?:\s[^<>]*)?>([^<]*)</w:t>")


def docx_text(data: bytes) -> str:
    """Paragraph text of word/document.xml, read with a regex (no XML entity expansion)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise AnalysisError("Isi DOCX terlalu besar untuk diindeks.")
            # Read in bounded pieces: archive.read() would inflate the whole member in one go
            # even when the directory lies about its size (zip bomb with a small header).
            chunks: list[bytes] = []
            total = 0
            with archive.open(info) as member:
                while chunk := member.read(DOCX_READ_CHUNK):
                    total += len(chunk)
                    if total > MAX_DOCX_XML_BYTES:
                        raise AnalysisError("Isi DOCX terlalu besar untuk diindeks.")
                    chunks.append(chunk)
            xml = b"".join(chunks).decode("utf-8", errors="replace")
            del chunks
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise AnalysisError(f"Teks DOCX tidak dapat diekstrak: {exc}") from exc
    pieces: list[str] = []
    position = 0
    for match in _DOCX_BREAK.finditer(xml):
        segment = xml[position : match.start()]
        pieces.append("".join(_DOCX_TEXT.findall(segment)))
        pieces.append("\n" if match.group(0) == "</w:p>" else " ")
        position = match.end()
    pieces.append("".join(_DOCX_TEXT.findall(xml[position:])))
    return _tidy(html.unescape("".join(pieces)))


TEXT_EXTRACTORS = {
    "application/pdf": pdf_text,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": docx_text,
}


def text_extract(data: bytes, content_type: str) -> str | None:
    """The document's text, or None when its format carries no extractable text."""
    extractor = TEXT_EXTRACTORS.get(content_type)
    return extractor(data) if extractor else None
