"""Tabel 2.1 as printed on the page and in the annual monev PDF (one place for both).

A cell is either a figure (whole percent or number, rounding half up), "–" when the column does
not apply to the row's indicator (its year lies outside the period in force), or "belum ada data"
when the figure is unknown (a realisation or target not entered and not counted by the registry).
"""

from __future__ import annotations

from typing import Any

from kerjasama.formatting import number, percent

#: Columns 4-11, in order, and whether they are percentages on an activity row.
COLUMNS: tuple[tuple[str, bool], ...] = (
    ("renstra_target", False),
    ("realisation_before", False),
    ("target_prev_year", False),
    ("realisation_prev_year", False),
    ("rate_prev_year_percent", True),
    ("target_year", False),
    ("realisation_to_date", False),
    ("renstra_achievement_percent", True),
)
UNKNOWN = "belum ada data"
NOT_APPLICABLE = "–"


def renja_cells(row: dict[str, Any], *, with_unit: bool = True) -> list[dict[str, Any]]:
    cells = []
    for name, is_percent in COLUMNS:
        value = row.get(name)
        if name in row.get("not_applicable", ()):
            cells.append({"name": name, "text": NOT_APPLICABLE, "state": "na"})
            continue
        if value is None:
            cells.append({"name": name, "text": UNKNOWN, "state": "unknown"})
            continue
        if is_percent or row.get("is_mean"):
            text = percent(value)
        else:
            text = f"{number(value)} {row['unit']}" if with_unit else number(value)
        note = ""
        if name == "rate_prev_year_percent" and row.get("is_mean"):
            known, total = row.get("mean_of_activities"), row.get("activities_total")
            note = (
                "rata-rata kegiatan"
                if known == total
                else f"rata-rata {known} dari {total} kegiatan yang ada datanya"
            )
        cells.append({"name": name, "text": text, "state": "value", "note": note})
    return cells


def renja_display(rows: list[dict[str, Any]], *, with_unit: bool = True) -> list[dict[str, Any]]:
    """The rows with their printed cells and their number (programme rows get none)."""
    out, counter = [], 0
    for row in rows:
        if not row["is_mean"]:
            counter += 1
        out.append(
            {
                **row,
                "cells": renja_cells(row, with_unit=with_unit),
                "no": "" if row["is_mean"] else counter,
            }
        )
    return out
