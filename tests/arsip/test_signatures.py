"""TTE (BSrE-style) signature checks of uploaded PDFs: signer, integrity, trust."""

from __future__ import annotations

import io

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from agreements.models import Document
from arsip import analysis
from arsip.models import (
    DocumentAnalysis,
    DocumentSignature,
    DocumentText,
    SignatureStatus,
    TrustStatus,
)
from tests.arsip.pki import docx_bytes, pdf_bytes, tamper
from tests.factories import make_agreement

TEXT = "Perjanjian pengelolaan TPA regional Malang Raya"


@pytest.fixture
def signed(pki):
    return pki.sign(pdf_bytes(TEXT))


# --------------------------------------------------------------------------- pure checks


def test_signed_pdf_is_intact_and_names_the_signer(pki, signed):
    check = analysis.signatures_check(signed, trust_roots=[])
    assert check.status == SignatureStatus.UTUH
    [sig] = check.signatures
    assert sig.signer_name == pki.signer_name
    assert sig.field_name == "TTE_Bupati"
    assert sig.intact is True
    assert sig.coverage == "entire_file"
    assert sig.signing_time is not None


def test_without_trust_roots_a_valid_signature_is_never_trusted(signed):
    [sig] = analysis.signatures_check(signed, trust_roots=[]).signatures
    assert sig.trust_status == TrustStatus.TIDAK_DIVERIFIKASI
    assert "tidak diverifikasi terhadap akar tepercaya" in sig.summary


def test_with_the_issuing_ca_as_root_the_signature_is_trusted(pki, signed):
    roots = analysis.trust_roots_load([str(pki.ca_pem)])
    [sig] = analysis.signatures_check(signed, trust_roots=roots).signatures
    assert sig.trust_status == TrustStatus.TEPERCAYA
    assert "Sertifikat tepercaya" in sig.summary


def test_with_an_unrelated_root_the_signature_is_not_trusted(other_pki, signed):
    roots = analysis.trust_roots_load([str(other_pki.ca_pem)])
    check = analysis.signatures_check(signed, trust_roots=roots)
    assert check.status == SignatureStatus.UTUH  # unchanged content, unknown issuer
    assert check.signatures[0].trust_status == TrustStatus.TIDAK_TEPERCAYA


def test_one_changed_byte_in_the_signed_range_is_detected(pki, signed):
    altered = tamper(signed, b"TPA", b"TPB")
    roots = analysis.trust_roots_load([str(pki.ca_pem)])
    check = analysis.signatures_check(altered, trust_roots=roots)
    assert check.status == SignatureStatus.DIUBAH
    [sig] = check.signatures
    assert sig.intact is False
    assert sig.trust_status == TrustStatus.TIDAK_TEPERCAYA
    assert "diubah setelah ditandatangani" in sig.summary


def test_unsigned_pdf_has_no_signatures():
    check = analysis.signatures_check(pdf_bytes(TEXT), trust_roots=[])
    assert check.status == SignatureStatus.TIDAK_DITANDATANGANI
    assert check.signatures == []


def test_missing_trust_root_file_counts_as_no_root(tmp_path, signed):
    roots = analysis.trust_roots_load([str(tmp_path / "tidak-ada.pem")])
    assert roots == []
    [sig] = analysis.signatures_check(signed, trust_roots=roots).signatures
    assert sig.trust_status == TrustStatus.TIDAK_DIVERIFIKASI


def test_docx_text_is_read_without_an_xml_parser():
    data = docx_bytes(["Pasal 1 Ruang lingkup", "Penyediaan air bersih &amp; sanitasi"])
    assert analysis.docx_text(data) == "Pasal 1 Ruang lingkup\nPenyediaan air bersih & sanitasi"


# --------------------------------------------------------------------------- upload -> worker


@pytest.mark.django_db
def test_upload_schedules_the_analysis_only_on_commit(
    staf, signed, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from agreements import services

    agreement = make_agreement()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.document_upload(
            agreement_id=agreement.pk,
            uploaded_file=SimpleUploadedFile("kb.pdf", signed, content_type="application/pdf"),
            doc_type="kb",
            user=staf,
        )
        assert not DocumentAnalysis.objects.filter(document=document).exists()
    assert len(callbacks) == 1
    assert not DocumentAnalysis.objects.filter(document=document).exists()
    callbacks[0]()  # what the commit does: the signal, then the (eager) task
    assert DocumentAnalysis.objects.get(document=document).signature_status == "utuh"


@pytest.mark.django_db
def test_uploaded_signed_pdf_stores_signer_and_text(pki, signed, upload, settings):
    settings.ARSIP_TRUST_ROOTS = []
    document = upload(make_agreement(), signed)
    result = DocumentAnalysis.objects.get(document=document)
    assert result.signature_status == SignatureStatus.UTUH
    sig = DocumentSignature.objects.get(document=document)
    assert sig.signer_name == pki.signer_name
    assert sig.intact is True
    assert sig.trust_status == TrustStatus.TIDAK_DIVERIFIKASI
    assert TEXT in DocumentText.objects.get(document=document).text


@pytest.mark.django_db
def test_uploaded_signed_pdf_is_trusted_with_the_ca_configured(pki, signed, upload, settings):
    settings.ARSIP_TRUST_ROOTS = [str(pki.ca_pem)]
    document = upload(make_agreement(), signed)
    assert DocumentSignature.objects.get(document=document).trust_status == "tepercaya"


@pytest.mark.django_db
def test_uploaded_altered_pdf_is_flagged(pki, signed, upload, settings):
    settings.ARSIP_TRUST_ROOTS = [str(pki.ca_pem)]
    document = upload(make_agreement(), tamper(signed, b"Raya", b"Rayo"))
    assert DocumentAnalysis.objects.get(document=document).signature_status == (
        "diubah_setelah_ditandatangani"
    )
    assert DocumentSignature.objects.get(document=document).trust_status == "tidak_tepercaya"


@pytest.mark.django_db
def test_uploaded_unsigned_pdf_and_docx(upload):
    agreement = make_agreement()
    pdf = upload(agreement, pdf_bytes(TEXT))
    docx = upload(agreement, docx_bytes(["Kesepakatan penyediaan air bersih"]), "kb.docx")
    for document in (pdf, docx):
        assert DocumentAnalysis.objects.get(document=document).signature_status == (
            "tidak_ditandatangani"
        )
        assert not DocumentSignature.objects.filter(document=document).exists()
    assert DocumentText.objects.get(document=docx).text == "Kesepakatan penyediaan air bersih"


@pytest.mark.django_db
def test_broken_pdf_is_reported_not_crashed(upload):
    document = upload(make_agreement(), b"%PDF-1.7\n" + b"\x00sampah" * 50 + b"\n%%EOF\n")
    result = DocumentAnalysis.objects.get(document=document)
    assert result.signature_status == SignatureStatus.GAGAL
    assert result.error


@pytest.mark.django_db
def test_analysis_is_idempotent(signed, upload):
    from arsip.services import document_analyse

    document = upload(make_agreement(), signed)
    document_analyse(document_id=document.pk)
    document_analyse(document_id=document.pk)
    assert DocumentSignature.objects.filter(document=document).count() == 1
    assert DocumentText.objects.filter(document=document).count() == 1
    assert document_analyse(document_id=10**9) is None  # deleted meanwhile: skipped


# --------------------------------------------------------------------------- template tag

ROWS = Template(
    "{% load arsip_tags %}{% for d in documents %}<li>{% document_signature_status d %}</li>"
    "{% endfor %}"
)


@pytest.mark.django_db
def test_status_tag_shows_each_state_with_constant_queries(
    pki, signed, upload, django_assert_num_queries
):
    agreement = make_agreement()
    upload(agreement, signed)
    upload(agreement, tamper(signed, b"TPA", b"TPB"))
    upload(agreement, pdf_bytes(TEXT))
    Document.objects.create(  # not analysed yet
        agreement=agreement, doc_type="lainnya", title="Baru", filename="baru.pdf",
        content_type="application/pdf", size=1, sha256="0" * 64, file="dokumen/x",
    )  # fmt: skip
    documents = list(Document.objects.filter(agreement=agreement))
    request = RequestFactory().get("/")
    with django_assert_num_queries(2):
        html = ROWS.render(Context({"documents": documents, "request": request}))
    assert "TTE: utuh" in html
    assert pki.signer_name in html
    assert "TTE: diubah setelah ditandatangani" in html
    assert "Tidak ditandatangani secara elektronik" in html
    assert "TTE: belum diperiksa" in html
    assert "tidak diverifikasi terhadap akar tepercaya" in html


@pytest.mark.django_db
def test_command_analyses_documents_missing_an_analysis(signed, upload):
    from django.core.management import call_command

    document = upload(make_agreement(), signed)
    DocumentAnalysis.objects.all().delete()
    DocumentSignature.objects.all().delete()
    call_command("arsip_analyse", "--langsung", stdout=io.StringIO())
    assert DocumentAnalysis.objects.get(document=document).signature_status == "utuh"
    out = io.StringIO()
    call_command("arsip_analyse", "--langsung", stdout=out)
    assert "0 dokumen" in out.getvalue()


@pytest.mark.django_db
def test_agreement_detail_page_shows_the_signature_status(client, staf, pki, signed, upload):
    agreement = make_agreement()
    upload(agreement, signed, title="PKS bertanda tangan")
    upload(agreement, pdf_bytes(TEXT), title="Draf tanpa TTE")
    client.force_login(staf)
    response = client.get(f"/kerja-sama/{agreement.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "TTE: utuh" in body
    assert pki.signer_name in body
    assert "Tidak ditandatangani secara elektronik" in body
