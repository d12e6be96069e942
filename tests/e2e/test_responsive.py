"""Pages work on a phone: nothing widens the page beyond a 390 px viewport."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services
from tests.factories import UserFactory, make_agreement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_key_pages_fit_a_phone_screen(live_server, browser):
    staf = UserFactory(username="rina.hp", role="staf_kerja_sama")
    agreement = make_agreement(user=staf, title="Pengelolaan sampah regional di TPA Talangagung")
    services.document_upload(
        agreement_id=agreement.pk,
        uploaded_file=SimpleUploadedFile("kb.pdf", b"%PDF-1.4\n%%EOF\n"),
        doc_type="kb",
        title="Kesepakatan bersama",
        user=staf,
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(staf.username)
    page.get_by_label("Kata sandi").fill("rahasia-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state("networkidle")
    widths = {}
    for path in ["/", "/kerja-sama/", f"/kerja-sama/{agreement.pk}/", "/monev/", "/laporan/",
                 "/publik/", "/monev/renja/2018/"]:  # fmt: skip
        page.goto(f"{live_server.url}{path}")
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert widths == dict.fromkeys(widths, 390)
