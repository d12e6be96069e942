"""Domain errors of the agreements app (mapped to {"detail", "code"} by kerjasama.api)."""

from __future__ import annotations

from kerjasama.errors import Conflict, DomainError

from .choices import Stage


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"

    def __init__(self, *, to: str, allowed: list[str]) -> None:
        names = ", ".join(Stage(s).label for s in allowed) or "tidak ada"
        try:
            target = Stage(to).label
        except ValueError:
            target = to
        super().__init__(
            f"Perpindahan ke tahapan “{target}” tidak diizinkan saat ini. "
            f"Tahapan yang dapat dituju: {names}.",
            allowed=list(allowed),
        )


class PrerequisiteMissing(DomainError):
    code = "prerequisite_missing"

    def __init__(self, missing: list) -> None:
        labels = "; ".join(r.label for r in missing)
        super().__init__(
            f"Prasyarat belum lengkap: {labels}.",
            missing=[{"source": r.source, "code": r.code, "label": r.label} for r in missing],
        )


class StaleVersion(Conflict):
    code = "stale_version"
    default_message = (
        "Data kerja sama ini telah diubah oleh pengguna lain sejak Anda membukanya. "
        "Muat ulang halaman, periksa perubahan, lalu simpan kembali."
    )


class InvalidState(DomainError):
    code = "invalid_state"


class InvalidUpload(DomainError):
    code = "invalid_file"


class StorageFull(DomainError):
    """The file store has no room left: 507 Insufficient Storage, and nothing was stored."""

    status_code = 507
    code = "storage_full"
    default_message = (
        "Penyimpanan penuh: berkas tidak dapat disimpan dan tidak ada yang tersimpan. "
        "Hubungi administrator untuk menambah ruang penyimpanan, lalu unggah kembali."
    )
