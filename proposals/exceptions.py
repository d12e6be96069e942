"""Domain errors of proposals (mapped to {"detail", "code"} by kerjasama.api)."""

from __future__ import annotations

from kerjasama.errors import Conflict, DomainError


class ProposalNotOpen(Conflict):
    code = "proposal_not_open"
    default_message = "Usulan ini tidak dalam status yang memungkinkan tindakan tersebut."


class HoneypotFilled(DomainError):
    code = "rejected"
    default_message = "Usulan tidak dapat diterima. Isi formulir melalui halaman /usulan/."


RATE_LIMITED = "Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam {wait} detik."
