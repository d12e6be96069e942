"""Browser journey: staf files a document and a naskah and corrects the title through the page;
the term runs out, the daily job ends the agreement, and the page shows the actual end date, its
reason, and one riwayat with every event and its time of day."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from kerjasama.formatting import tanggal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_ended_agreement_shows_actual_end_reason_and_whole_riwayat(login_as, page, live_server):
    from agreements.models import Agreement
    from tests.factories import UserFactory, make_agreement

    staf = UserFactory(username="rina.akhir", role="staf_kerja_sama", first_name="Rina")
    today = timezone.localdate()
    end = today - dt.timedelta(days=3)
    agreement = make_agreement(
        user=staf,
        title="Pengelolaan sampah regional",
        start_date=end.replace(year=end.year - 2),
        end_date=end,
    )
    Agreement.objects.filter(pk=agreement.pk).update(stage="pelaksanaan")
    login_as(staf)
    detail = f"{live_server.url}/kerja-sama/{agreement.pk}/"

    # Upload the signed PKS through the page.
    page.goto(detail)
    page.locator("summary", has_text="Unggah dokumen").click()
    page.get_by_label("Jenis dokumen").select_option("pks")
    page.get_by_label("Judul dokumen").fill("PKS bertanda tangan")
    page.get_by_label("Berkas").set_input_files(
        files=[{"name": "pks.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.get_by_text("Dokumen “PKS bertanda tangan” telah diunggah.")).to_be_visible()

    # Record the naskah linked to that document.
    page.locator("summary", has_text="Tambah naskah").click()
    page.get_by_label("Jenis naskah").select_option("pks")
    page.get_by_label("Nomor naskah").fill("PKS/07/2024")
    page.get_by_label("Tanggal ditandatangani").fill(agreement.start_date.isoformat())
    page.get_by_label("Dokumen naskah").select_option(label="PKS bertanda tangan")
    page.get_by_role("button", name="Simpan naskah").click()
    expect(page.get_by_text("telah ditambahkan")).to_be_visible()

    # Correct the title.
    page.get_by_role("link", name="Ubah data").click()
    page.get_by_label("Judul kerja sama").fill("Pengelolaan sampah regional TPA Talangagung")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("telah diperbarui")).to_be_visible()

    # The daily job of today (cron, beat, or scripts/run at start-up) ends the expired term.
    call_command("daily_tasks", stdout=io.StringIO())

    page.goto(detail)
    data = page.locator("#judul-data").locator("..")
    expect(data.locator("#akhir-sebenarnya")).to_have_text("Berakhir pada")
    ended = data.locator("#akhir-sebenarnya + dd")
    expect(ended).to_contain_text(tanggal(end))
    expect(ended).to_contain_text("Jangka waktu berakhir")
    expect(data.get_by_text("Masa berlaku (direncanakan)")).to_be_visible()
    expect(page.locator("header .badge", has_text="Tahapan: Selesai")).to_be_visible()

    riwayat = page.locator("#riwayat > li")
    types = riwayat.evaluate_all("items => items.map(i => i.dataset.event)")
    assert types == ["stage", "document", "naskah", "edit", "automatic_end"]
    for name, text in (
        ("document", "Dokumen diunggah: PKS bertanda tangan"),
        ("naskah", "Naskah ditambahkan: Perjanjian kerja sama"),
        ("edit", "Data diubah: judul"),
        ("automatic_end", "Berakhir otomatis"),
    ):
        item = page.locator(f'#riwayat > li[data-event="{name}"]')
        expect(item).to_contain_text(text)
        expect(item.locator("time")).to_contain_text(f"{tanggal(today)} pukul ")
    expect(page.locator('#riwayat > li[data-event="naskah"]')).to_contain_text(
        "Dokumen: PKS bertanda tangan"
    )
    expect(page.locator('#riwayat > li[data-event="automatic_end"]')).to_contain_text("sistem")
    page.screenshot(path="/tmp/e2e-agreement-ended.png", full_page=True)

    # The list shows the actual end and its reason, not the planned date as if still running.
    page.goto(f"{live_server.url}/kerja-sama/")
    row = page.get_by_role("row", name=agreement.number)
    expect(row).to_contain_text(tanggal(end))
    expect(row).to_contain_text("jangka waktu berakhir")
