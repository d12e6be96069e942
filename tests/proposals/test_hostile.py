"""Hostile input in every field of the public form and API: refused with nothing stored, or
stored as text and shown escaped everywhere (pages, e-mail, the agreement's PDF)."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement, Document
from proposals.models import Proposal, ProposalAttachment, ProposalEvent
from tests.factories import UserFactory

from .conftest import ALL_CHECKS_OK, PDF, pdf_file, post_public, stored_files, university

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
FREE_TEXT = ("proposer_name", "contact_name", "title", "object", "scope", "benefits", "financing")
CODED = (
    "proposer_type",
    "third_party_type",
    "kind",
    "region_code",
    "country_code",
    "contact_email",
    "contact_phone",
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x90" * 64
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def assert_nothing_stored():
    assert Proposal.objects.count() == 0
    assert ProposalAttachment.objects.count() == 0
    assert ProposalEvent.objects.count() == 0
    assert stored_files() == []
    assert mail.outbox == []


def form_post(client, data, files=()):
    payload = dict(data)
    if files:
        payload["attachments"] = list(files)
    return client.post("/usulan/", payload)


# --------------------------------------------------------------------------- refused


@pytest.mark.parametrize("field", FREE_TEXT + CODED)
@pytest.mark.parametrize("channel", ["api", "form"])
def test_huge_text_in_any_field_is_refused_and_nothing_stored(
    api, client, field, channel, django_capture_on_commit_callbacks
):
    data = university(**{field: "A" * 100_000})
    with django_capture_on_commit_callbacks(execute=True):
        if channel == "api":
            response = post_public(api(), data, [pdf_file()])
            assert response.status_code == 400
            assert field in response.json()
        else:
            response = form_post(client, data, [pdf_file()])
            assert response.status_code == 400
            assert response.context["form"].errors.get(field)
    assert_nothing_stored()


@pytest.mark.parametrize("field", FREE_TEXT + CODED)
def test_nul_characters_are_refused(api, field):
    response = post_public(api(), university(**{field: "Nama\x00jahat"}))
    assert response.status_code == 400
    assert field in response.json()
    assert_nothing_stored()


@pytest.mark.parametrize("field", CODED)
@pytest.mark.parametrize("channel", ["api", "form"])
def test_script_in_a_coded_field_is_refused(api, client, field, channel):
    data = university(**{field: SCRIPT})
    if channel == "api":
        response = post_public(api(), data)
        assert response.status_code == 400
        assert field in response.json()
    else:
        response = form_post(client, data)
        assert response.status_code == 400
        assert response.context["form"].errors.get(field)
        assert b"<script>alert" not in response.content
    assert_nothing_stored()


BAD_FILES = {
    "program disguised as pdf": [SimpleUploadedFile("proposal.pdf", ELF)],
    "html page": [SimpleUploadedFile("proposal.pdf", HTML, content_type="application/pdf")],
    "svg with script": [SimpleUploadedFile("logo.png", SVG, content_type="image/png")],
    "empty file": [SimpleUploadedFile("kosong.pdf", b"")],
    "too many files": [pdf_file(f"p{i}.pdf") for i in range(6)],
    "one good, one bad": [pdf_file("baik.pdf"), SimpleUploadedFile("jahat.docx", b"PK\x03\x04xx")],
}


@pytest.mark.parametrize("case", BAD_FILES)
@pytest.mark.parametrize("channel", ["api", "form"])
def test_bad_files_are_refused_and_nothing_stored(
    api, client, case, channel, django_capture_on_commit_callbacks
):
    files = [SimpleUploadedFile(f.name, f.read() if f.size else b"") for f in BAD_FILES[case]]
    for f in BAD_FILES[case]:
        f.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        if channel == "api":
            response = post_public(api(), university(), files)
            assert response.status_code == 400
            assert "attachments" in response.json()
        else:
            response = form_post(client, university(), files)
            assert response.status_code == 400
            assert response.context["form"].errors.get("attachments")
    assert_nothing_stored()


def test_files_over_the_document_limit_are_refused(api, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    big = pdf_file("besar.pdf", PDF + b"0" * 2048)
    response = post_public(api(), university(), [big])
    assert response.status_code == 400
    assert "terlalu besar" in str(response.json()["attachments"])
    assert_nothing_stored()


def test_a_failure_while_storing_leaves_no_file_and_no_row(api, monkeypatch):
    from proposals import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(services, "_event", broken)
    with pytest.raises(RuntimeError):
        services.proposal_submit(data=university(), files=[pdf_file()])
    assert_nothing_stored()


def test_path_tricks_in_file_names_are_neutralised(api):
    response = post_public(api(), university(), [pdf_file("../../etc/<b>passwd</b>.pdf")])
    assert response.status_code == 201
    attachment = ProposalAttachment.objects.get()
    assert "/" not in attachment.filename
    assert "<" not in attachment.filename
    assert attachment.file.name.startswith(f"usulan/{attachment.proposal_id}/")
    assert ".." not in attachment.file.name


# --------------------------------------------------------------------------- stored, shown escaped


@pytest.fixture
def hostile(api, django_capture_on_commit_callbacks):
    """A proposal with a script in every free-text field (allowed as text)."""
    data = university(**{name: f"{SCRIPT} {name}" for name in FREE_TEXT})
    with django_capture_on_commit_callbacks(execute=True):
        response = post_public(api(), data, [pdf_file("<script>.pdf")])
    assert response.status_code == 201, response.json()
    return Proposal.objects.get(tracking_code=response.json()["tracking_code"])


def assert_escaped(html: bytes | str):
    text = html.decode() if isinstance(html, bytes) else html
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "&lt;script&gt;alert" in text


def test_script_is_escaped_on_the_tracking_page(client, hostile):
    response = client.post("/usulan/lacak/", {"kode": hostile.tracking_code})
    assert response.status_code == 200
    assert_escaped(response.content)


def test_script_is_escaped_on_staff_pages(client, staf, hostile):
    client.force_login(staf, backend="kerjasama.auth.RoleModelBackend")
    for url in ("/usulan-masuk/", f"/usulan-masuk/{hostile.pk}/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        if url != "/":
            assert_escaped(response.content)
            assert b"onerror=alert(1)>" not in response.content


def test_e_mail_is_plain_text(hostile):
    message = mail.outbox[0]
    assert not message.alternatives
    assert message.content_subtype == "plain"
    assert "\n" not in message.subject
    assert "<script>" not in message.subject


def test_script_is_escaped_on_the_agreement_page_and_its_pdf(
    api, client, staf, hostile, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    response = api(staf).post(
        f"/api/proposals/{hostile.pk}/review/",
        {"decision": "diterima", "checklist": ALL_CHECKS_OK},
        format="json",
    )
    assert response.status_code == 201, response.json()
    agreement = Agreement.objects.get(pk=response.json()["agreement"])
    assert agreement.title.startswith("<script>")
    client.force_login(staf, backend="kerjasama.auth.RoleModelBackend")
    page = client.get(f"/kerja-sama/{agreement.pk}/")
    assert page.status_code == 200
    assert_escaped(page.content)
    # The agreement sheet PDF (API.md reports): the markup is printed as text, never rendered.
    with django_capture_on_commit_callbacks(execute=True):
        job = api(staf).post(
            "/api/reports/",
            {"report_type": "agreement_sheet", "agreement": agreement.pk},
            format="json",
        )
    assert job.status_code == 202, job.json()
    status = api(staf).get(f"/api/reports/{job.json()['id']}/").json()
    assert status["status"] == "done", status
    pdf = client.get(status["download_url"])
    assert pdf.status_code == 200
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    squashed = "".join(text.split())
    assert '<script>alert("xss")</script>' in squashed  # shown as text, not run
    assert Document.objects.get(agreement=agreement).filename.endswith(".pdf")


def test_attachments_are_never_served_to_the_public(client, hostile):
    attachment = hostile.attachments.get()
    url = f"/usulan-masuk/{hostile.pk}/lampiran/{attachment.pk}/unduh/"
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get(f"/media-tidak-publik/{attachment.file.name}").status_code == 404
    tracking = client.post("/usulan/lacak/", {"kode": hostile.tracking_code})
    assert attachment.file.name.encode() not in tracking.content
    assert b"/lampiran/" not in tracking.content
    dprd = UserFactory(username="dprd.lampiran", role="dprd")
    client.force_login(dprd, backend="kerjasama.auth.RoleModelBackend")
    assert client.get(url).status_code == 403


def test_nul_in_codes_never_reaches_the_database():
    from django.core.exceptions import ValidationError

    from proposals import services

    data = university(
        proposer_type="daerah", kind="KSDD", region_code="\x0035.07\x00", third_party_type=""
    )
    with pytest.raises(ValidationError) as info:
        services.proposal_submit(data=data)
    assert info.value.message_dict["region_code"] == ["Isian memuat karakter yang tidak diizinkan."]
    bad = university(proposer_type="lembaga_luar_negeri", kind="KSDLL", country_code="N\x00")
    with pytest.raises(ValidationError) as info:
        services.proposal_submit(data=bad)
    assert "country_code" in info.value.message_dict
    assert_nothing_stored()
