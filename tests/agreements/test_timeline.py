"""One riwayat per agreement (DOMAIN.md 11): every event type, with user, date and time of day."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from agreements import selectors, services
from agreements.choices import Kind, Stage
from agreements.models import Agreement
from tests.factories import UserFactory, make_agreement

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ALL_TYPES = ["stage", "document", "naskah", "edit", "stage", "dprd_decision", "automatic_end"]


@pytest.fixture
def lived(staf):
    """A KSDPL registered, documented, edited, decided by the DPRD, and ended by the job."""
    other = UserFactory(username="bayu.ln", role="staf_kerja_sama", first_name="Bayu")
    agreement = make_agreement(
        kind=Kind.KSDPL, user=staf, title="Kota kembar", end_date=dt.date(2026, 12, 31)
    )
    document = services.document_upload(
        agreement_id=agreement.pk,
        uploaded_file=SimpleUploadedFile("loi.pdf", PDF, content_type="application/pdf"),
        doc_type="pernyataan_kehendak",
        title="LoI Arnhem",
        user=staf,
    )
    services.naskah_create(
        agreement_id=agreement.pk,
        naskah_type="rencana_kerja_sama",
        signed_on=dt.date(2026, 4, 1),
        number="RKS/01",
        document=document.pk,
        user=staf,
    )
    services.agreement_update(
        agreement_id=agreement.pk, user=other, title="Kota kembar Arnhem", value_idr=5_000_000
    )
    Agreement.objects.filter(pk=agreement.pk).update(stage=Stage.PENYUSUNAN_RENCANA)
    services.agreement_transition(
        agreement_id=agreement.pk, to=Stage.PERSETUJUAN_DPRD, date=dt.date(2026, 5, 4), user=staf
    )
    services.dprd_decision_record(
        agreement_id=agreement.pk,
        decision="disetujui",
        date=dt.date(2026, 6, 1),
        letter_number="170/12/35.07.100/2026",
        user=other,
    )
    call_command("daily_tasks", "--date", "2027-01-05", stdout=io.StringIO())
    agreement.refresh_from_db()
    return agreement


@pytest.mark.django_db
def test_timeline_holds_every_event_type_with_user_and_time(lived, staf):
    agreement = selectors.agreement_detail(user=staf, pk=lived.pk)
    events = selectors.agreement_timeline(agreement)
    assert [e["type"] for e in events] == ALL_TYPES
    times = [e["at"] for e in events]
    assert times == sorted(times)  # oldest first
    for event in events:
        assert event["at"].tzinfo is not None  # date and time of day
        assert event["title"]
    by_type = {e["type"]: e for e in events}
    assert by_type["document"]["username"] == staf.username
    assert "LoI Arnhem" in by_type["document"]["title"]
    assert by_type["naskah"]["date"] == dt.date(2026, 4, 1)
    assert "Dokumen: LoI Arnhem" in by_type["naskah"]["details"]
    edit = by_type["edit"]
    assert edit["username"] == "bayu.ln"
    assert edit["title"] == "Data diubah: judul, nilai (Rp)"  # one save, one event
    assert "judul: “Kota kembar” → “Kota kembar Arnhem”" in edit["details"]
    assert by_type["dprd_decision"]["title"] == "Keputusan DPRD: Disetujui"
    assert by_type["dprd_decision"]["date"] == dt.date(2026, 6, 1)
    ending = by_type["automatic_end"]
    assert ending["user"] == "sistem"
    assert ending["username"] is None
    assert ending["date"] == dt.date(2026, 12, 31)
    assert "Alasan: Jangka waktu berakhir" in ending["details"]


@pytest.mark.django_db
def test_detail_page_shows_one_timeline_with_time_of_day(client, lived, staf):
    client.force_login(staf)
    response = client.get(reverse("agreements:detail", args=[lived.pk]))
    page = response.content.decode()
    riwayat = page[page.index('id="riwayat"') :]
    riwayat = riwayat[: riwayat.index("</ol>")]
    assert [part.split('"')[0] for part in riwayat.split('data-event="')[1:]] == ALL_TYPES
    assert riwayat.count(" pukul ") == len(ALL_TYPES)
    assert "Berakhir otomatis" in riwayat
    assert "Dokumen diunggah: LoI Arnhem" in riwayat
    assert "Naskah ditambahkan: Rencana kerja sama" in riwayat
    assert "Keputusan DPRD: Disetujui" in riwayat


@pytest.mark.django_db
def test_history_api_keeps_its_contract_and_offers_the_whole_timeline(api, lived, sekda):
    client = api(sekda)
    url = f"/api/agreements/{lived.pk}/history/"
    stages = client.get(url).json()["results"]
    assert [(r["from_stage"], r["to_stage"]) for r in stages] == [
        ("", "prakarsa"),
        ("penyusunan_rencana", "persetujuan_dprd"),
        ("persetujuan_dprd", "selesai"),
    ]
    assert set(stages[0]) == {
        "from_stage", "to_stage", "date", "note", "reason", "skipped", "user", "created_at",
    }  # fmt: skip
    assert stages[-1]["user"] is None
    assert stages[-1]["reason"] == "berakhir_jangka_waktu"
    fields = client.get(url, {"type": "fields"}).json()["results"]
    assert {r["field"] for r in fields} == {"title", "value_idr"}
    body = client.get(url, {"type": "all"}).json()
    assert body["next"] is None
    assert [r["type"] for r in body["results"]] == ALL_TYPES
    assert all("T" in r["at"] for r in body["results"])
    assert body["results"][-1]["user"] is None
    page = client.get(url, {"type": "all", "page_size": 3}).json()
    assert len(page["results"]) == 3
    second = client.get(page["next"]).json()
    assert [r["type"] for r in second["results"]] == ALL_TYPES[3:6]
    assert client.get(url, {"type": "semua"}).status_code == 400
    assert client.get(url, {"type": "all", "page": "x"}).status_code == 400


@pytest.mark.django_db
def test_dprd_sees_the_timeline_only_of_agreements_it_may_read(api, staf, dprd_user):
    hidden = make_agreement(user=staf)  # KSDD, no DPRD approval needed
    assert api(dprd_user).get(f"/api/agreements/{hidden.pk}/history/?type=all").status_code == 404
