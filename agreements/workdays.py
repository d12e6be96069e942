"""Working days: Monday to Friday, minus Indonesian national holidays and cuti bersama.

Uses the `holidays` package: category "public" (hari libur nasional) and "government"
(cuti bersama). UU 23/2014 Ps. 1 angka 50: "hari" means working day.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> frozenset[dt.date]:
    calendar = holidays.Indonesia(years=year, categories=("public", "government"))
    return frozenset(calendar.keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_for(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start`, counting from the next day."""
    current = start
    counted = 0
    while counted < days:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    Dates beyond kerjasama.limits.DATE_MAX (refused on input since issue 19, but possibly in old
    rows) are counted up to that bound: a date in 9990 cost 6.5 s on every view.
    """
    from kerjasama.limits import DATE_MAX

    end = min(end, DATE_MAX)
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
