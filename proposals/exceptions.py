"""Domain errors of proposals (mapped to {"detail", "code"} by kerjasama.api)."""

from __future__ import annotations

from kerjasama.errors import Conflict, DomainError


class ProposalNotOpen(Conflict):
    code = "proposal_not_open"
    default_message = "Usulan ini tidak dalam status yang memungkinkan tindakan tersebut."


class HoneypotFilled(DomainError):
    code = "rejected"
    default_message = "Usulan tidak dapat diterima. Isi formulir melalui halaman /usulan/."


class RateLimited(DomainError):
    status_code = 429
    code = "throttled"

    def __init__(self, wait: int) -> None:
        super().__init__(
            f"Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam {wait} detik.",
            retry_after=wait,
        )
        self.wait = wait
