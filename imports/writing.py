"""Analysing the cleaned rows and writing the new ones through the agreements services.

`register_analyse` reads a file and says, per row, what would be created (agreement, partner new
or existing, naskah) or what is wrong (row number and column name, in Indonesian), with a constant
number of queries. `register_import` runs the same analysis inside one transaction and writes
every new row through the services (partner_create, agreement_create, naskah_create); one bad row
means nothing is written. Rows whose `import_key` already exists are skipped ("sudah ada"), so
importing the same file twice adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from agreements import services
from agreements.models import Agreement

from .cleaning import RowResult, clean_row, load_references, match_partners
from .columns import ROW_ERROR, ROW_EXISTS, ROW_NEW
from .reading import read_table


@dataclass
class ImportReport:
    rows: list[RowResult]
    filename: str = ""
    created: int = 0
    done: bool = False
    #: (id, number, title) of each agreement written, in file order.
    created_agreements: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [(r.line, col, msg) for r in self.rows for col, msg in r.errors]

    @property
    def ok(self) -> bool:
        return not any(r.errors for r in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def new_count(self) -> int:
        return self.count(ROW_NEW)

    @property
    def existing_count(self) -> int:
        return self.count(ROW_EXISTS)

    @property
    def error_rows(self) -> int:
        return self.count(ROW_ERROR)

    @property
    def new_partner_count(self) -> int:
        return len({r.partner_key for r in self.rows if r.status == ROW_NEW and r.partner_new})

    @property
    def naskah_count(self) -> int:
        return sum(1 for r in self.rows if r.status == ROW_NEW and r.values.get("naskah_type"))


def register_analyse(records: list[tuple[int, dict[str, Any]]]) -> ImportReport:
    """Dry run: what each row would do, in a constant number of queries."""
    rows = [RowResult(line=line, raw=raw) for line, raw in records]
    refs = load_references(rows)
    for row in rows:
        clean_row(row, refs)
    first_seen: dict[str, int] = {}
    for row in rows:
        if row.import_key in first_seen and not row.errors:
            column = "nomor" if row.values.get("nomor") else "judul"
            row.error(column, f"Baris ganda: sama dengan baris {first_seen[row.import_key]}.")
        first_seen.setdefault(row.import_key, row.line)
    existing = set(
        Agreement.objects.filter(import_key__in=[r.import_key for r in rows]).values_list(
            "import_key", flat=True
        )
    )
    match_partners(rows)
    for row in rows:
        if row.errors:
            row.status = ROW_ERROR
        elif row.import_key in existing:
            row.status = ROW_EXISTS
        else:
            row.status = ROW_NEW
    return ImportReport(rows=rows)


def _lock_imports() -> None:
    """Serialise concurrent imports so the import_key check inside the transaction holds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [7_202_601])


class _RowFailed(Exception):
    def __init__(self, row: RowResult, exc: ValidationError) -> None:
        self.row = row
        self.exc = exc


def _write_row(row: RowResult, user, partners: dict[tuple, int]):
    v = row.values
    partner_id = row.partner_id or partners.get(row.partner_key)
    if partner_id is None:
        partner = services.partner_create(user=user, **v["partner"])
        partner_id = partners[row.partner_key] = partner.pk
    summary = f"Nomor register lama: {v['nomor']}." if v["nomor"] else ""
    agreement = services.agreement_create(
        user=user,
        title=v["title"],
        kind=v["kind"],
        partners=[partner_id],
        urusan=v["urusan"],
        facilitated_on=v["facilitated_on"],
        stage=v["stage"],
        status=v["status"],
        start_date=v["start_date"],
        end_date=v["end_date"],
        ended_on=v["ended_on"],
        end_reason=v["end_reason"],
        summary=summary,
        import_key=row.import_key,
        entered_after_fact=True,
    )
    if v["naskah_type"]:
        valid = v["start_date"] and v["end_date"]
        services.naskah_create(
            agreement_id=agreement.pk,
            naskah_type=v["naskah_type"],
            number=v["naskah_number"],
            signed_on=v["signed_on"],
            valid_from=v["start_date"] if valid else None,
            valid_until=v["end_date"] if valid else None,
            user=user,
        )
    return agreement


def register_import(*, content: bytes, user, dry_run: bool = False) -> ImportReport:
    """Analyse the file; unless `dry_run`, write every new row or, on any error, nothing."""
    records = read_table(content)
    if dry_run:
        return register_analyse(records)
    try:
        with transaction.atomic():
            _lock_imports()
            report = register_analyse(records)
            if not report.ok:
                return report
            partners: dict[tuple, int] = {}
            for row in report.rows:
                if row.status != ROW_NEW:
                    continue
                try:
                    agreement = _write_row(row, user, partners)
                except ValidationError as exc:
                    raise _RowFailed(row, exc) from exc
                report.created += 1
                report.created_agreements.append((agreement.pk, agreement.number, agreement.title))
            report.done = True
            return report
    except _RowFailed as failed:
        # Everything was rolled back; report the row that could not be written.
        report = register_analyse(records)
        target = next(r for r in report.rows if r.line == failed.row.line)
        exc = failed.exc
        items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
        for column, messages in items:
            for message in messages:
                target.error(column or "-", message)
        target.status = ROW_ERROR
        return report
