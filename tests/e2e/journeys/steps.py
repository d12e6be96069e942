"""What a member of staff does on the pages, step by step (no shortcut through the database)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.journeys.conftest import flash

#: A small but real PDF (the upload checks the content, not the name).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def register(
    page: Page,
    *,
    title: str,
    kind: str,
    partner: str,
    value: str = "150000000",
    burdens_public: bool = False,
    end_date: str | None = None,
) -> str:
    """Fill "Daftarkan kerja sama" and save; returns the detail page's path."""
    page.goto("/kerja-sama/baru/")
    page.get_by_label("Judul kerja sama").fill(title)
    page.get_by_label("Jenis kerja sama").select_option(kind)
    page.locator("#id_partners").select_option(label=partner)
    page.get_by_label("Urusan pemerintahan").select_option(value="2.11")
    page.get_by_label("Nilai kerja sama (Rp)").fill(value)
    page.get_by_label("Tanggal mulai difasilitasi").fill("2026-03-02")
    if end_date:
        page.get_by_label("Tanggal mulai berlaku").fill("2026-03-02")
        page.get_by_label("Tanggal berakhir").fill(end_date)
    if burdens_public:
        page.get_by_label("Membebani masyarakat dan daerah").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/kerja-sama/\d+/$"))
    return page.url


def open_form(page: Page, summary: str, first_field: str) -> None:
    """Open a closed section of the detail page ("Tambah naskah", "Unggah dokumen") and wait
    for its form, which the page fetches when the section opens."""
    section = page.locator("details", has=page.locator("summary", has_text=summary))
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    expect(page.locator(first_field)).to_be_visible()


def upload(page: Page, *, doc_label: str, title: str) -> None:
    """Unggah dokumen: type, title, a PDF file."""
    open_form(page, "Unggah dokumen", "#dokumen_doc_type")
    page.get_by_label("Jenis dokumen").select_option(label=doc_label)
    page.get_by_label("Judul dokumen").fill(title)
    page.get_by_label("Berkas").set_input_files(
        {"name": f"{title}.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Unggah", exact=True).click()
    flash(page, f"Dokumen “{title}” telah diunggah.")
    expect(page.get_by_role("link", name=f"Unduh {title}")).to_be_visible()


def add_naskah(page: Page, *, naskah_label: str, number: str, document: str) -> None:
    """Tambah naskah, linked to an uploaded document; the naskah table then links that document."""
    open_form(page, "Tambah naskah", "#naskah_naskah_type")
    page.get_by_label("Jenis naskah").select_option(label=naskah_label)
    page.get_by_label("Nomor naskah").fill(number)
    page.get_by_label("Tanggal ditandatangani").fill("2026-03-10")
    page.get_by_label("Dokumen naskah").select_option(label=document)
    page.get_by_role("button", name="Simpan naskah").click()
    flash(page, "telah ditambahkan")
    row = page.locator("section[aria-labelledby=judul-naskah] tbody tr", has_text=number)
    expect(row.get_by_role("link", name=document)).to_have_attribute(
        "href", re.compile(r"/dokumen/\d+/unduh/$")
    )


def record_dprd(
    page: Page, decision: str = "Disetujui", letter: str = "170/12/35.07.100/2026"
) -> None:
    form = page.locator("form[action$='/dprd/']")
    form.get_by_label("Keputusan DPRD").select_option(label=decision)
    form.get_by_label("Nomor surat").fill(letter)
    form.get_by_role("button", name="Simpan keputusan").click()
    flash(page, "Keputusan DPRD telah dicatat.")
    expect(page.locator("section[aria-labelledby=judul-dprd] table")).to_contain_text(letter)


def satisfy(page: Page, missing: str, serial: str) -> None:
    """Do what a blocked step asks: the text names a document, a naskah or the DPRD decision."""
    lowered = missing.lower()
    if "ps. 27" in lowered:
        confirm_conditions(page)
        return
    if lowered.startswith("unsur rencana kerja sama"):
        # PP Ps. 30(3): every element filled in, or the signed rencana (its alternative).
        satisfy(page, "naskah rencana kerja sama", serial)
        return
    if "keputusan dprd" in lowered:
        record_dprd(page)
        return
    if lowered.startswith("naskah "):
        open_form(page, "Tambah naskah", "#naskah_naskah_type")
        options = page.locator("#naskah_naskah_type option").all_text_contents()
        label = next(o for o in options if o and o.lower() in lowered)
        title = f"Naskah {label} {serial}"
        open_form(page, "Unggah dokumen", "#dokumen_doc_type")
        doc_options = page.locator("#dokumen_doc_type option").all_text_contents()
        doc_label = next((o for o in doc_options if o and o.lower() in label.lower()), "Lainnya")
        upload(page, doc_label=doc_label, title=title)
        add_naskah(page, naskah_label=label, number=f"{serial}/{len(title)}", document=title)
        return
    if lowered.startswith("dokumen "):
        open_form(page, "Unggah dokumen", "#dokumen_doc_type")
        options = page.locator("#dokumen_doc_type option").all_text_contents()
        label = next(o for o in options if o and o.lower() in lowered)
        upload(page, doc_label=label, title=f"{label} {serial}")
        return
    raise AssertionError(f"unknown prerequisite on the page: {missing!r}")


def confirm_conditions(page: Page) -> None:
    """PP Ps. 27: confirm each condition not yet confirmed, as the logged-in staff member."""
    for item in page.locator("li[data-condition]").all():
        if item.get_by_text("Dikonfirmasi", exact=True).count():
            continue
        code = item.get_attribute("data-condition")
        form = page.locator(f'form:has(input[name="code"][value="{code}"])')
        form.locator('input[name="confirmed"]').check()
        form.locator('input[name="note"]').fill(f"Diperiksa bagian hukum: {code}")
        form.get_by_role("button").click()
        flash(page, "Syarat PP 28/2018 Ps. 27 telah dicatat.")
        expect(
            page.locator(f'li[data-condition="{code}"]').get_by_text("Dikonfirmasi", exact=True)
        ).to_be_visible()


def walk_to(page: Page, stage_label: str, serial: str, max_steps: int = 20) -> list[str]:
    """Press "Lanjut ke: …" until `stage_label` is the current stage, doing what each blocked
    step asks first. Returns the labels of the stages passed."""
    passed = []
    for _ in range(max_steps):
        # Acronyms keep their case inside sentences ("persetujuan DPRD", "(LoI)").
        steps_text = page.locator("section[aria-labelledby=judul-langkah]").inner_text()
        assert not re.search(r"\bdprd\b|\(loi\)", steps_text), steps_text
        if current_label(page) == stage_label:
            return passed
        button = page.get_by_role("button", name=re.compile(r"^Lanjut ke: ")).first
        expect(button).to_be_visible()
        if button.is_disabled():
            form = page.locator("form.step-form").filter(has=button)
            text = form.locator("p.text-danger").inner_text()
            missing = text.split("Prasyarat yang belum ada:", 1)[1].strip().rstrip(".")
            for item in missing.split("; "):
                satisfy(page, item, serial)
            continue
        target = button.inner_text().split("Lanjut ke:", 1)[1].strip()
        button.click()
        flash(page, f"Tahapan kerja sama kini: {target}.")
        expect(page.locator('.timeline li[aria-current="step"]')).to_contain_text(target)
        passed.append(target)
    raise AssertionError(f"{stage_label} not reached after {max_steps} steps: {passed}")


def current_label(page: Page) -> str:
    return page.locator('.timeline li[aria-current="step"] > span').first.inner_text().strip()


def open_agreement(page: Page, title: str) -> None:
    """Find an agreement by its title on the list page and open it."""
    page.goto("/kerja-sama/")
    page.get_by_label("Cari (judul, nomor, mitra)").fill(title)
    page.get_by_role("button", name="Terapkan").click()
    row = page.locator("tbody tr", has_text=title)
    expect(row).to_have_count(1)
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def upload_file(page: Page, *, doc_label: str, title: str, filename: str, content: bytes) -> None:
    open_form(page, "Unggah dokumen", "#dokumen_doc_type")
    page.get_by_label("Jenis dokumen").select_option(label=doc_label)
    page.get_by_label("Judul dokumen").fill(title)
    page.get_by_label("Berkas").set_input_files(
        {"name": filename, "mimeType": "application/pdf", "buffer": content}
    )
    page.get_by_role("button", name="Unggah", exact=True).click()
    flash(page, f"Dokumen “{title}” telah diunggah.")
