"""Project-level forms: the login form with a clear Indonesian message."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    # Django's Indonesian catalogue renders "Masukkan nama pengguna nama pengguna ...".
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil pada keduanya."
        ),
    }
