"""axe-core (vendored, WCAG 2.1 A/AA) on every HTML page of the authorisation matrix, per role:
no serious or critical violation. Plus what axe cannot see: focus after a failed POST, visible
keyboard focus in the navigation, field errors tied to their fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.journeys.conftest import JOURNEY
from tests.security.test_authorization_matrix import MATRIX, build_path

pytestmark = JOURNEY

PDF_WITH_EOF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
AXE = (Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js").read_text()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
#: GET routes that answer with a file, JSON or an htmx fragment, not a page.
NOT_PAGES = re.compile(r"^(api/|healthz/|laporan/status/)|\.(csv|xlsx|json)$|/unduh/$")
#: matrix role -> the world's logged-in state
ROLE_STATE = {
    "anon": "anon",
    "staf": "staf",
    "sekda": "sekda",
    "dprd": "dprd",
    "superuser": "admin",
}


def axe_violations(page: Page) -> list[str]:
    """Serious and critical violations on the page as it is now, one line per node."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {node['target']} {node['failureSummary'][:200]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


@pytest.fixture(scope="module")
def ids(world, django_db_blocker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from agreements.models import Agreement, Partner
    from proposals.services import proposal_submit

    with django_db_blocker.unblock():
        agreement = Agreement.objects.get(title="Kota kembar Kabupaten Malang – Gemeente Arnhem")
        partner = Partner.objects.get(name="Gemeente Arnhem")
        document = agreement.documents.first()
        proposal = proposal_submit(
            data={
                "proposer_name": "Universitas Brawijaya", "proposer_type": "pihak_ketiga",
                "third_party_type": "perguruan_tinggi", "contact_name": "Dr. Sari Wulandari",
                "contact_email": "kerjasama@ub.example.ac.id", "kind": "KSDPK",
                "title": "Riset bersama pengelolaan air baku", "object": "Riset air baku",
                "scope": "Riset terapan dan magang", "benefits": "Kajian untuk PDAM",
                "financing": "Hibah riset universitas",
            },
            files=[SimpleUploadedFile("usulan.pdf", PDF_WITH_EOF)],
        )  # fmt: skip
    ids = {"pk": agreement.pk, "agreement_id": agreement.pk, "year": 2025,
           "document_id": document.pk, "job_id": 1}  # fmt: skip
    return ids, {
        "mitra/<int:pk>/ubah/": {"pk": partner.pk},
        "usulan-masuk/<int:pk>/": {"pk": proposal.pk},
    }


def pages_for(role: str, ids) -> list[str]:
    paths = []
    for route, (method, expected) in MATRIX.items():
        if method != "GET" or expected[role] != "ok" or NOT_PAGES.search(route):
            continue
        paths.append(build_path(route, *ids))
    return paths


@pytest.mark.parametrize("role", ROLE_STATE)
def test_every_page_of_the_matrix_passes_axe(open_as, ids, role):
    page = open_as(ROLE_STATE[role], None)
    problems = []
    checked = []
    for path in pages_for(role, ids):
        response = page.goto(path)
        assert response.status < 400, (path, response.status)
        if "text/html" not in response.headers.get("content-type", "") or page.url in checked:
            continue  # a file, or a redirect to a page already checked
        checked.append(page.url)
        problems += axe_violations(page)
    assert len(checked) >= (2 if role == "anon" else 5), checked
    assert problems == [], "\n".join(problems)


def test_product_error_pages_pass_axe(open_as):
    page = open_as("dprd", "/monev/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Akses ditolak")
    problems = axe_violations(page)
    response = page.goto("/tidak-ada-halaman-ini/")
    assert response.status == 404
    problems += axe_violations(page)
    assert problems == [], "\n".join(problems)


def test_failed_post_moves_focus_to_the_error_summary_and_ties_errors_to_fields(open_as):
    page = open_as("staf", "/kerja-sama/baru/")
    page.get_by_role("button", name="Simpan").click()
    summary = page.get_by_role("alert").filter(has_text="Data belum tersimpan")
    expect(summary).to_be_focused()
    title = page.get_by_label("Judul kerja sama")
    expect(title).to_have_attribute("aria-invalid", "true")
    # Every id that aria-describedby names exists (the error text is read with the field).
    described = title.get_attribute("aria-describedby")
    assert described
    for ref in described.split():
        expect(page.locator(f"#{ref}")).to_have_count(1)
    expect(page.locator(f"#{described.split()[-1]}")).to_contain_text("harus diisi")
    dangling = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
               el.getAttribute('aria-describedby').split(/\\s+/)
                 .filter(id => id && !document.getElementById(id)))"""
    )
    assert dangling == []
    assert page.locator("form[action='']").count() == 0
    assert axe_violations(page) == []


def test_keyboard_focus_in_the_navigation_is_visible(open_as):
    page = open_as("staf", "/")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    nav.get_by_role("link", name="Kerja Sama", exact=True).focus()
    page.keyboard.press("Tab")  # to "Mitra", by keyboard: :focus-visible applies
    link = nav.get_by_role("link", name="Mitra")
    expect(link).to_be_focused()
    outline = link.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert outline[0] != "none", outline
    assert outline[1] >= 2, outline
    assert outline[2] not in ("rgb(10, 74, 166)", "rgb(13, 110, 253)"), outline  # not blue on blue


def test_dprd_decision_has_to_be_chosen(open_as):
    from tests.e2e.journeys.steps import open_agreement

    page = open_as("staf", None)
    open_agreement(page, "Integrasi transportasi publik Malang Raya")
    decision = page.locator("form[action$='/dprd/']").get_by_label("Keputusan DPRD")
    expect(decision).to_have_value("")
    expect(decision.locator("option").first).to_have_text("— pilih keputusan —")
    expect(decision).to_have_attribute("required", "")
