"""Browser journey: staf registers a KSDD and moves it two stages with the page's buttons."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staf_registers_ksdd_and_moves_it_two_stages(login_as, page, live_server):
    from agreements.models import Agreement
    from tests.factories import PartnerFactory, UserFactory

    staf = UserFactory(username="rina.alur", role="staf_kerja_sama")
    PartnerFactory(name="Pemerintah Kabupaten Pasuruan", partner_type="daerah")
    login_as(staf)

    page.goto(f"{live_server.url}/kerja-sama/")
    page.get_by_role("link", name="Daftarkan kerja sama pertama").click()
    page.get_by_label("Judul kerja sama").fill("Pengelolaan persampahan regional")
    page.get_by_label("Jenis kerja sama").select_option("KSDD")
    page.locator("#id_partners").select_option(label="Pemerintah Kabupaten Pasuruan (Daerah lain)")
    page.get_by_label("Urusan pemerintahan").select_option(value="2.11")
    page.get_by_label("Nilai kerja sama (Rp)").fill("150000000")
    page.get_by_label("Tanggal mulai difasilitasi").fill("2026-03-02")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state("networkidle")

    agreement = Agreement.objects.get()
    assert page.url == f"{live_server.url}/kerja-sama/{agreement.pk}/"
    assert page.get_by_role("heading", name="Pengelolaan persampahan regional").is_visible()
    current = page.locator('.timeline li[aria-current="step"]')
    assert current.get_attribute("data-stage") == "persiapan"

    page.get_by_role("button", name="Lanjut ke: Penawaran").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Tahapan kerja sama kini: Penawaran").is_visible()
    assert current.get_attribute("data-stage") == "penawaran"

    page.get_by_role("button", name="Lanjut ke: Penyusunan kesepakatan bersama").click()
    page.wait_for_load_state("networkidle")
    assert current.get_attribute("data-stage") == "penyusunan_kb"
    done = page.locator(".timeline li.done")
    assert [done.nth(i).get_attribute("data-stage") for i in range(done.count())] == [
        "persiapan",
        "penawaran",
    ]
    assert re.search(r"\d{1,2} \w+ \d{4}", done.nth(1).inner_text())  # date in Indonesian
    agreement.refresh_from_db()
    assert agreement.stage == "penyusunan_kb"
    assert agreement.stage_history.count() == 3
    page.screenshot(path="/tmp/e2e-agreement-detail.png", full_page=False)

    page.goto(f"{live_server.url}/kerja-sama/")
    assert page.get_by_role("link", name=agreement.number).is_visible()
    page.screenshot(path="/tmp/e2e-agreement-list.png", full_page=False)
