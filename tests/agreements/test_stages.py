"""The stage table pinned against DOMAIN.md, and every (kind, stage, target) move checked.

The expected orders, blocking prerequisites and special moves below are typed from DOMAIN.md by
hand (sections 3.1, 3.2, "Blocking prerequisites", 3.3 and 3.5), not derived from stages.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from agreements import services, stages
from agreements.choices import Stage
from agreements.exceptions import TransitionNotAllowed
from agreements.models import Agreement, Document, DprdDecision, Naskah, StageHistory
from tests.factories import confirm_ps27, make_agreement

KSDD_ORDER = [
    "persiapan",
    "penawaran",
    "penyusunan_kb",
    "penandatanganan_kb",
    "persetujuan_dprd",
    "penyusunan_pks",
    "penandatanganan_pks",
    "pelaksanaan",
    "penatausahaan",
    "pelaporan",
]
KSDPL_ORDER = [
    "prakarsa",
    "penjajakan",
    "konsultasi_pusat",
    "pernyataan_kehendak",
    "penyusunan_rencana",
    "persetujuan_dprd",
    "pertimbangan_menteri",
    "penyusunan_rancangan_naskah",
    "persetujuan_pusat",
    "pembahasan_mitra",
    "penandatanganan_naskah",
    "pelaksanaan",
    "pelaporan",
]
ORDER = {
    "KSDD": KSDD_ORDER,
    "KSDPK": KSDD_ORDER,
    "KSDPL": KSDPL_ORDER,
    "KSDLL": KSDPL_ORDER,
    # DOMAIN.md 11: sinergi follows KSDPK's order, DPRD step conditional, no studi kelayakan.
    "SINERGI": KSDD_ORDER,
}
PS27 = {
    ("condition", code)
    for code in (
        "hubungan_diplomatik",
        "urusan_daerah",
        "tanpa_kantor_perwakilan",
        "tidak_mencampuri",
        "sesuai_rencana",
    )
}

#: (kind, leaving stage) -> {(source, code)}: DOMAIN.md "Blocking prerequisites".
BLOCKING = {
    ("KSDPK", "persiapan"): {("document", "studi_kelayakan")},
    ("KSDD", "penandatanganan_kb"): {("naskah", "kb")},
    ("KSDPK", "penandatanganan_kb"): {("naskah", "kb")},
    **{(k, "persetujuan_dprd"): {("dprd", "disetujui")} for k in ORDER},
    ("KSDD", "penandatanganan_pks"): {("naskah", "pks")},
    ("KSDPK", "penandatanganan_pks"): {("naskah", "pks")},
    ("SINERGI", "penandatanganan_kb"): {("naskah", "kb")},
    ("SINERGI", "penandatanganan_pks"): {("naskah", "pks")},
    # DOMAIN.md 11: the five conditions of PP Ps. 27 before leaving penjajakan.
    ("KSDPL", "penjajakan"): PS27,
    ("KSDLL", "penjajakan"): PS27,
    ("KSDPL", "konsultasi_pusat"): {("document", "surat_menteri")},
    ("KSDLL", "konsultasi_pusat"): {("document", "surat_menteri")},
    ("KSDPL", "pernyataan_kehendak"): {("document", "pernyataan_kehendak")},
    ("KSDLL", "pernyataan_kehendak"): {("document", "pernyataan_kehendak")},
    # DOMAIN.md 11: every Ps. 30(3) element filled in, or the signed rencana (the alternative).
    ("KSDPL", "penyusunan_rencana"): {("fields", "rencana_kerja_sama")},
    ("KSDLL", "penyusunan_rencana"): {("fields", "rencana_kerja_sama")},
    ("KSDPL", "penandatanganan_naskah"): {("naskah", "pks")},
    ("KSDLL", "penandatanganan_naskah"): {("naskah", "pks")},
}
BASE_REASONS = {
    "berakhir_jangka_waktu",
    "tujuan_tercapai",
    "kesepakatan_para_pihak",
    "perubahan_kebijakan",
    "objek_hilang_musnah",
}
END_REASONS = {
    "KSDD": BASE_REASONS,
    "KSDPK": BASE_REASONS | {"putusan_pengadilan", "pihak_ketiga_pailit"},
    "KSDPL": BASE_REASONS,
    "KSDLL": BASE_REASONS,
    "SINERGI": BASE_REASONS,
}
TERMINAL = ["selesai", "dibatalkan"]


def expected_targets(kind: str, stage: str, *, dprd_needed: bool) -> set[str]:
    """The oracle, written from DOMAIN.md: next legal stage (DPRD step only when needed),
    Mendagri's revision for KSDPL/KSDLL, selesai from pelaksanaan/pelaporan, dibatalkan always."""
    if stage in TERMINAL:
        return set()
    order = ORDER[kind]
    following = list(order[order.index(stage) + 1 :])
    if not dprd_needed:
        following = [s for s in following if s != "persetujuan_dprd"]
    targets = {"dibatalkan"}
    if following:
        targets.add(following[0])
    if kind in ("KSDPL", "KSDLL") and stage == "pertimbangan_menteri":
        targets.add("penyusunan_rencana")
    if stage in ("pelaksanaan", "pelaporan"):
        targets.add("selesai")
    return targets


# --------------------------------------------------------------------------- the table itself


@pytest.mark.parametrize("kind", list(ORDER))
def test_sequence_matches_domain(kind):
    assert list(stages.SEQUENCE[kind]) == ORDER[kind]


def test_every_stage_code_is_used():
    used = set(KSDD_ORDER) | set(KSDPL_ORDER) | set(TERMINAL)
    assert used == set(Stage.values)


def test_blocking_prerequisites_match_domain():
    table = {
        (kind, leaving): {(r.source, r.code) for r in reqs}
        for kind, by_stage in stages.PREREQUISITES.items()
        for leaving, reqs in by_stage.items()
        if reqs
    }
    assert table == BLOCKING
    for kind in ("KSDPL", "KSDLL"):
        (rencana,) = stages.PREREQUISITES[kind]["penyusunan_rencana"]
        assert (rencana.alternative.source, rencana.alternative.code) == (
            "naskah",
            "rencana_kerja_sama",
        )
        assert set(rencana.fields) == {
            "partners",
            "background",
            "objective",
            "targets",
            "object",
            "scope",
            "financing_source",
            "start_date",
            "end_date",
        }


#: DOMAIN.md 11: after a refusal, the revision target and the cancellation only.
REJECTION_TARGETS = {
    "KSDD": ["penyusunan_kb", "dibatalkan"],
    "KSDPK": ["penyusunan_kb", "dibatalkan"],
    "SINERGI": ["penyusunan_kb", "dibatalkan"],
    "KSDPL": ["penyusunan_rencana", "dibatalkan"],
    "KSDLL": ["penyusunan_rencana", "dibatalkan"],
}


@pytest.mark.parametrize("kind", list(ORDER))
def test_after_dprd_refusal_only_revision_or_cancellation(kind):
    targets = stages.allowed_targets(
        kind, "persetujuan_dprd", dprd_step_needed=True, dprd_rejected=True
    )
    assert targets == REJECTION_TARGETS[kind]


def test_end_reasons_match_domain():
    assert {k: set(v) for k, v in stages.END_REASONS.items()} == END_REASONS


def test_dprd_deadline_only_where_law_sets_it():
    assert stages.DPRD_DEADLINE_WORKING_DAYS.get("KSDPL") == 45
    assert stages.DPRD_DEADLINE_WORKING_DAYS.get("KSDLL") == 45
    assert stages.DPRD_DEADLINE_WORKING_DAYS.get("KSDD") is None
    assert stages.DPRD_DEADLINE_WORKING_DAYS.get("KSDPK") is None
    assert stages.DPRD_DEADLINE_WORKING_DAYS.get("SINERGI") is None


# --------------------------------------------------------------------------- every move


def _arrange(kind: str, stage: str, *, dprd_needed: bool) -> Agreement:
    """An agreement at `stage` with every blocking document and naskah in place, so that each
    allowed move succeeds; whether the DPRD step is needed is set as the kind allows."""
    foreign = kind in ("KSDPL", "KSDLL")
    status = stage if stage in TERMINAL else "aktif"
    agreement = make_agreement(
        kind=kind, stage=stage, status=status, burdens_public=dprd_needed and not foreign
    )
    for doc_type in ("studi_kelayakan", "surat_menteri", "pernyataan_kehendak"):
        Document.objects.create(
            agreement=agreement,
            doc_type=doc_type,
            title=doc_type,
            file=f"uji/{doc_type}.pdf",
            filename=f"{doc_type}.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
        )
    for naskah_type in ("kb", "pks", "rencana_kerja_sama"):
        Naskah.objects.create(
            agreement=agreement, naskah_type=naskah_type, signed_on=dt.date(2026, 3, 1)
        )
    # Leaving persetujuan_dprd needs an approval; for foreign kinds an approval is also the
    # only way the DPRD step can be "not needed" (after a non-substantive revision).
    if stage == "persetujuan_dprd" or (foreign and not dprd_needed):
        DprdDecision.objects.create(
            agreement=agreement, decision="disetujui", date=dt.date(2026, 3, 1)
        )
        services.dprd_status_refresh(agreement)
        agreement.save(update_fields=["dprd_status"])
    if foreign:
        confirm_ps27(agreement)
    return agreement


CASES = [
    (kind, stage, dprd_needed)
    for kind, order in ORDER.items()
    for stage in [*order, *TERMINAL]
    for dprd_needed in (True, False)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "stage", "dprd_needed"), CASES)
def test_every_target_from_every_stage(kind, stage, dprd_needed, staf):
    agreement = _arrange(kind, stage, dprd_needed=dprd_needed)
    expected = expected_targets(kind, stage, dprd_needed=dprd_needed)
    assert set(services.allowed_transitions(agreement)) == expected
    history_before = StageHistory.objects.filter(agreement=agreement).count()
    for target in Stage.values:  # every target, allowed or not
        with transaction.atomic():
            if target in expected:
                moved = services.agreement_transition(
                    agreement_id=agreement.pk,
                    to=target,
                    date=dt.date(2026, 3, 2),
                    note="Uji perpindahan",
                    reason=stages.END_REASONS[kind][0],
                    user=staf,
                )
                assert moved.stage == target, target
                rows = StageHistory.objects.filter(agreement=agreement).order_by("id")
                assert rows.count() == history_before + 1, target
                last = rows.last()
                assert (last.from_stage, last.to_stage, last.user) == (stage, target, staf)
            else:
                with pytest.raises(TransitionNotAllowed) as info:
                    services.agreement_transition(
                        agreement_id=agreement.pk,
                        to=target,
                        date=dt.date(2026, 3, 2),
                        note="Uji perpindahan",
                        reason=stages.END_REASONS[kind][0],
                        user=staf,
                    )
                assert set(info.value.extra["allowed"]) == expected
                assert Agreement.objects.get(pk=agreement.pk).stage == stage, target
                assert StageHistory.objects.filter(agreement=agreement).count() == history_before
            transaction.set_rollback(True)
