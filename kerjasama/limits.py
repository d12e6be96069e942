"""Bounds on what users may type: text length and dates (services check them, forms show them).

A 2.3 MB summary killed the agreement-sheet render; a stage date 9999-12-31 overflowed the
working-day count (500) and a date in 9990 made every view of the agreement count ~2.9 million
days (6.5 s). Every text field typed by people is at most TEXT_MAX_CHARS characters; every date
lies in DATE_MIN..DATE_MAX.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

TEXT_MAX_CHARS = 10_000
DATE_MIN = dt.date(1945, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)


def text_error(value: Any, limit: int = TEXT_MAX_CHARS) -> str | None:
    if isinstance(value, str) and len(value) > limit:
        return (
            f"Teks terlalu panjang ({len(value):,} karakter); paling banyak {limit:,} karakter."
        ).replace(",", ".")
    return None


def date_error(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date) and not DATE_MIN <= value <= DATE_MAX:
        return (
            f"Tanggal harus antara {DATE_MIN.strftime('%d-%m-%Y')} dan "
            f"{DATE_MAX.strftime('%d-%m-%Y')}."
        )
    return None


def check_values(values: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Add a field error for every too-long text and out-of-range date among `values`."""
    for name, value in values.items():
        message = text_error(value) if isinstance(value, str) else date_error(value)
        if message and name not in errors:
            errors[name] = [message]
    return errors


def check_instance(instance, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """check_values over a model instance's TextFields and DateFields (new fields included)."""
    from django.db import models

    values = {
        f.name: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if isinstance(f, models.TextField | models.DateField)
        and not isinstance(f, models.DateTimeField)
    }
    return check_values(values, errors)
