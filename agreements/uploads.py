"""Content sniffing of uploads: PDF, DOCX, XLSX, JPEG, PNG only, decided by the bytes."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile

from kerjasama.spreadsheet import XLSX_CONTENT_TYPE

from .exceptions import InvalidUpload

ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": XLSX_CONTENT_TYPE,
    "jpg": "image/jpeg",
    "png": "image/png",
}


def sniff(head: bytes, fileobj) -> str:
    """The extension key of ALLOWED that the content really is, else InvalidUpload."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        fileobj.seek(0)
        try:
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InvalidUpload("Berkas ZIP/Office rusak atau tidak dapat dibaca.") from exc
        finally:
            fileobj.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
    raise InvalidUpload(
        "Jenis berkas tidak diizinkan. Unggah PDF, DOCX, XLSX, JPEG, atau PNG "
        "(diperiksa dari isi berkas, bukan dari namanya)."
    )


def clean_filename(name: str, ext: str) -> str:
    """A display name without paths, control characters or odd characters, ending in `ext`."""
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" ._") or "dokumen"
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem[:180]}.{ext}"


def inspect_upload(uploaded, *, max_bytes: int) -> tuple[str, str, int, str]:
    """(extension, content_type, size, sha256) of a Django UploadedFile, or InvalidUpload."""
    size = uploaded.size or 0
    if size == 0:
        raise InvalidUpload("Berkas kosong tidak dapat diunggah.")
    if size > max_bytes:
        raise InvalidUpload(
            f"Berkas terlalu besar ({size / 1_048_576:.1f} MB). Batas ukuran "
            f"{max_bytes // 1_048_576} MB."
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    raw = uploaded.file if hasattr(uploaded, "file") else io.BytesIO(uploaded.read())
    ext = sniff(head, raw)
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return ext, ALLOWED[ext], size, digest.hexdigest()
