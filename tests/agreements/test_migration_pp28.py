"""The PP 28/2018 migration keeps existing data meaningful: the receipt date is the submission
date (deadlines unchanged) and `dprd_status` is derived from the decisions and the stage."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("agreements", "0002_reference_data_and_roles")]
AFTER = [("agreements", "0003_process_pp28_fields")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_agreements_get_receipt_date_and_dprd_status():
    old_apps = _migrate(BEFORE)
    Agreement = old_apps.get_model("agreements", "Agreement")
    DprdDecision = old_apps.get_model("agreements", "DprdDecision")

    def make(number: str, kind: str, stage: str, required: bool, **extra):
        return Agreement.objects.create(
            number=number,
            title=number,
            kind=kind,
            stage=stage,
            status="aktif",
            dprd_required=required,
            facilitated_on=dt.date(2026, 1, 5),
            **extra,
        )

    waiting = make(
        "KS/2026/9001", "KSDPL", "persetujuan_dprd", True,
        dprd_submitted_on=dt.date(2026, 3, 2), dprd_deadline=dt.date(2026, 5, 13),
    )  # fmt: skip
    refused = make("KS/2026/9002", "KSDD", "persetujuan_dprd", True)
    DprdDecision.objects.create(agreement=refused, decision="ditolak", date=dt.date(2026, 3, 9))
    approved = make("KS/2026/9003", "KSDPL", "pertimbangan_menteri", True)
    DprdDecision.objects.create(agreement=approved, decision="disetujui", date=dt.date(2026, 4, 1))
    not_needed = make("KS/2026/9004", "KSDD", "penyusunan_pks", False)
    early = make("KS/2026/9005", "KSDLL", "penjajakan", True)

    new_apps = _migrate(AFTER)
    Agreement = new_apps.get_model("agreements", "Agreement")
    rows = {
        a.number: a
        for a in Agreement.objects.filter(number__startswith="KS/2026/90").order_by("number")
    }
    assert rows[waiting.number].dprd_received_on == dt.date(2026, 3, 2)
    assert rows[waiting.number].dprd_deadline == dt.date(2026, 5, 13)
    assert {number: a.dprd_status for number, a in rows.items()} == {
        waiting.number: "menunggu",
        refused.number: "ditolak",
        approved.number: "disetujui",
        not_needed.number: "tidak_perlu",
        early.number: "belum_diajukan",
    }
    assert rows[refused.number].ksdd_form == ""
    assert rows[early.number].background == ""
    Agreement.objects.filter(number__startswith="KS/2026/90").delete()
