"""Indonesian presentation of numbers, money, percentages and dates (pages and PDFs)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lokal import terbilang as _terbilang

BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def group_thousands(value: int) -> str:
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def rupiah(value) -> str:
    """624558000 -> 'Rp 624.558.000'; None -> '–'."""
    if value is None or value == "":
        return "–"
    try:
        amount = int(Decimal(str(value)).to_integral_value(rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"Rp {group_thousands(amount)}"


def terbilang_rupiah(value) -> str:
    if value is None or value == "":
        return ""
    amount = int(Decimal(str(value)))
    if amount == 0:
        return "nol rupiah"
    return f"{_terbilang(amount)} rupiah"


def round_half_up(value, places: int = 0) -> Decimal | None:
    if value is None:
        return None
    quant = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP)


def percent(value, places: int = 0) -> str:
    """Whole percent, rounding half up (pages and PDFs): 137.5 -> '138%'; None -> '–'."""
    rounded = round_half_up(value, places)
    if rounded is None:
        return "–"
    text = f"{rounded:.{places}f}".replace(".", ",")
    return f"{text}%"


def number(value, places: int = 0) -> str:
    if value is None or value == "":
        return "–"
    rounded = round_half_up(value, places)
    if places == 0:
        return group_thousands(int(rounded))
    whole, frac = f"{rounded:.{places}f}".split(".")
    return f"{group_thousands(int(whole))},{frac}"


def tanggal(value) -> str:
    """date -> '23 November 2026'."""
    if not value:
        return "–"
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def lower_first(label: str) -> str:
    """A label inside a sentence: lower-case its first word only, unless that word is an acronym;
    acronyms and proper names further on keep their case ("Persetujuan DPRD" -> "persetujuan
    DPRD", "Pernyataan kehendak (LoI)" -> "pernyataan kehendak (LoI)", "KSDD" -> "KSDD")."""
    label = str(label or "")
    first, _, rest = label.partition(" ")
    if sum(ch.isupper() for ch in first) > 1:
        return label
    return f"{first[:1].lower()}{first[1:]}{' ' if rest else ''}{rest}"
