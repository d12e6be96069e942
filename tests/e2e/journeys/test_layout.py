"""What a person sees at common sizes: the documents table at 1280 px, the agreement page and the
dashboard charts on a phone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.journeys.conftest import JOURNEY
from tests.e2e.journeys.steps import open_agreement

pytestmark = JOURNEY
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_documents_table_shows_every_download_link_at_1280(open_as):
    page = open_as("staf", None, viewport={"width": 1280, "height": 800})
    open_agreement(page, "Pengelolaan SPAM regional bersama Perumda Tirta Kanjuruhan")
    section = page.locator("section[aria-labelledby=judul-dokumen]")
    box = section.locator(".table-responsive")
    expect(box).to_be_visible()
    # Nothing to scroll sideways: every "Unduh" link lies fully inside the visible table box.
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    visible = box.bounding_box()
    links = section.get_by_role("link", name="Unduh", exact=False)
    assert links.count() >= 1
    for i in range(links.count()):
        link = links.nth(i).bounding_box()
        assert link["x"] >= visible["x"]
        assert link["x"] + link["width"] <= visible["x"] + visible["width"] + 0.5, (link, visible)
    section.screenshot(path="/tmp/e2e-documents-1280.png")


def test_phone_shows_partner_and_value_before_the_history(open_as):
    page = open_as("sekda", None, **PHONE)
    page.goto("/kerja-sama/")
    page.get_by_role("link", name="KS/2019/0003").click()
    summary = page.get_by_test_id("ringkasan-ponsel")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Pemerintah Kota Malang")
    expect(summary).to_contain_text("Rp")
    history = page.locator("section[aria-labelledby=judul-riwayat]")
    assert summary.bounding_box()["y"] < history.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path="/tmp/e2e-detail-phone.png")
    # On a wide screen the summary is not repeated.
    wide = open_as("sekda", page.url)
    expect(wide.get_by_test_id("ringkasan-ponsel")).to_be_hidden()


def test_dashboard_chart_labels_are_readable_on_a_phone(open_as):
    page = open_as("sekda", "/monev/", **PHONE)
    charts = page.locator(".chart svg")
    expect(charts.first).to_be_visible()
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.chart svg')].flatMap(svg => {
               const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
               return [...svg.querySelectorAll('text')].map(t =>
                   parseFloat(getComputedStyle(t).fontSize) * scale);
           })"""
    )
    assert sizes
    assert min(sizes) >= 11, sizes
    # The chart scrolls inside its box; the page itself does not widen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path="/tmp/e2e-dashboard-phone.png", full_page=False)
