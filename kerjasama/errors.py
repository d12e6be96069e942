"""Base of every domain error: a human sentence in Indonesian plus a machine code.

The API's exception handler turns it into {"detail", "code"} with the error's status;
HTML views show `message` to the user.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status_code = 400
    code = "invalid"
    default_message = "Permintaan tidak dapat diproses."

    def __init__(self, message: str | None = None, **extra: Any) -> None:
        self.message = message or self.default_message
        self.extra = extra
        super().__init__(self.message)


class Conflict(DomainError):
    status_code = 409
    code = "conflict"
    default_message = "Data telah diubah oleh pengguna lain. Muat ulang lalu coba lagi."


class NotAllowed(DomainError):
    status_code = 403
    code = "permission_denied"
    default_message = "Anda tidak berhak melakukan tindakan ini."
