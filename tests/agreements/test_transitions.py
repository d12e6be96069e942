"""POST /api/agreements/{id}/transitions/ and /dprd-decision/, GET /history/ (API.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from agreements import services
from agreements.exceptions import TransitionNotAllowed
from agreements.models import Agreement, DprdDecision, StageHistory
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db

PS27_CODES = [
    "hubungan_diplomatik",
    "urusan_daerah",
    "tanpa_kantor_perwakilan",
    "tidak_mencampuri",
    "sesuai_rencana",
]


def url(agreement, action: str) -> str:
    return f"/api/agreements/{agreement.pk}/{action}/"


def move(client, agreement, to: str, **extra):
    data = {"to": to, "date": "2026-03-02", **extra}
    return client.post(url(agreement, "transitions"), data, format="json")


def sign(client, agreement, naskah_type: str, signed_on: str = "2026-03-02"):
    response = client.post(
        url(agreement, "naskah"),
        {"naskah_type": naskah_type, "signed_on": signed_on, "number": f"{naskah_type}/1"},
        format="json",
    )
    assert response.status_code == 201, response.json()


def confirm_conditions(client, agreement) -> None:
    for code in PS27_CODES:
        response = client.post(
            url(agreement, "conditions"), {"code": code, "confirmed": True}, format="json"
        )
        assert response.status_code == 201, response.json()


def walk(client, agreement, stages_: list[str]) -> dict:
    body = {}
    for stage in stages_:
        response = move(client, agreement, stage)
        assert response.status_code == 201, (stage, response.json())
        body = response.json()
        assert body["stage"] == stage
    return body


def test_ksdd_without_burden_skips_dprd_and_logs_it(api, staf):
    agreement = make_agreement(kind="KSDD", burdens_public=False, budgeted_in_apbd=True)
    client = api(staf)
    body = walk(client, agreement, ["penawaran", "penyusunan_kb", "penandatanganan_kb"])
    assert body["allowed_transitions"] == ["penyusunan_pks", "dibatalkan"]
    response = move(client, agreement, "persetujuan_dprd")
    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "transition_not_allowed"
    assert error["allowed"] == ["penyusunan_pks", "dibatalkan"]
    # Leaving penandatanganan_kb needs the signed KB.
    response = move(client, agreement, "penyusunan_pks")
    assert response.status_code == 400
    assert response.json()["code"] == "prerequisite_missing"
    sign(client, agreement, "kb")
    walk(client, agreement, ["penyusunan_pks", "penandatanganan_pks"])
    sign(client, agreement, "pks")
    body = walk(client, agreement, ["pelaksanaan", "penatausahaan", "pelaporan"])
    assert body["allowed_transitions"] == ["selesai", "dibatalkan"]
    skip_row = StageHistory.objects.get(agreement=agreement, to_stage="penyusunan_pks")
    assert skip_row.from_stage == "penandatanganan_kb"
    assert skip_row.skipped == ["persetujuan_dprd"]
    assert "DPRD" in skip_row.note
    assert "dilewati" in skip_row.note
    history = client.get(url(agreement, "history")).json()["results"]
    assert [h["to_stage"] for h in history] == [
        "persiapan",
        "penawaran",
        "penyusunan_kb",
        "penandatanganan_kb",
        "penyusunan_pks",
        "penandatanganan_pks",
        "pelaksanaan",
        "penatausahaan",
        "pelaporan",
    ]
    assert history[1]["user"] == staf.username
    assert history[1]["from_stage"] == "persiapan"
    assert set(history[1]) == {
        "from_stage",
        "to_stage",
        "date",
        "note",
        "reason",
        "skipped",
        "user",
        "created_at",
    }


def test_ksdd_with_burden_needs_dprd_approval(api, staf):
    agreement = make_agreement(kind="KSDD", burdens_public=True)
    client = api(staf)
    walk(client, agreement, ["penawaran", "penyusunan_kb", "penandatanganan_kb"])
    sign(client, agreement, "kb")
    assert move(client, agreement, "penyusunan_pks").status_code == 409
    body = walk(client, agreement, ["persetujuan_dprd"])
    assert body["dprd_deadline"] is None  # no deadline in PP 28/2018 for KSDD
    response = move(client, agreement, "penyusunan_pks")
    assert response.status_code == 400
    assert response.json()["code"] == "prerequisite_missing"
    assert response.json()["missing"][0]["source"] == "dprd"
    decision = {"decision": "ditolak", "date": "2026-03-20", "letter_number": "170/12/DPRD"}
    assert client.post(url(agreement, "dprd-decision"), decision, format="json").status_code == 201
    # After a refusal the way on is a revision of the KB or a cancellation (DOMAIN.md 11) ...
    response = move(client, agreement, "penyusunan_pks")
    assert response.status_code == 409
    assert response.json()["allowed"] == ["penyusunan_kb", "dibatalkan"]
    # ... and no second decision on the same submission.
    decision["decision"] = "disetujui"
    response = client.post(url(agreement, "dprd-decision"), decision, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_state"
    walk(client, agreement, ["penyusunan_kb", "penandatanganan_kb", "persetujuan_dprd"])
    response = client.post(url(agreement, "dprd-decision"), decision, format="json")
    assert response.status_code == 201
    assert response.json()["decision"] == "disetujui"
    assert response.json()["user"] == staf.username
    assert move(client, agreement, "penyusunan_pks").status_code == 201


def test_ksdpl_cannot_skip_dprd_and_gets_45_working_days(api, staf):
    agreement = make_agreement(kind="KSDPL", burdens_public=False, budgeted_in_apbd=True)
    client = api(staf)
    assert agreement.dprd_required
    walk(client, agreement, ["penjajakan"])
    confirm_conditions(client, agreement)
    walk(client, agreement, ["konsultasi_pusat"])
    assert move(client, agreement, "pernyataan_kehendak").json()["code"] == "prerequisite_missing"
    _upload(client, agreement, "surat_menteri")
    walk(client, agreement, ["pernyataan_kehendak"])
    _upload(client, agreement, "pernyataan_kehendak")
    walk(client, agreement, ["penyusunan_rencana"])
    sign(client, agreement, "rencana_kerja_sama")
    response = move(client, agreement, "pertimbangan_menteri")
    assert response.status_code == 409
    assert response.json()["allowed"] == ["persetujuan_dprd", "dibatalkan"]
    body = walk(client, agreement, ["persetujuan_dprd"])
    assert body["dprd_deadline"] == "2026-05-13"
    agreement.refresh_from_db()
    assert agreement.dprd_submitted_on == dt.date(2026, 3, 2)


def _upload(client, agreement, doc_type: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(f"{doc_type}.pdf", b"%PDF-1.4\n%uji\n%%EOF\n", "application/pdf")
    response = client.post(
        url(agreement, "documents"), {"file": upload, "doc_type": doc_type}, format="multipart"
    )
    assert response.status_code == 201, response.json()


def _approve(agreement, staf) -> None:
    services.dprd_decision_record(
        agreement_id=agreement.pk, decision="disetujui", date=dt.date(2026, 4, 1), user=staf
    )


@pytest.mark.parametrize("substantive", [False, True])
def test_ksdpl_revision_needs_dprd_again_only_if_substantive(api, staf, substantive):
    agreement = make_agreement(kind="KSDPL", stage="persetujuan_dprd")
    _approve(agreement, staf)
    client = api(staf)
    walk(client, agreement, ["pertimbangan_menteri"])
    body = move(
        client,
        agreement,
        "penyusunan_rencana",
        substantive=substantive,
        note="Menteri meminta perbaikan rencana",
    ).json()
    assert body["stage"] == "penyusunan_rencana"
    sign(client, agreement, "rencana_kerja_sama")
    if substantive:
        assert body["allowed_transitions"] == ["persetujuan_dprd", "dibatalkan"]
        assert move(client, agreement, "pertimbangan_menteri").status_code == 409
        assert DprdDecision.objects.get(agreement=agreement).superseded
    else:
        assert body["allowed_transitions"] == ["pertimbangan_menteri", "dibatalkan"]
        walk(client, agreement, ["pertimbangan_menteri"])
        row = StageHistory.objects.filter(agreement=agreement).last()
        assert row.skipped == ["persetujuan_dprd"]
        assert "telah diperoleh sebelumnya" in row.note


def test_ksdd_keeps_dprd_deadline_null(api, staf):
    agreement = make_agreement(kind="KSDD", stage="penandatanganan_kb", burdens_public=True)
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type="kb", signed_on=dt.date(2026, 3, 1), user=staf
    )
    assert walk(api(staf), agreement, ["persetujuan_dprd"])["dprd_deadline"] is None


@pytest.mark.parametrize(
    ("kind", "reason", "status"),
    [
        ("KSDD", "", 400),
        ("KSDD", "putusan_pengadilan", 400),
        ("KSDD", "kebijakan_baru", 400),
        ("KSDD", "berakhir_jangka_waktu", 201),
        ("KSDPK", "pihak_ketiga_pailit", 201),
        ("KSDPL", "tujuan_tercapai", 201),
    ],
)
def test_selesai_needs_a_valid_reason(api, staf, kind, reason, status):
    agreement = make_agreement(kind=kind, stage="pelaksanaan")
    response = move(api(staf), agreement, "selesai", reason=reason)
    assert response.status_code == status, response.json()
    agreement.refresh_from_db()
    if status == 201:
        assert (agreement.stage, agreement.status, agreement.end_reason) == (
            "selesai",
            "selesai",
            reason,
        )
        assert response.json()["allowed_transitions"] == []
        assert StageHistory.objects.filter(agreement=agreement).last().reason == reason
    else:
        assert "reason" in response.json()
        assert (agreement.stage, agreement.status) == ("pelaksanaan", "aktif")
        assert StageHistory.objects.filter(agreement=agreement).count() == 1


def test_selesai_only_from_implementation(api, staf):
    agreement = make_agreement(stage="penyusunan_kb")
    response = move(api(staf), agreement, "selesai", reason="tujuan_tercapai")
    assert response.status_code == 409


def test_dibatalkan_needs_a_note(api, staf):
    agreement = make_agreement()
    client = api(staf)
    response = move(client, agreement, "dibatalkan", note="  ")
    assert response.status_code == 400
    assert "catatan" in response.json()["note"][0]
    agreement.refresh_from_db()
    assert agreement.status == "aktif"
    response = move(client, agreement, "dibatalkan", note="Mitra menarik diri")
    assert response.status_code == 201
    assert response.json()["status"] == "dibatalkan"
    assert move(client, agreement, "penawaran").status_code == 409


@pytest.mark.parametrize("to", ["bulan", "", "PERSIAPAN", "x" * 40])
def test_unknown_or_blank_target(api, staf, to):
    agreement = make_agreement()
    response = move(api(staf), agreement, to)
    if to:
        assert response.status_code == 409
        assert response.json()["code"] == "transition_not_allowed"
        assert response.json()["allowed"] == ["penawaran", "dibatalkan"]
    else:
        assert response.status_code == 400
    assert StageHistory.objects.filter(agreement=agreement).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"to": "penawaran", "date": "kemarin"},
        {"date": "2026-03-02"},
        {"to": ["penawaran"]},
        {"to": "penawaran", "substantive": "mungkin"},
    ],
)
def test_bad_transition_input_is_400(api, staf, data):
    agreement = make_agreement()
    response = api(staf).post(url(agreement, "transitions"), data, format="json")
    assert response.status_code == 400
    agreement.refresh_from_db()
    assert agreement.stage == "persiapan"


def test_transition_on_missing_agreement_is_404(api, staf):
    assert (
        api(staf)
        .post("/api/agreements/999999/transitions/", {"to": "penawaran"}, format="json")
        .status_code
        == 404
    )


def test_sekda_cannot_transition(api, sekda):
    agreement = make_agreement()
    assert move(api(sekda), agreement, "penawaran").status_code == 403


def test_transition_bumps_version(api, staf):
    agreement = make_agreement()
    body = move(api(staf), agreement, "penawaran").json()
    assert body["version"] == 2
    response = api(staf).patch(
        f"/api/agreements/{agreement.pk}/", {"version": 1, "title": "x"}, format="json"
    )
    assert response.status_code == 409


# --------------------------------------------------------------------------- atomicity


def test_failed_history_insert_leaves_stage_unchanged(staf, monkeypatch):
    agreement = make_agreement()

    def boom(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(StageHistory.objects, "create", boom)
    with pytest.raises(RuntimeError):
        services.agreement_transition(agreement_id=agreement.pk, to="penawaran", user=staf)
    monkeypatch.undo()
    agreement.refresh_from_db()
    assert (agreement.stage, agreement.version) == ("persiapan", 1)


def test_failed_agreement_save_leaves_no_history_row(staf, monkeypatch):
    agreement = make_agreement()

    def boom(self, *args, **kwargs):
        raise RuntimeError("koneksi terputus")

    monkeypatch.setattr(Agreement, "save", boom)
    with pytest.raises(RuntimeError):
        services.agreement_transition(agreement_id=agreement.pk, to="penawaran", user=staf)
    monkeypatch.undo()
    assert StageHistory.objects.filter(agreement=agreement).count() == 1
    agreement.refresh_from_db()
    assert agreement.stage == "persiapan"


def test_side_effect_is_scheduled_on_commit_only(
    staf, monkeypatch, django_capture_on_commit_callbacks
):
    from agreements import tasks

    sent = []
    monkeypatch.setattr(tasks.notify_stage_changed, "delay", lambda **kw: sent.append(kw))
    agreement = make_agreement()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.agreement_transition(agreement_id=agreement.pk, to="penawaran", user=staf)
        assert sent == []
    assert len(callbacks) == 1
    assert sent == []
    callbacks[0]()
    assert sent == [{"agreement_id": agreement.pk, "to": "penawaran"}]

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(TransitionNotAllowed),
    ):
        services.agreement_transition(agreement_id=agreement.pk, to="pelaporan", user=staf)
    assert callbacks == []
    assert len(sent) == 1


# --------------------------------------------------------------------------- DPRD decision


def test_dprd_decision_outside_its_stage_is_invalid_state(api, staf):
    agreement = make_agreement(burdens_public=True)
    response = api(staf).post(
        url(agreement, "dprd-decision"),
        {"decision": "disetujui", "date": "2026-03-02"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_state"
    assert not DprdDecision.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "mungkin", "date": "2026-03-10"}, "decision"),
        ({"decision": "disetujui"}, "date"),
        ({"decision": "disetujui", "date": "2026-02-01"}, "date"),  # before submission
    ],
)
def test_dprd_decision_bad_input(api, staf, data, field):
    agreement = make_agreement(kind="KSDPL", stage="penyusunan_rencana")
    services.naskah_create(
        agreement_id=agreement.pk,
        naskah_type="rencana_kerja_sama",
        signed_on=dt.date(2026, 3, 1),
        user=staf,
    )
    services.agreement_transition(
        agreement_id=agreement.pk, to="persetujuan_dprd", date=dt.date(2026, 3, 2), user=staf
    )
    response = api(staf).post(url(agreement, "dprd-decision"), data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not DprdDecision.objects.exists()


def test_dprd_member_cannot_record_decision(api, dprd_user):
    agreement = make_agreement(burdens_public=True)
    response = api(dprd_user).post(
        url(agreement, "dprd-decision"),
        {"decision": "disetujui", "date": "2026-03-02"},
        format="json",
    )
    assert response.status_code == 403


# --------------------------------------------------------------------------- history


def test_field_history(api, staf):
    agreement = make_agreement(title="Lama")
    client = api(staf)
    client.patch(f"/api/agreements/{agreement.pk}/", {"title": "Baru"}, format="json")
    rows = client.get(url(agreement, "history") + "?type=fields").json()["results"]
    assert rows == [
        {
            "field": "title",
            "old_value": "Lama",
            "new_value": "Baru",
            "user": staf.username,
            "created_at": rows[0]["created_at"],
        },
    ]
    assert client.get(url(agreement, "history") + "?type=lain").status_code == 400


def test_history_is_paginated_oldest_first(api, staf):
    agreement = make_agreement()
    client = api(staf)
    walk(client, agreement, ["penawaran", "penyusunan_kb", "penandatanganan_kb"])
    page = client.get(url(agreement, "history") + "?page_size=2").json()
    seen = [row["to_stage"] for row in page["results"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [row["to_stage"] for row in page["results"]]
    assert seen == ["persiapan", "penawaran", "penyusunan_kb", "penandatanganan_kb"]


def test_history_visibility(api, dprd_user, staf):
    hidden = make_agreement()
    shown = make_agreement(burdens_public=True)
    client = api(dprd_user)
    assert client.get(url(hidden, "history")).status_code == 404
    assert client.get(url(shown, "history")).status_code == 200
    assert api().get(url(shown, "history")).status_code == 401
