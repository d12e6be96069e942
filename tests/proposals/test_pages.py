"""HTML pages: /usulan/ and /usulan/lacak/ (no login), the staff queue and review, home, /monev/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from agreements.models import Agreement
from proposals import services
from proposals.models import Proposal

from .conftest import pdf_file, university

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user, backend="kerjasama.auth.RoleModelBackend")


def submit(**overrides) -> Proposal:
    return services.proposal_submit(data=university(**overrides), files=[pdf_file()])


def test_public_page_explains_and_takes_a_proposal(client, django_capture_on_commit_callbacks):
    page = client.get("/usulan/")
    assert page.status_code == 200
    text = page.content.decode()
    for words in (
        "Bidang kerja sama",
        "Jenis kerja sama",
        "Yang perlu disiapkan",
        "SINERGI",
        'name="website"',
        "usulan-hp",
    ):
        assert words in text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/usulan/", {**university(), "attachments": [pdf_file()]})
    assert response.status_code == 302
    assert response["Location"] == "/usulan/terkirim/"
    confirmation = client.get("/usulan/terkirim/")
    proposal = Proposal.objects.get()
    assert proposal.tracking_code in confirmation.content.decode()
    assert "sari@ub.example.ac.id" in confirmation.content.decode()
    assert proposal.tracking_code in mail.outbox[0].body
    # The confirmation shows once; a reload goes back to the form (the code is not in the URL).
    assert client.get("/usulan/terkirim/").status_code == 302


def test_honeypot_on_the_form(client):
    response = client.post("/usulan/", {**university(), "website": "http://spam"})
    assert response.status_code == 400
    assert Proposal.objects.count() == 0


def test_tracking_page_shows_own_status_and_note_only(client):
    mine = submit(title="Usulan A")
    submit(title="Usulan B", contact_email="b@example.org")
    response = client.post("/usulan/lacak/", {"kode": mine.tracking_code.lower()})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Usulan A" in text
    assert "Usulan B" not in text
    assert 'data-status="diajukan"' in text
    assert "sari@ub" not in text  # contact data only in the revision form, shown when asked
    missing = client.post("/usulan/lacak/", {"kode": "ABCD-EFGH-JKMN-PQRS"})
    assert missing.status_code == 404
    assert "tidak ditemukan" in missing.content.decode()


def test_revision_through_the_tracking_page(client, staf):
    proposal = submit()
    services.proposal_review(
        proposal_id=proposal.pk,
        user=staf,
        decision="perlu_perbaikan",
        note="Tambahkan surat penawaran resmi.",
    )
    page = client.post("/usulan/lacak/", {"kode": proposal.tracking_code})
    text = page.content.decode()
    assert "Tambahkan surat penawaran resmi." in text
    assert "Kirim perbaikan" in text
    data = {
        **university(title="Usulan yang diperbaiki"),
        "kode": proposal.tracking_code,
        "attachments": [pdf_file("surat-penawaran.pdf")],
    }
    response = client.post("/usulan/lacak/perbaikan/", data)
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == "diajukan"
    assert proposal.title == "Usulan yang diperbaiki"
    assert proposal.revision_count == 1
    assert proposal.attachments.count() == 2
    # A second revision is refused: nobody asked for one.
    data["attachments"] = [pdf_file("lagi.pdf")]
    again = client.post("/usulan/lacak/perbaikan/", data)
    assert again.status_code == 409
    proposal.refresh_from_db()
    assert proposal.revision_count == 1


def test_queue_filters_and_counts(client, staf, sekda):
    a = submit(title="Desa wisata")
    submit(
        title="Air bersih", proposer_name="PT Air Nusantara", third_party_type="badan_usaha_swasta"
    )
    services.proposal_start_review(proposal_id=a.pk, user=staf)
    login(client, sekda)
    page = client.get("/usulan-masuk/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Desa wisata" in text
    assert "Air bersih" in text
    filtered = client.get("/usulan-masuk/?status=dikaji").content.decode()
    assert "Desa wisata" in filtered
    assert "Air bersih" not in filtered
    searched = client.get("/usulan-masuk/?search=nusantara").content.decode()
    assert "Air bersih" in searched
    assert "Desa wisata" not in searched
    assert re.search(r'data-testid="count-dikaji">Sedang dikaji\s*<span[^>]*>1<', text)
    # Sekda reads but has no review form.
    detail = client.get(f"/usulan-masuk/{a.pk}/").content.decode()
    assert "Simpan keputusan" not in detail
    assert (
        client.post(f"/usulan-masuk/{a.pk}/keputusan/", {"decision": "ditolak"}).status_code == 403
    )


def test_home_counts_proposals_for_staff(client, staf):
    submit()
    b = submit(title="Kedua")
    services.proposal_start_review(proposal_id=b.pk, user=staf)
    login(client, staf)
    text = client.get("/").content.decode()
    assert re.search(r'data-testid="proposals-waiting">2<', text)
    assert "1 diajukan, 1 sedang dikaji" in text


def test_review_page_decides_and_accepts(client, staf):
    proposal = submit()
    login(client, staf)
    page = client.get(f"/usulan-masuk/{proposal.pk}/")
    assert "Simpan keputusan" in page.content.decode()
    refused = client.post(f"/usulan-masuk/{proposal.pk}/keputusan/", {"decision": "diterima"})
    assert refused.status_code == 400
    assert "semua butir kajian" in refused.content.decode()
    checks = {
        f"cek_{c}": "ya"
        for c in (
            "urusan_daerah",
            "sesuai_rencana",
            "manfaat",
            "kapasitas_pembiayaan",
            "legalitas_pengusul",
            "risiko",
        )
    }
    response = client.post(
        f"/usulan-masuk/{proposal.pk}/keputusan/", {"decision": "diterima", "partner": "", **checks}
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kerja-sama/{agreement.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert proposal.tracking_code in detail
    assert "Berasal dari usulan" in detail
    assert "proposal.pdf" in detail  # the copied document
    attachment = proposal.attachments.get()
    download = client.get(f"/usulan-masuk/{proposal.pk}/lampiran/{attachment.pk}/unduh/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]


def test_sekda_dashboard_shows_received_decided_and_median_days(client, sekda, staf):
    def decided(days: float, decision: str, year: int):
        """A proposal decided `days` after it came in, moved back in time to `year`."""
        p = submit()
        services.proposal_review(proposal_id=p.pk, user=staf, decision="ditolak", note="alasan")
        start = timezone.make_aware(dt.datetime(year, 3, 1, 9, 0))
        Proposal.objects.filter(pk=p.pk).update(
            submitted_at=start, decided_at=start + dt.timedelta(days=days), status=decision
        )

    decided(2, "ditolak", 2025)
    decided(10, "diterima", 2025)
    decided(4, "ditolak", 2025)
    decided(7, "ditolak", 2026)
    submit()  # received this year, not decided
    from proposals.selectors import proposal_figures_by_year

    rows = {r["year"]: r for r in proposal_figures_by_year()}
    this_year = timezone.localdate().year
    assert rows[2025] == {
        "year": 2025,
        "received": 3,
        "decided": 3,
        "accepted": 1,
        "rejected": 2,
        "median_days": 4.0,
    }
    assert rows[2026]["decided"] == 1
    assert rows[2026]["median_days"] == 7.0
    assert rows[this_year]["received"] >= 1
    login(client, sekda)
    text = client.get("/monev/").content.decode()
    panel = text[text.index('data-testid="proposals-dashboard"') :]
    assert "Median hari sampai keputusan" in panel
    assert re.search(
        r">2025</th>\s*<td[^>]*>3</td>\s*<td[^>]*>3</td>\s*<td[^>]*>1</td>"
        r"\s*<td[^>]*>2</td>\s*<td[^>]*>\s*4,0\s*</td>",
        panel,
    )
