"""Indicators in force and Renstra periods (DOMAIN.md section 11, "Tabel 2.1 and indicators").

Pure rules, no queries: which indicator counts in which year, which Renstra a year belongs to,
and how the programme was called that year.
"""

from __future__ import annotations

from django.conf import settings

from .models import Indicator

#: Years an indicator is in force (first, last), None = open. Indicators not listed always are.
#: The 2017 IKU ("peningkatan kuantitas dan kualitas", +5% a year) was replaced in 2018 by the
#: IKU of DOMAIN.md section 8 (Renstra target 80%, seed 004 Tabel 2.2).
IN_FORCE: dict[str, tuple[int | None, int | None]] = {
    Indicator.IKU_2017: (None, 2017),
    Indicator.IKU: (2018, None),
}

#: Programme (outcome, percentage) indicators, in table order; the others are activities.
PROGRAMME_INDICATORS: tuple[str, ...] = (Indicator.IKU_2017, Indicator.IKU)

#: The programme's name per first year (seed 004: 4.5.4 from the Renja 2019).
PROGRAMME_NAMES: tuple[tuple[int, str], ...] = (
    (0, "Program Kerja Sama Pembangunan"),
    (2019, "Program Fasilitasi dan Peningkatan Kerja Sama Daerah"),
)

#: Indicator text of the programme indicators (Tabel 2.1 column 3).
PROGRAMME_TEXTS = {
    Indicator.IKU_2017: "Persentase peningkatan kuantitas dan kualitas kerja sama",
    Indicator.IKU: "Persentase kerja sama antar daerah/luar negeri dan lembaga ditindaklanjuti "
    "menjadi naskah kerja sama",
}

RENSTRA_LENGTH = 5


def in_force(indicator: str, year: int) -> bool:
    first, last = IN_FORCE.get(indicator, (None, None))
    return (first is None or year >= first) and (last is None or year <= last)


def programme_name(year: int) -> str:
    return [name for first, name in PROGRAMME_NAMES if year >= first][-1]


def renstra_periods() -> list[tuple[int, int]]:
    """Configured Renstra periods, oldest first (setting KERJASAMA_RENSTRA_PERIODS)."""
    return sorted(settings.KERJASAMA_RENSTRA_PERIODS)


def renstra_period(year: int) -> tuple[int, int]:
    """(first, last) year of the Renstra in force in `year`.

    Configured periods win; before the first and after the last, periods of five years are
    assumed to follow one another (the next Renstra starts the year after the last ends).
    """
    periods = renstra_periods()
    for first, last in periods:
        if first <= year <= last:
            return first, last
    if not periods or year > periods[-1][1]:
        last_end = periods[-1][1] if periods else year - 1
        first = last_end + 1 + (year - last_end - 1) // RENSTRA_LENGTH * RENSTRA_LENGTH
        return first, first + RENSTRA_LENGTH - 1
    first_start = periods[0][0]
    last = first_start - 1 - (first_start - 1 - year) // RENSTRA_LENGTH * RENSTRA_LENGTH
    return last - RENSTRA_LENGTH + 1, last
