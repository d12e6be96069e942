"""Reports to supervisors: PP 28/2018 Ps. 43 (KSDPL/KSDLL to Mendagri), UU 23/2014 Ps. 368."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from agreements import services
from agreements.models import Agreement, StageHistory
from reports.supervisor import supervisor_report
from tests.factories import make_agreement

D = dt.date


def _move(agreement: Agreement, stage: str, date: dt.date, status: str = "aktif") -> None:
    """Put an agreement at `stage` as of `date` (the stage machine itself is tested elsewhere)."""
    StageHistory.objects.create(
        agreement=agreement, from_stage=agreement.stage, to_stage=stage, date=date
    )
    fields = {"stage": stage, "status": status}
    if stage == "persetujuan_dprd":
        fields["dprd_status"] = "menunggu"  # what the transition service stores on entering
    Agreement.objects.filter(pk=agreement.pk).update(**fields)
    agreement.refresh_from_db()
    services.dprd_status_refresh(agreement)  # the stored DPRD state the services keep
    agreement.save(update_fields=["dprd_status"])


@pytest.fixture
def registry(staf):
    arnhem = make_agreement(
        kind="KSDPL", title="Sister city Arnhem", facilitated_on=D(2024, 5, 2), user=staf
    )
    _move(arnhem, "persetujuan_dprd", D(2025, 2, 3))
    services.dprd_decision_record(
        agreement_id=arnhem.pk, decision="disetujui", date=D(2025, 3, 10),
        letter_number="170/12/DPRD/2025", user=staf,
    )  # fmt: skip
    _move(arnhem, "pertimbangan_menteri", D(2025, 3, 12))
    giz = make_agreement(kind="KSDLL", title="Pengelolaan air GIZ", facilitated_on=D(2025, 6, 1))
    _move(giz, "persetujuan_dprd", D(2025, 11, 3))
    tokyo = make_agreement(kind="KSDLL", title="Beasiswa Tokyo", facilitated_on=D(2025, 1, 6))
    _move(tokyo, "persetujuan_dprd", D(2025, 4, 1))
    services.dprd_decision_record(
        agreement_id=tokyo.pk, decision="ditolak", date=D(2025, 5, 2), user=staf
    )
    _move(tokyo, "dibatalkan", D(2025, 5, 20), status="dibatalkan")
    # Not in the 2025 report: cancelled in 2024, facilitated in 2026, and a KSDD.
    old = make_agreement(kind="KSDPL", title="Penjajakan lama", facilitated_on=D(2023, 1, 9))
    _move(old, "dibatalkan", D(2024, 7, 1), status="dibatalkan")
    later = make_agreement(kind="KSDPL", title="Prakarsa baru", facilitated_on=D(2026, 2, 2))
    ksdd = make_agreement(kind="KSDD", title="TPA regional", facilitated_on=D(2025, 2, 2))
    return {"arnhem": arnhem, "giz": giz, "tokyo": tokyo, "old": old, "later": later, "ksdd": ksdd}


@pytest.mark.django_db
def test_report_lists_every_ksdpl_ksdll_with_stage_and_dprd_decision(registry):
    report = supervisor_report(year=2025)
    rows = {row.agreement.pk: row for row in report.rows}
    assert set(rows) == {registry["arnhem"].pk, registry["giz"].pk, registry["tokyo"].pk}
    arnhem = rows[registry["arnhem"].pk]
    assert arnhem.stage_label == "Pertimbangan Menteri"
    assert arnhem.status_label == "Aktif"
    assert arnhem.dprd_label == "Disetujui, 10 Maret 2025, no. 170/12/DPRD/2025"
    giz = rows[registry["giz"].pk]
    assert giz.stage_label == "Persetujuan DPRD"
    assert giz.dprd_label == "Menunggu keputusan DPRD"
    tokyo = rows[registry["tokyo"].pk]
    assert tokyo.stage_label == "Dibatalkan"
    assert tokyo.status_label == "Dibatalkan"
    assert tokyo.dprd_label == "Ditolak, 2 Mei 2025"
    [ksdpl, ksdll] = report.figures
    assert (ksdpl.kind, ksdpl.total, ksdpl.dprd_disetujui) == ("KSDPL", 1, 1)
    assert (ksdll.total, ksdll.aktif, ksdll.dibatalkan) == (2, 1, 1)
    assert (ksdll.facilitated_in_year, ksdll.dprd_ditolak, ksdll.dprd_menunggu) == (2, 1, 1)
    assert report.total.total == 3
    assert "Pasal 43" in report.legal_basis


@pytest.mark.django_db
def test_report_shows_the_stage_as_it_was_at_the_end_of_the_year(registry):
    report = supervisor_report(year=2024)
    rows = {row.agreement.pk: row for row in report.rows}
    assert set(rows) == {registry["arnhem"].pk, registry["old"].pk}
    assert rows[registry["arnhem"].pk].stage_label == "Prakarsa"
    assert rows[registry["arnhem"].pk].dprd_label == "Belum ada keputusan"
    assert rows[registry["old"].pk].status_label == "Dibatalkan"


@pytest.mark.django_db
def test_report_for_other_kinds_includes_ksdd(registry):
    report = supervisor_report(year=2025, kinds=("KSDD",))
    assert [row.agreement.pk for row in report.rows] == [registry["ksdd"].pk]
    assert report.rows[0].dprd_label == "Tidak diperlukan"
    assert "Pasal 368" in report.legal_basis


@pytest.mark.django_db
def test_supervisor_page_and_xlsx(client, sekda, registry):
    client.force_login(sekda)
    response = client.get(reverse("reports:supervisor", args=[2025]))
    assert response.status_code == 200
    body = response.content.decode()
    for key in ("arnhem", "giz", "tokyo"):
        assert registry[key].number in body
    assert registry["ksdd"].number not in body
    assert "Menunggu keputusan DPRD" in body

    response = client.get(reverse("reports:supervisor_xlsx", args=[2025]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "laporan-pengawasan-2025" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    listing = list(book["Daftar kerja sama"].iter_rows(values_only=True))
    assert listing[0][:3] == ("No.", "Nomor registri", "Judul")
    by_number = {row[1]: row for row in listing[1:]}
    assert set(by_number) == {registry[k].number for k in ("arnhem", "giz", "tokyo")}
    arnhem = by_number[registry["arnhem"].number]
    assert arnhem[6] == "Pertimbangan Menteri"
    assert arnhem[9].startswith("Disetujui")
    summary = list(book["Ringkasan"].iter_rows(values_only=True))
    assert summary[-1][:2] == ("Jumlah", 3)


@pytest.mark.django_db
def test_supervisor_page_kind_filter_and_empty_state(client, staf, registry):
    client.force_login(staf)
    body = client.get(
        reverse("reports:supervisor", args=[2025]), {"jenis": ["KSDD", "bukan"]}
    ).content.decode()
    assert registry["ksdd"].number in body
    assert registry["arnhem"].number not in body
    body = client.get(reverse("reports:supervisor", args=[2019])).content.decode()
    assert "Tidak ada kerja sama KSDPL/KSDLL yang berjalan pada tahun 2019" in body


@pytest.mark.django_db
def test_supervisor_access_and_bad_years(client, dprd_user, staf):
    url = reverse("reports:supervisor", args=[2025])
    assert client.get(url).status_code == 302
    client.force_login(dprd_user)
    assert client.get(url).status_code == 403
    assert client.get(reverse("reports:supervisor_xlsx", args=[2025])).status_code == 403
    client.force_login(staf)
    assert client.get(reverse("reports:supervisor", args=[1999])).status_code == 404
    assert client.get("/laporan/pengawasan/99999999999999999999/").status_code == 404
    response = client.get(reverse("reports:supervisor_index"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_supervisor_page_queries_do_not_grow(client, staf, registry):
    client.force_login(staf)
    url = reverse("reports:supervisor", args=[2025])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(12):
        make_agreement(kind="KSDLL", title=f"Kerja sama {n}", facilitated_on=D(2025, 3, 1))
    with CaptureQueriesContext(connection) as second:
        body = client.get(url).content.decode()
    assert "Kerja sama 11" in body
    assert len(second.captured_queries) == len(first.captured_queries)
    assert len(first.captured_queries) <= 9


@pytest.mark.django_db
def test_supervisor_pdf_template_renders_through_weasyprint(registry):
    from django.template.loader import render_to_string
    from pypdf import PdfReader

    from reports.rendering import html_to_document, supervisor_context
    from reports.supervisor import PDF_TEMPLATE

    context = supervisor_context(year=2025, kinds=["KSDPL", "KSDLL"])
    html = render_to_string(PDF_TEMPLATE, context)
    assert "Tahun 2025" in html
    pdf = html_to_document(html).write_pdf()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for key in ("arnhem", "giz", "tokyo"):
        assert registry[key].number in text
    flat = " ".join(text.split())
    # A kabupaten (home region 35.07) reports KSDPL/KSDLL to the Menteri through the Gubernur.
    assert "Laporan Pelaksanaan Kerja Sama Daerah" in flat
    assert "Menteri Dalam Negeri melalui Gubernur Jawa Timur" in flat


@pytest.mark.django_db
def test_supervisor_xlsx_neutralises_formulas(client, sekda, staf):
    """Titles and partner names that look like formulas stay text (CSV/XLSX injection)."""
    from tests.factories import partner_for

    evil = make_agreement(
        kind="KSDPL", title='=HYPERLINK("http://contoh.invalid","klik")',
        facilitated_on=D(2025, 3, 3), user=staf,
        partners=[partner_for("KSDPL", name="+SUM(A1:A9)")],
    )  # fmt: skip
    client.force_login(sekda)
    response = client.get(reverse("reports:supervisor_xlsx", args=[2025]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Daftar kerja sama"]
    title, partners = sheet.cell(row=2, column=3), sheet.cell(row=2, column=5)
    assert title.data_type == "s"
    assert title.value == "'" + evil.title
    assert partners.data_type == "s"
    assert partners.value == "'+SUM(A1:A9)"


def test_no_route_of_the_reports_app_is_shadowed():
    """Every reports URL resolves to its own view (no earlier route of another app answers it)."""
    from django.urls import get_resolver, resolve

    routes = [
        pattern
        for namespace in get_resolver().url_patterns
        if getattr(namespace, "namespace", None) == "reports"
        for pattern in namespace.url_patterns
    ]
    assert "supervisor_request" in {p.name for p in routes}
    for pattern in routes:
        route = str(pattern.pattern)
        kwargs = {part: 2025 for part in ("job_id", "agreement_id", "year") if part in route}
        path = reverse(f"reports:{pattern.name}", kwargs=kwargs)
        assert resolve(path).view_name == f"reports:{pattern.name}", path


@pytest.mark.django_db
def test_waiting_count_follows_the_rows_label(registry):
    """An agreement that needs no DPRD approval is not counted as waiting for it."""
    ksdd = registry["ksdd"]
    assert not ksdd.dprd_required
    _move(ksdd, "persetujuan_dprd", D(2025, 9, 1))
    Agreement.objects.filter(pk=ksdd.pk).update(dprd_required=False)
    report = supervisor_report(year=2025, kinds=("KSDD",))
    [row] = report.rows
    assert row.dprd_label == "Tidak diperlukan"
    assert report.figures[0].dprd_menunggu == 0
