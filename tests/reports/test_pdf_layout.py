"""Every PDF type, filled with long real-looking data, keeps its content inside the page.

The check reads WeasyPrint's layout: every box laid out on a page (tables, cells, lines of text)
must end inside the page's content area (page width minus its margins). It also checks the
official form: the kop, a place and date, and a signature block on every report type.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from pypdf import PdfReader

from agreements import services as agreement_services
from agreements.models import Agreement, StageHistory
from monitoring import services as monitoring_services
from monitoring.models import ASPECTS, MonevConclusion
from reports import rendering
from reports.models import ReportJob, ReportType
from tests.factories import make_agreement, partner_for

pytestmark = pytest.mark.django_db

D = dt.date
LONG_TITLE = (
    "Kerja sama pengembangan sistem pengelolaan sampah terpadu berbasis teknologi ramah "
    "lingkungan, peningkatan kapasitas sumber daya manusia aparatur dan pemberdayaan bank sampah "
    "di kawasan perkotaan dan perdesaan {n}"
)
PARTNERS = {
    "KSDD": "Pemerintah Kabupaten Probolinggo beserta Dinas Lingkungan Hidup dan Kebersihan",
    "KSDPK": "PT Pembangunan Infrastruktur dan Pengelolaan Lingkungan Nusantara Sejahtera Tbk.",
    "KSDPL": "Stadt Frankfurt am Main, Dezernat für Wirtschaft, Stadtplanung und Internationales",
    "KSDLL": "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH Indonesia Office",
}
LONG_NOTE = (
    "Koordinasi lintas perangkat daerah belum optimal karena perubahan struktur organisasi; "
    "rapat teknis dilaksanakan tiga kali dengan notulen terlampir dan tindak lanjut berupa "
    "penyusunan rencana aksi bersama, pembagian peran, dan jadwal pelaporan triwulanan."
)


def _move(agreement: Agreement, stage: str, date: dt.date, user, note: str = "") -> None:
    StageHistory.objects.create(
        agreement=agreement, from_stage=agreement.stage, to_stage=stage, date=date,
        note=note, user=user,
    )  # fmt: skip
    Agreement.objects.filter(pk=agreement.pk).update(stage=stage)
    agreement.refresh_from_db()


@pytest.fixture
def long_registry(staf):
    User = get_user_model()
    staf.first_name = "Raden Roro Anindya Kusumawardhani"
    staf.last_name = "Setyaningrum, S.H., M.Kn."
    staf.save()
    agreements = []
    for n, kind in enumerate(("KSDD", "KSDPK", "KSDPL", "KSDLL", "KSDD", "KSDPL"), start=1):
        partners = [partner_for(kind, name=f"{PARTNERS[kind]} {i}") for i in range(1, 3 + (n % 2))]
        a = make_agreement(
            kind=kind, title=LONG_TITLE.format(n=n), facilitated_on=D(2025, n, 3 + n),
            user=staf, partners=partners, value_idr=12_345_678_900 * n,
            summary=LONG_NOTE * 2, objective=LONG_NOTE, scope=LONG_NOTE,
            financing_source="APBD Kabupaten Malang dan dana hibah mitra (berbagi biaya)",
        )  # fmt: skip
        for month, stage in ((n + 1, "penjajakan"), (n + 2, "persetujuan_dprd")):
            _move(a, stage, D(2025, month, 10), staf, note=LONG_NOTE)
        agreement_services.naskah_create(
            agreement_id=a.pk, naskah_type="kb", signed_on=D(2025, n + 3, 1),
            number=f"119/{n:03d}/KSDA/35.07.201/2025-PERUBAHAN-KEDUA", user=staf,
        )  # fmt: skip
        agreements.append(a)
    User.objects.filter(pk=staf.pk).update(username="raden.roro.anindya.kusumawardhani")
    for a in agreements[:3]:
        monitoring_services.evaluation_create(
            agreement_id=a.pk, user=staf, evaluated_on=D(2025, 12, 1), period_year=2025,
            relevansi=4, efektivitas=3, efisiensi=3, dampak=2, keberlanjutan=3,
            aspects=dict.fromkeys(ASPECTS, LONG_NOTE), obstacles=LONG_NOTE,
            follow_ups=LONG_NOTE,
        )  # fmt: skip
    for indicator, budget, spent in (
        ("output_antar_daerah", 492_704_200, 401_282_000),
        ("output_antar_lembaga_luar_negeri", 173_475_500, 142_695_000),
        ("laporan_monev", 93_099_650, 76_581_000),
    ):
        monitoring_services.target_set(
            indicator=indicator, year=2025, target=27, budget_idr=budget, realisation_idr=spent
        )
    MonevConclusion.objects.create(year=2025, text=LONG_NOTE * 3, updated_by=staf)
    return agreements


def _boxes_outside_the_page(document) -> list[str]:
    """Boxes (tables, cells, lines of text) ending outside the page's content area, or outside
    the table cell that holds them (a figure running over the cell's border)."""
    from weasyprint.formatting_structure import boxes

    def right_of(box) -> float:
        return box.border_box_x() + box.border_width()

    problems = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        left = page_box.content_box_x() - 0.5
        right = page_box.content_box_x() + page_box.width + 0.5
        stack = [(c, None) for c in page_box.children if not isinstance(c, boxes.MarginBox)]
        while stack:
            box, cell = stack.pop()
            x, end = box.border_box_x(), right_of(box)
            limit = right if cell is None else min(right, cell.content_box_x() + cell.width + 0.5)
            if x < left or end > limit:
                text = getattr(box, "text", "") or type(box).__name__
                problems.append(f"halaman {number}: {text[:40]!r} berakhir {end:.0f} > {limit:.0f}")
            inner = box if isinstance(box, boxes.TableCellBox) else cell
            stack.extend((child, inner) for child in getattr(box, "children", []))
    return problems


def _document(report_type: str, params: dict, agreement=None):
    job = ReportJob(report_type=report_type, params=params, agreement=agreement)
    if report_type == ReportType.DPRD_PACKET:
        context = rendering.dprd_packet_context(params["agreement"])
        context.update(attachments=[], skipped=[], attachment_count="0")
    else:
        context = rendering.report_context(job)
    return rendering.html_to_document(render_to_string(rendering.TEMPLATES[report_type], context))


def test_the_check_finds_a_table_wider_than_its_page():
    html = (
        "<table><tr>" + "".join(f'<td class="num">Rp {i}.000.000.000.000</td>' for i in range(12))
        + "</tr></table>"
    )  # fmt: skip
    assert _boxes_outside_the_page(rendering.html_to_document(html))


@pytest.mark.parametrize(
    "report_type",
    [
        ReportType.MONEV_ANNUAL,
        ReportType.SUPERVISOR_ANNUAL,
        ReportType.AGREEMENT_SHEET,
        ReportType.DPRD_PACKET,
    ],
)
def test_every_report_type_stays_inside_its_pages(long_registry, report_type):
    agreement = long_registry[2]  # a KSDPL at persetujuan_dprd
    params = {
        ReportType.MONEV_ANNUAL: {"year": 2025},
        ReportType.SUPERVISOR_ANNUAL: {"year": 2025, "kinds": ["KSDD", "KSDPK", "KSDPL", "KSDLL"]},
        ReportType.AGREEMENT_SHEET: {"agreement": agreement.pk},
        ReportType.DPRD_PACKET: {"agreement": agreement.pk},
    }[report_type]
    document = _document(report_type, params, agreement)
    problems = _boxes_outside_the_page(document)
    assert not problems, "\n".join(problems)
    pdf = document.write_pdf()
    if os.environ.get("PDF_LAYOUT_DIR"):  # to look at the pages (pdftoppm -png)
        Path(os.environ["PDF_LAYOUT_DIR"], f"{report_type}.pdf").write_bytes(pdf)
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "PEMERINTAH KABUPATEN MALANG" in text  # kop
    assert "Nomor" in text
    assert "Kepanjen, " in text  # place and date
    assert "(.........................................)" in text  # signature, name not configured
    if report_type in (ReportType.MONEV_ANNUAL, ReportType.AGREEMENT_SHEET):
        assert "NIP" in text  # the unit head signs: a civil servant
    for a in long_registry[:1]:
        if report_type != ReportType.DPRD_PACKET:
            assert a.number in text or report_type == ReportType.AGREEMENT_SHEET
