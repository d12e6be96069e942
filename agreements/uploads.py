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
        pdf_check(fileobj)
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


#: Markup that makes a browser or mail client treat the bytes as a web page, not a PDF.
_HTML_MARKERS = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|object|embed|svg)[\s>/]", re.I
)
_PDF_NOT_A_PDF = (
    "Berkas ini bukan PDF yang utuh: diawali tanda PDF tetapi isinya bukan dokumen PDF "
    "(misalnya halaman web). Unggah PDF asli hasil pindai atau ekspor."
)


def pdf_check(fileobj) -> None:
    """A PDF ends with %%EOF and carries no web-page markup; else InvalidUpload.

    "%PDF-" followed by HTML passed the magic-number check and was stored as a PDF.
    """
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(max(0, size - 2048))
    tail = fileobj.read()
    fileobj.seek(0)
    head = fileobj.read(64 * 1024)
    fileobj.seek(0)
    if b"%%EOF" not in tail or _HTML_MARKERS.search(head):
        raise InvalidUpload(_PDF_NOT_A_PDF)


#: Keys that make a PDF run something: JavaScript, actions on open/close/page events, launching
#: programs, submitting or importing data.
_ACTION_KEYS = ("/AA", "/OpenAction", "/JS", "/JavaScript")
_ACTION_TYPES = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm", "/GoToE"}


def _action_type(value) -> str | None:
    """The /S (action type) of an action dictionary, following an indirect reference."""
    from pypdf.generic import DictionaryObject, IndirectObject

    if isinstance(value, IndirectObject):
        value = value.get_object()
    return value.get("/S") if isinstance(value, DictionaryObject) else None


def _dangerous_keys(obj) -> list[str]:
    """The keys of a dictionary that run something: _ACTION_KEYS, and /A naming such an action."""
    keys = [key for key in _ACTION_KEYS if key in obj]
    if "/A" in obj and _action_type(obj["/A"]) in _ACTION_TYPES:
        keys.append("/A")
    return keys


def _clean_dictionary(obj) -> tuple[int, list]:
    """Strip one dictionary: (entries removed, values still to walk).

    An action dictionary itself is emptied, even when nothing references it; otherwise its
    dangerous keys go and every remaining value but /Parent (which leads back up) is walked.
    """
    if obj.get("/S") in _ACTION_TYPES:
        obj.clear()
        return 1, []
    keys = _dangerous_keys(obj)
    for key in keys:
        del obj[key]
    return len(keys), [value for key, value in obj.items() if key != "/Parent"]


def _walk_clean(roots) -> int:
    """Clean every object reachable from `roots` once (depth first); entries removed."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    removed = 0
    seen: set[int] = set()
    stack = list(reversed(roots))
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            obj = obj.get_object()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        children: list = []
        if isinstance(obj, DictionaryObject):
            count, children = _clean_dictionary(obj)
            removed += count
        elif isinstance(obj, ArrayObject):
            children = list(obj)
        stack.extend(reversed(children))
    return removed


def sanitize_pdf(writer) -> int:
    """Strip JavaScript and automatic/launch actions from every object of a pypdf PdfWriter.

    Used on the DPRD packet before it is written: the partners' PDFs are merged into a file the
    DPRD opens. Returns how many entries were removed.
    """
    roots = [writer._root_object, *(obj for obj in writer._objects if obj is not None)]
    return _walk_clean(roots)


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
