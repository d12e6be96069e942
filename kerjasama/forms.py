"""Project-level forms: the login form with a clear Indonesian message."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    # Django's Indonesian catalogue renders "Masukkan nama pengguna nama pengguna ...".
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil pada keduanya."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django only sets max_length (the HTML attribute) after the field is built, so a longer
        # name reached authenticate() and the lockout log (varchar 255): a 500 on PostgreSQL.
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
