"""PP 28/2018 as DOMAIN.md section 11 settles it: DPRD receipt and refusal, Ps. 27, Ps. 30(3),
KSDD wajib/sukarela, sinergi and the new codes (API.md, "Additions after the first release")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import rules, selectors, services
from agreements.models import Agreement, DprdDecision
from agreements.workdays import add_working_days, working_days_between
from notifications import reminders
from notifications.models import Notification
from tests.factories import confirm_ps27, make_agreement, partner_for

pytestmark = pytest.mark.django_db

PS27 = [
    "hubungan_diplomatik",
    "urusan_daerah",
    "tanpa_kantor_perwakilan",
    "tidak_mencampuri",
    "sesuai_rencana",
]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
RENCANA = {
    "background": "Latar belakang kerja sama",
    "objective": "Maksud dan tujuan",
    "targets": "Sasaran terukur",
    "object": "Objek kerja sama",
    "scope": "Ruang lingkup",
    "financing_source": "APBD dan mitra",
    "start_date": "2026-06-01",
    "end_date": "2029-05-31",
}


def url(agreement, action: str = "") -> str:
    return f"/api/agreements/{agreement.pk}/" + (f"{action}/" if action else "")


def move(client, agreement, to: str, date: str = "2026-03-02", **extra):
    return client.post(url(agreement, "transitions"), {"to": to, "date": date, **extra}, "json")


def ok(response, status: int = 201) -> dict:
    assert response.status_code == status, response.json()
    return response.json()


def upload(client, agreement, doc_type: str) -> None:
    file = SimpleUploadedFile(f"{doc_type}.pdf", PDF, "application/pdf")
    ok(client.post(url(agreement, "documents"), {"file": file, "doc_type": doc_type}))


def decide(client, agreement, decision: str, date: str) -> None:
    body = {"decision": decision, "date": date, "letter_number": f"170/{decision}/DPRD"}
    ok(client.post(url(agreement, "dprd-decision"), body, "json"))


def ksdpl_at_rencana(client, staf) -> Agreement:
    """A KSDPL walked through the API up to penyusunan_rencana (conditions, letters, LoI)."""
    agreement = make_agreement(kind="KSDPL", user=staf)
    ok(move(client, agreement, "penjajakan"))
    for code in PS27:
        ok(client.post(url(agreement, "conditions"), {"code": code, "confirmed": True}, "json"))
    ok(move(client, agreement, "konsultasi_pusat"))
    upload(client, agreement, "surat_menteri")
    ok(move(client, agreement, "pernyataan_kehendak"))
    upload(client, agreement, "pernyataan_kehendak")
    ok(move(client, agreement, "penyusunan_rencana"))
    return agreement


# --------------------------------------------------------------------------- DPRD receipt


def test_ksdpl_entering_dprd_gets_receipt_date_and_45_working_days(api, staf):
    client = api(staf)
    agreement = ksdpl_at_rencana(client, staf)
    ok(client.patch(url(agreement), RENCANA, "json"), 200)
    body = ok(move(client, agreement, "persetujuan_dprd", "2026-03-02"))
    assert body["dprd_received_on"] == "2026-03-02"
    assert body["dprd_deadline"] == "2026-05-13"
    assert body["dprd_status"] == "menunggu"


def test_patching_receipt_moves_the_deadline_by_the_working_days_between(api, staf):
    client = api(staf)
    agreement = ksdpl_at_rencana(client, staf)
    ok(client.patch(url(agreement), RENCANA, "json"), 200)
    ok(move(client, agreement, "persetujuan_dprd", "2026-03-02"))
    body = ok(client.patch(url(agreement), {"dprd_received_on": "2026-03-05"}, "json"), 200)
    assert body["dprd_received_on"] == "2026-03-05"
    new = dt.date.fromisoformat(body["dprd_deadline"])
    assert new == add_working_days(dt.date(2026, 3, 5), 45)
    moved = working_days_between(dt.date(2026, 5, 13), new)
    assert moved == working_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 5)) == 3
    # The letter cannot reach the DPRD before it was sent; nothing changes on the refusal.
    response = client.patch(url(agreement), {"dprd_received_on": "2026-03-01"}, "json")
    assert response.status_code == 400
    assert "dprd_received_on" in response.json()
    assert Agreement.objects.get(pk=agreement.pk).dprd_deadline == new


def test_ksdd_gets_receipt_date_but_no_deadline(api, staf):
    client = api(staf)
    agreement = make_agreement(kind="KSDD", burdens_public=True)
    for stage in ("penawaran", "penyusunan_kb", "penandatanganan_kb"):
        ok(move(client, agreement, stage))
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type="kb", signed_on=dt.date(2026, 3, 2), user=staf
    )
    body = ok(move(client, agreement, "persetujuan_dprd", "2026-03-09"))
    assert (body["dprd_received_on"], body["dprd_deadline"]) == ("2026-03-09", None)
    body = ok(client.patch(url(agreement), {"dprd_received_on": "2026-03-10"}, "json"), 200)
    assert (body["dprd_received_on"], body["dprd_deadline"]) == ("2026-03-10", None)


# --------------------------------------------------------------------------- refusal


def test_refusal_revision_resubmission_approval(api, client, staf, sekda, dprd_user):
    staff_api = api(staf)
    agreement = ksdpl_at_rencana(staff_api, staf)
    ok(staff_api.patch(url(agreement), RENCANA, "json"), 200)
    ok(move(staff_api, agreement, "persetujuan_dprd", "2026-03-02"))
    decide(staff_api, agreement, "ditolak", "2026-04-20")
    body = ok(staff_api.get(url(agreement)), 200)
    assert body["dprd_status"] == "ditolak"
    assert body["allowed_transitions"] == ["penyusunan_rencana", "dibatalkan"]

    # In no waiting list: selector, home page count, dashboard, /dprd/, reminders.
    assert not selectors.awaiting_dprd().filter(pk=agreement.pk).exists()
    client.force_login(sekda)
    home = client.get("/").context["counts"]
    assert home["menunggu_dprd"] == 0
    dashboard = client.get("/monev/").content.decode()
    assert agreement.number not in dashboard
    dprd_page = client.get("/dprd/").content.decode()
    assert agreement.number not in dprd_page
    reminders.send_reminders(today=dt.date(2026, 5, 13))
    assert not Notification.objects.filter(agreement=agreement).exists()
    # The packet of a refused submission cannot be built, by staff or by DPRD.
    packet = {"report_type": "dprd_packet", "agreement": agreement.pk}
    assert staff_api.post("/api/reports/", packet, "json").status_code == 400
    assert api(dprd_user).post("/api/reports/", packet, "json").status_code == 403
    # No second decision on the same submission.
    response = staff_api.post(
        url(agreement, "dprd-decision"), {"decision": "disetujui", "date": "2026-04-21"}, "json"
    )
    assert response.status_code == 400

    # Revision, then a new submission: a new clock from receipt, a new decision needed.
    body = ok(move(staff_api, agreement, "penyusunan_rencana", "2026-04-22"))
    assert body["dprd_status"] == "ditolak"
    assert body["allowed_transitions"] == ["persetujuan_dprd", "dibatalkan"]
    body = ok(move(staff_api, agreement, "persetujuan_dprd", "2026-05-04"))
    assert body["dprd_status"] == "menunggu"
    assert body["dprd_received_on"] == "2026-05-04"
    assert body["dprd_deadline"] == add_working_days(dt.date(2026, 5, 4), 45).isoformat()
    assert DprdDecision.objects.get(decision="ditolak").superseded
    assert selectors.awaiting_dprd().filter(pk=agreement.pk).exists()
    assert client.get("/").context["counts"]["menunggu_dprd"] == 1
    response = move(staff_api, agreement, "pertimbangan_menteri", "2026-05-05")
    assert response.status_code == 400
    assert response.json()["missing"][0]["source"] == "dprd"
    decide(staff_api, agreement, "disetujui", "2026-06-01")
    body = ok(move(staff_api, agreement, "pertimbangan_menteri", "2026-06-02"))
    assert body["dprd_status"] == "disetujui"


def test_decided_agreement_shows_the_decision_not_the_form(client, api, staf):
    staff_api = api(staf)
    agreement = ksdpl_at_rencana(staff_api, staf)
    ok(staff_api.patch(url(agreement), RENCANA, "json"), 200)
    ok(move(staff_api, agreement, "persetujuan_dprd", "2026-11-23"))
    client.force_login(staf)
    page = client.get(f"/kerja-sama/{agreement.pk}/").content.decode()
    assert "Catat keputusan DPRD" in page
    assert "hari kerja lagi" in page
    decide(staff_api, agreement, "ditolak", "2026-11-30")
    page = client.get(f"/kerja-sama/{agreement.pk}/").content.decode()
    assert "Catat keputusan DPRD" not in page
    assert "Keputusan DPRD: ditolak" in page
    assert "hari kerja lagi" not in page  # the badge stops counting
    assert "Kembali ke: Penyusunan rencana kerja sama (revisi)" in page


def test_deadline_labels_follow_the_kind(client, staf):
    client.force_login(staf)
    ksdd = make_agreement(kind="KSDD", burdens_public=True, stage="persetujuan_dprd")
    page = client.get(f"/kerja-sama/{ksdd.pk}/").content.decode()
    assert "45 hari kerja" not in page
    assert "Tidak ada batas waktu dalam PP 28/2018 untuk jenis ini" in page
    # An imported KSDPL waiting for the DPRD without a submission date: the PP does set a limit.
    imported = make_agreement(kind="KSDPL", stage="persetujuan_dprd")
    assert imported.entered_after_fact
    assert imported.dprd_status == "menunggu"
    page = client.get(f"/kerja-sama/{imported.pk}/").content.decode()
    assert "Tidak ada batas waktu" not in page
    assert "45 hari kerja sejak diterima" in page


# --------------------------------------------------------------------------- PP Ps. 27


def test_ksdpl_cannot_leave_penjajakan_before_all_five_conditions(api, staf):
    client = api(staf)
    agreement = make_agreement(kind="KSDPL")
    ok(move(client, agreement, "penjajakan"))
    response = move(client, agreement, "konsultasi_pusat")
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "prerequisite_missing"
    assert [m["code"] for m in error["missing"] if m["source"] == "condition"] == PS27
    assert "hubungan diplomatik" in error["detail"]
    for code in PS27[:4]:
        ok(client.post(url(agreement, "conditions"), {"code": code, "confirmed": True}, "json"))
    error = move(client, agreement, "konsultasi_pusat").json()
    assert [m["code"] for m in error["missing"]] == ["sesuai_rencana"]
    row = ok(
        client.post(
            url(agreement, "conditions"),
            {"code": "sesuai_rencana", "confirmed": True, "note": "RPJMD 2021-2026"},
            "json",
        )
    )
    assert row["confirmed"]
    assert row["user"] == staf.username
    assert row["note"] == "RPJMD 2021-2026"
    assert row["confirmed_at"] is not None
    listed = ok(client.get(url(agreement, "conditions")), 200)
    assert [c["code"] for c in listed] == PS27
    assert set(listed[0]) == {"code", "label", "confirmed", "user", "confirmed_at", "note"}
    assert all(c["confirmed"] and c["user"] == staf.username for c in listed)
    assert ok(move(client, agreement, "konsultasi_pusat"))["stage"] == "konsultasi_pusat"


def test_withdrawn_condition_blocks_again_and_ksdd_has_none(api, staf, sekda):
    client = api(staf)
    agreement = make_agreement(kind="KSDLL")
    ok(move(client, agreement, "penjajakan"))
    confirm_ps27(agreement, staf)
    ok(client.post(url(agreement, "conditions"), {"code": PS27[0], "confirmed": False}, "json"))
    listed = ok(api(sekda).get(url(agreement, "conditions")), 200)
    assert listed[0] == {
        "code": PS27[0],
        "label": listed[0]["label"],
        "confirmed": False,
        "user": None,
        "confirmed_at": None,
        "note": "",
    }
    assert move(client, agreement, "konsultasi_pusat").status_code == 400
    assert (
        api(sekda).post(url(agreement, "conditions"), {"code": PS27[0]}, "json").status_code == 403
    )
    ksdd = make_agreement(kind="KSDD")
    assert ok(client.get(url(ksdd, "conditions")), 200) == []
    response = client.post(url(ksdd, "conditions"), {"code": PS27[0], "confirmed": True}, "json")
    assert response.status_code == 400
    bad = client.post(url(agreement, "conditions"), {"code": "lain", "confirmed": True}, "json")
    assert bad.status_code == 400


# --------------------------------------------------------------------------- PP Ps. 30(3)


def test_leaving_penyusunan_rencana_needs_every_element_or_the_signed_rencana(api, staf):
    client = api(staf)
    agreement = ksdpl_at_rencana(client, staf)
    response = move(client, agreement, "persetujuan_dprd")
    assert response.status_code == 400
    missing = response.json()["missing"]
    assert [m["source"] for m in missing] == ["fields"]
    for label in ("latar belakang", "sasaran", "objek", "jangka waktu"):
        assert label in missing[0]["label"]
    ok(client.patch(url(agreement), {**RENCANA, "targets": " "}, "json"), 200)
    label = move(client, agreement, "persetujuan_dprd").json()["missing"][0]["label"]
    assert "sasaran" in label
    assert "latar belakang" not in label
    body = ok(client.patch(url(agreement), {"targets": "Sasaran"}, "json"), 200)
    assert (body["background"], body["targets"], body["object"]) == (
        "Latar belakang kerja sama",
        "Sasaran",
        "Objek kerja sama",
    )
    ok(move(client, agreement, "persetujuan_dprd"))
    # The other way: no elements, but the signed rencana.
    other = ksdpl_at_rencana(client, staf)
    services.naskah_create(
        agreement_id=other.pk,
        naskah_type="rencana_kerja_sama",
        signed_on=dt.date(2026, 3, 2),
        user=staf,
    )
    ok(move(client, other, "persetujuan_dprd"))


# --------------------------------------------------------------------------- codes


def test_ksdd_form_only_for_ksdd(api, staf):
    client = api(staf)
    daerah, foreign = partner_for("KSDD"), partner_for("KSDPL")
    base = {"title": "Uji bentuk", "facilitated_on": "2026-03-02"}
    body = ok(
        client.post(
            "/api/agreements/",
            {**base, "kind": "KSDD", "partners": [daerah.pk], "ksdd_form": "wajib"},
            "json",
        )
    )
    assert body["ksdd_form"] == "wajib"
    response = client.post(
        "/api/agreements/",
        {**base, "kind": "KSDPL", "partners": [foreign.pk], "ksdd_form": "sukarela"},
        "json",
    )
    assert response.status_code == 400
    assert "KSDD" in response.json()["ksdd_form"][0]
    response = client.post(
        "/api/agreements/",
        {**base, "kind": "KSDD", "partners": [daerah.pk], "ksdd_form": "kadang"},
        "json",
    )
    assert response.status_code == 400
    assert Agreement.objects.count() == 1


def test_sinergi_with_central_agency_follows_ksdpk_without_feasibility_study(api, staf):
    client = api(staf)
    agency = ok(
        client.post(
            "/api/partners/",
            {"name": "Badan Pusat Statistik", "partner_type": "instansi_pusat"},
            "json",
        )
    )
    assert agency["country_code"] == "ID"
    company = partner_for("KSDPK")
    base = {"title": "Sinergi data", "kind": "SINERGI", "facilitated_on": "2026-03-02"}
    response = client.post("/api/agreements/", {**base, "partners": [company.pk]}, "json")
    assert response.status_code == 400
    assert "partners" in response.json()
    body = ok(client.post("/api/agreements/", {**base, "partners": [agency["id"]]}, "json"))
    assert body["stage"] == "persiapan"
    assert body["dprd_required"] is False
    assert body["dprd_status"] == "tidak_perlu"
    agreement = Agreement.objects.get(pk=body["id"])
    ok(move(client, agreement, "penawaran"))  # no studi kelayakan needed
    from monitoring.selectors import kpi_year

    groups = kpi_year(year=2026)["by_group"]
    assert groups["antar_lembaga_luar_negeri"]["fasilitasi"] == 1
    assert groups["antar_daerah"]["fasilitasi"] == 0


def test_new_partner_and_document_codes(api, staf):
    client = api(staf)
    university = ok(
        client.post(
            "/api/partners/",
            {
                "name": "Universitas Brawijaya",
                "partner_type": "pihak_ketiga",
                "third_party_type": "perguruan_tinggi",
            },
            "json",
        )
    )
    assert university["third_party_type"] == "perguruan_tinggi"
    bad = client.post(
        "/api/partners/",
        {
            "name": "X",
            "partner_type": "pihak_ketiga",
            "third_party_type": "bumd",
            "country_code": "XX",
        },
        "json",
    )
    assert bad.status_code == 400
    assert "country_code" in bad.json()
    agreement = make_agreement(kind="KSDPK")
    for doc_type in ("surat_kuasa", "surat_konfirmasi"):
        upload(client, agreement, doc_type)
    assert set(agreement.documents.values_list("doc_type", flat=True)) == {
        "surat_kuasa",
        "surat_konfirmasi",
    }


# --------------------------------------------------------------------------- rules


def test_rules_are_pure_and_shared():
    fields, errors = rules.partner_clean(
        "pemda_luar_negeri", region_code="35.07", country_code="nl", third_party_type="bumd"
    )
    assert (fields.region_code, fields.country_code, fields.third_party_type) == (None, "NL", "")
    assert errors == {}
    _, errors = rules.partner_clean(
        "lembaga_luar_negeri", region_code=None, country_code="ID", third_party_type=""
    )
    assert "country_code" in errors
    _, errors = rules.partner_clean(
        "daerah", region_code=None, country_code="", third_party_type=""
    )
    assert set(errors) == {"region_code"}
    assert rules.kind_partner_error("SINERGI", [("BPS", "instansi_pusat")]) is None
    assert "BUMD" in rules.kind_partner_error("SINERGI", [("BUMD", "pihak_ketiga")])
    assert rules.stage_status_clean("KSDD", "", "selesai")[:2] == ("selesai", "selesai")
    assert "stage" in rules.stage_status_clean("KSDD", "prakarsa", "")[2]
    status = rules.dprd_status_of
    assert status(kind="KSDD", stage="persetujuan_dprd", dprd_required=False, decision=None) == (
        "tidak_perlu"
    )
    assert status(kind="KSDPL", stage="penjajakan", dprd_required=True, decision=None) == (
        "belum_diajukan"
    )
    assert status(kind="KSDPL", stage="persetujuan_dprd", dprd_required=True, decision=None) == (
        "menunggu"
    )
    assert status(
        kind="KSDPL", stage="persetujuan_dprd", dprd_required=True, decision="ditolak"
    ) == ("ditolak")
    assert status(kind="KSDPL", stage="pelaksanaan", dprd_required=True, decision=None) == (
        "disetujui"
    )
