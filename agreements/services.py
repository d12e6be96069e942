"""Every write and every rule of the agreements app.

Views, forms, serializers and tasks call these functions; they never write models themselves.
Validation errors are django.core.exceptions.ValidationError with Indonesian messages per field;
rule violations are DomainError subclasses (exceptions.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from kerjasama.limits import check_instance, check_values

from . import rules, stages, tallies
from .choices import (
    DprdDecisionValue,
    DprdStatus,
    NaskahType,
    Ps27Condition,
    Stage,
    Status,
)
from .exceptions import (
    InvalidState,
    PrerequisiteMissing,
    StaleVersion,
    StorageFull,
    TransitionNotAllowed,
)
from .models import (
    Agreement,
    ConditionCheck,
    Document,
    DprdDecision,
    FieldChange,
    Naskah,
    Partner,
    Region,
    StageHistory,
    Urusan,
)
from .signals import document_uploaded
from .uploads import clean_filename, inspect_upload
from .workdays import add_working_days

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------- partners

PARTNER_FIELDS = (
    "name",
    "partner_type",
    "region",
    "country_code",
    "third_party_type",
    "address",
    "contact_name",
    "contact_email",
)


def _partner_validate(partner: Partner) -> None:
    """The partner-type rules of rules.partner_clean, applied to the instance."""
    cleaned, problems = rules.partner_clean(
        partner.partner_type,
        region_code=partner.region_id,
        country_code=partner.country_code,
        third_party_type=partner.third_party_type,
    )
    errors = {field: [message] for field, message in problems.items()}
    if not (partner.name or "").strip():
        errors["name"] = ["Nama mitra wajib diisi."]
    partner.country_code = cleaned.country_code
    partner.third_party_type = cleaned.third_party_type
    if cleaned.region_code is None:
        partner.region = None
    check_instance(partner, errors)  # address: at most 10 000 characters
    if errors:
        raise ValidationError(errors)


def region_get(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"region_code": [f"Kode daerah “{code}” tidak ditemukan."]})
    return region


@transaction.atomic
def partner_create(*, user=None, region_code: str | None = None, **data: Any) -> Partner:
    partner = Partner(**{k: v for k, v in data.items() if k in PARTNER_FIELDS})
    partner.region = region_get(region_code) if region_code else data.get("region")
    _partner_validate(partner)
    partner.save()
    return partner


@transaction.atomic
def partner_update(*, partner_id: int, user=None, **data: Any) -> Partner:
    partner = Partner.objects.select_for_update().get(pk=partner_id)
    if "region_code" in data:
        partner.region = region_get(data.pop("region_code"))
    for key, value in data.items():
        if key in PARTNER_FIELDS:
            setattr(partner, key, value)
    _partner_validate(partner)
    partner.save()
    return partner


# --------------------------------------------------------------------------- agreements

#: The largest value the database column (a 64-bit integer) holds.
MAX_VALUE_IDR = 2**63 - 1

AGREEMENT_FIELDS = (
    "title",
    "kind",
    "bidang",
    "ksdd_form",
    "summary",
    "background",
    "objective",
    "targets",
    "object",
    "scope",
    "financing_source",
    "value_idr",
    "burdens_public",
    "budgeted_in_apbd",
    "initiating_unit",
    "facilitated_on",
    "start_date",
    "end_date",
    "confidential",
    "owner",
    "renewal_of",
    "dprd_received_on",
)


def has_dprd_approval(agreement: Agreement) -> bool:
    """The DPRD approved the current submission (the stored, derived `dprd_status`)."""
    return agreement.dprd_status == DprdStatus.DISETUJUI


def dprd_step_needed(agreement: Agreement) -> bool:
    """The conditional DPRD stage is entered when required and not yet approved."""
    return agreement.dprd_required and not has_dprd_approval(agreement)


def dprd_status_refresh(agreement: Agreement) -> str:
    """Recompute `dprd_status` (rules.dprd_status_of) on the instance; the caller saves it.

    The current decision is the latest one not superseded: entering `persetujuan_dprd` again
    supersedes every earlier decision, so only a decision since then counts.
    """
    decision = None
    if agreement.pk:
        decision = (
            agreement.dprd_decisions.filter(superseded=False)
            .order_by("-date", "-id")
            .values_list("decision", flat=True)
            .first()
        )
    agreement.dprd_status = rules.dprd_status_of(
        kind=agreement.kind,
        stage=agreement.stage,
        dprd_required=agreement.dprd_required,
        decision=decision,
    )
    return agreement.dprd_status


def dprd_deadline_for(kind: str, received_on: dt.date | None) -> dt.date | None:
    """45 working days from the day after receipt, for kinds whose law sets the limit."""
    days = stages.DPRD_DEADLINE_WORKING_DAYS.get(kind)
    return add_working_days(received_on, days) if days and received_on else None


def allowed_transitions(agreement: Agreement) -> list[str]:
    if agreement.status != Status.AKTIF:
        return []
    return stages.allowed_targets(
        agreement.kind,
        agreement.stage,
        dprd_step_needed=dprd_step_needed(agreement),
        dprd_rejected=agreement.dprd_status == DprdStatus.DITOLAK,
    )


def _unfilled(agreement: Agreement, fields: tuple[str, ...]) -> list[str]:
    empty = []
    for name in fields:
        if name == "partners":
            loaded = getattr(agreement, "partner_rows", None)  # read by agreement_detail
            filled = (
                bool(loaded)
                if loaded is not None
                else (agreement.pk is not None and agreement.partners.exists())
            )
        else:
            value = getattr(agreement, name)
            filled = bool(value.strip()) if isinstance(value, str) else value is not None
        if not filled:
            empty.append(name)
    return empty


def _has(agreement: Agreement, loaded: str, relation: str, **match) -> bool:
    """A related row matching `match`: from the list a page already read, else one query."""
    rows = getattr(agreement, loaded, None)  # selectors.agreement_detail sets these lists
    if rows is None:
        return getattr(agreement, relation).filter(**match).exists()
    return any(all(getattr(row, k) == v for k, v in match.items()) for row in rows)


def requirement_missing(agreement: Agreement, req: stages.Requirement) -> stages.Requirement | None:
    """`req` itself (or a copy naming what is missing) when it is not met, else None."""
    if req.source == "document":
        ok = _has(agreement, "document_rows", "documents", doc_type=req.code)
    elif req.source == "naskah":
        ok = _has(agreement, "naskah_rows", "naskah", naskah_type=req.code)
    elif req.source == "condition":
        ok = _has(agreement, "condition_rows", "conditions", code=req.code, confirmed=True)
    elif req.source == "fields":
        empty = _unfilled(agreement, req.fields)
        ok = not empty
        if empty:
            labels = ", ".join(stages.RENCANA_ELEMENTS.get(name, name) for name in empty)
            label = f"{req.label} belum lengkap ({labels})"
            if req.alternative is not None:
                label += f", atau {req.alternative.label}"
            req = dataclasses.replace(req, label=label)
    else:
        ok = has_dprd_approval(agreement)
    if not ok and req.alternative is not None:
        ok = requirement_missing(agreement, req.alternative) is None
    return None if ok else req


def missing_prerequisites(agreement: Agreement, to: str) -> list[stages.Requirement]:
    """What blocks leaving the current stage forward to `to` (empty for revisions/specials)."""
    if to in stages.TERMINAL or not stages.is_forward(agreement.kind, agreement.stage, to):
        return []
    missing = []
    for req in stages.prerequisites(agreement.kind, agreement.stage):
        if (problem := requirement_missing(agreement, req)) is not None:
            missing.append(problem)
    return missing


def _validate_agreement(
    agreement: Agreement, partners: list[Partner] | None, urusan: list[Urusan] | None
) -> None:
    errors: dict[str, list[str]] = {}
    if not (agreement.title or "").strip():
        errors["title"] = ["Judul kerja sama wajib diisi."]
    if message := rules.kind_error(agreement.kind):
        errors["kind"] = [message]
    if message := rules.ksdd_form_error(agreement.kind, agreement.ksdd_form or ""):
        errors["ksdd_form"] = [message]
    if partners is not None:
        if not partners:
            errors["partners"] = ["Pilih minimal satu mitra kerja sama."]
        elif message := rules.kind_partner_error(
            agreement.kind, [(p.name, p.partner_type) for p in partners]
        ):
            errors["partners"] = [message]
    if agreement.start_date and agreement.end_date and agreement.end_date < agreement.start_date:
        errors["end_date"] = ["Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku."]
    if agreement.value_idr is not None and agreement.value_idr < 0:
        errors["value_idr"] = ["Nilai kerja sama tidak boleh negatif."]
    elif agreement.value_idr is not None and agreement.value_idr > MAX_VALUE_IDR:
        errors["value_idr"] = ["Nilai kerja sama terlalu besar."]
    check_instance(agreement, errors)  # text length, dates in 1945..2100
    if errors:
        raise ValidationError(errors)


def _resolve_partners(partner_ids: Iterable[int] | None) -> list[Partner] | None:
    if partner_ids is None:
        return None
    ids = list(dict.fromkeys(int(getattr(p, "pk", p)) for p in partner_ids))
    found = list(Partner.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {p.pk for p in found})
    if missing:
        raise ValidationError({"partners": [f"Mitra tidak ditemukan: {missing}."]})
    return found


def _resolve_urusan(codes: Iterable[str] | None) -> list[Urusan] | None:
    if codes is None:
        return None
    codes = list(dict.fromkeys(str(getattr(c, "pk", c)) for c in codes))
    found = list(Urusan.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {u.code for u in found})
    if missing:
        raise ValidationError({"urusan": [f"Kode urusan tidak dikenal: {', '.join(missing)}."]})
    return found


def registry_number_next(year: int) -> str:
    """KS/YYYY/NNNN: one atomic upsert, inside the caller's transaction (gap-free, race-safe)."""
    table = "agreements_registrycounter"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        (last,) = cursor.fetchone()
    return f"KS/{year}/{last:04d}"


@transaction.atomic
def agreement_create(
    *,
    user,
    title: str,
    kind: str,
    partners: Iterable[int],
    urusan: Iterable[str] = (),
    facilitated_on: dt.date | None = None,
    stage: str | None = None,
    status: str = "",
    **fields: Any,
) -> Agreement:
    """Register a cooperation initiative at the first stage of its kind.

    `stage`/`status` other than the first are for imports of old agreements only (no fake history:
    the history row says the agreement was entered after the fact).
    """
    agreement = Agreement(
        title=title,
        kind=kind,
        facilitated_on=facilitated_on or timezone.localdate(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **{k: v for k, v in fields.items() if k in (*AGREEMENT_FIELDS, "import_key")},
    )
    if agreement.owner is None and getattr(user, "is_authenticated", False):
        agreement.owner = user
    partner_objs = _resolve_partners(partners)
    urusan_objs = _resolve_urusan(urusan)
    _validate_agreement(agreement, partner_objs, urusan_objs)
    agreement.dprd_required = rules.dprd_required_for(
        agreement.kind, agreement.burdens_public, agreement.budgeted_in_apbd
    )
    initial = stages.first_stage(kind)
    # A terminal stage is its own status; otherwise the given one (imports of old agreements).
    agreement.stage, agreement.status, problems = rules.stage_status_clean(
        kind, stage or "", status
    )
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})
    if stages.is_terminal(agreement.stage):
        # An old agreement imported as already ended: when and why, if the register says so.
        agreement.ended_on = fields.get("ended_on")
        reason = fields.get("end_reason") or ""
        if reason and (
            agreement.stage != Stage.SELESAI or reason not in stages.END_REASONS[agreement.kind]
        ):
            raise ValidationError(
                {"end_reason": [f"Alasan berakhir “{reason}” tidak berlaku di sini."]}
            )
        agreement.end_reason = reason
    entered_late = agreement.stage != initial or bool(fields.get("entered_after_fact"))
    agreement.entered_after_fact = entered_late
    agreement.dprd_deadline = dprd_deadline_for(kind, agreement.dprd_received_on)
    dprd_status_refresh(agreement)
    agreement.number = registry_number_next(agreement.facilitated_on.year)
    agreement.save()
    tallies.agreement_added(agreement)
    agreement.partners.set(partner_objs)
    agreement.urusan.set(urusan_objs or [])
    StageHistory.objects.create(
        agreement=agreement,
        from_stage="",
        to_stage=agreement.stage,
        date=agreement.facilitated_on,
        note=(
            "Dicatat setelah kejadian (impor register lama); riwayat sebelumnya tidak tersedia."
            if entered_late
            else "Prakarsa kerja sama didaftarkan."
        ),
        user=agreement.created_by,
    )
    return agreement


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


@transaction.atomic
def agreement_update(
    *,
    agreement_id: int,
    user,
    version: int | None = None,
    partners: Iterable[int] | None = None,
    urusan: Iterable[str] | None = None,
    **fields: Any,
) -> Agreement:
    """Edit an agreement; a stale `version` is refused (409) and nothing is changed."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    if version is not None and int(version) != agreement.version:
        raise StaleVersion()
    if "kind" in fields and fields["kind"] != agreement.kind:
        raise ValidationError(
            {"kind": ["Jenis kerja sama tidak dapat diubah setelah didaftarkan."]}
        )
    old = {name: getattr(agreement, name) for name in AGREEMENT_FIELDS}
    old_partners = sorted(agreement.partners.values_list("pk", flat=True))
    old_urusan = sorted(agreement.urusan.values_list("code", flat=True))
    for name, value in fields.items():
        if name in AGREEMENT_FIELDS:
            setattr(agreement, name, value)
    partner_objs = _resolve_partners(partners)
    urusan_objs = _resolve_urusan(urusan)
    _validate_agreement(
        agreement,
        partner_objs if partner_objs is not None else list(agreement.partners.all()),
        None,
    )
    agreement.dprd_required = rules.dprd_required_for(
        agreement.kind, agreement.burdens_public, agreement.budgeted_in_apbd
    )
    if "dprd_received_on" in fields:
        _check_dprd_received_on(agreement)
        agreement.dprd_deadline = dprd_deadline_for(agreement.kind, agreement.dprd_received_on)
    dprd_status_refresh(agreement)
    changes = [
        FieldChange(
            agreement=agreement,
            field=name,
            old_value=_display(old[name]),
            new_value=_display(getattr(agreement, name)),
            user=user,
        )
        for name in AGREEMENT_FIELDS
        if _display(old[name]) != _display(getattr(agreement, name))
    ]
    if partner_objs is not None:
        new_partners = sorted(p.pk for p in partner_objs)
        if new_partners != old_partners:
            agreement.partners.set(partner_objs)
            changes.append(
                FieldChange(
                    agreement=agreement,
                    field="partners",
                    old_value=",".join(map(str, old_partners)),
                    new_value=",".join(map(str, new_partners)),
                    user=user,
                )
            )
    if urusan_objs is not None:
        new_urusan = sorted(u.code for u in urusan_objs)
        if new_urusan != old_urusan:
            agreement.urusan.set(urusan_objs)
            changes.append(
                FieldChange(
                    agreement=agreement,
                    field="urusan",
                    old_value=",".join(old_urusan),
                    new_value=",".join(new_urusan),
                    user=user,
                )
            )
    if changes:
        agreement.version += 1
        if agreement.facilitated_on != old["facilitated_on"]:  # another IKU cohort
            with tallies.tracking(agreement.pk):
                agreement.save()
        else:
            agreement.save()
        FieldChange.objects.bulk_create(changes)
    return agreement


def _check_dprd_received_on(agreement: Agreement) -> None:
    received = agreement.dprd_received_on
    if received and agreement.dprd_submitted_on and received < agreement.dprd_submitted_on:
        raise ValidationError(
            {
                "dprd_received_on": [
                    "Tanggal diterima DPRD tidak boleh sebelum tanggal surat diajukan ke DPRD "
                    f"({agreement.dprd_submitted_on.isoformat()})."
                ]
            }
        )
    if received and received > timezone.localdate():
        raise ValidationError(
            {"dprd_received_on": ["Tanggal diterima DPRD tidak boleh di masa mendatang."]}
        )


def _notify_stage_changed(agreement_id: int, to: str) -> None:
    from .tasks import notify_stage_changed

    notify_stage_changed.delay(agreement_id=agreement_id, to=to)


@transaction.atomic
def agreement_transition(
    *,
    agreement_id: int,
    to: str,
    date: dt.date | None = None,
    note: str = "",
    user,
    reason: str = "",
    substantive: bool = False,
) -> Agreement:
    """Move an agreement to `to`: lock, check the stage table and prerequisites, write both rows."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    date = date or timezone.localdate()
    if bounds := check_values({"date": date, "note": note}, {}):
        raise ValidationError(bounds)
    allowed = allowed_transitions(agreement)
    if to not in allowed:
        raise TransitionNotAllowed(to=to, allowed=allowed)
    if to == Stage.DIBATALKAN and not note.strip():
        raise ValidationError({"note": ["Pembatalan wajib disertai catatan alasannya."]})
    if to == Stage.SELESAI:
        valid = stages.END_REASONS[agreement.kind]
        if reason not in valid:
            raise ValidationError(
                {"reason": [f"Alasan berakhirnya kerja sama wajib dipilih: {', '.join(valid)}."]}
            )
    if missing := missing_prerequisites(agreement, to):
        raise PrerequisiteMissing(missing)

    skipped = list(stages.skipped_between(agreement.kind, agreement.stage, to))
    if skipped and not note:
        note = (
            # Required but approved before a non-substantive revision (DOMAIN.md question 5).
            "Persetujuan DPRD telah diperoleh sebelumnya (revisi tidak substantif): dilewati."
            if agreement.dprd_required
            else "Persetujuan DPRD tidak diperlukan (tidak membebani dan telah dianggarkan): "
            "dilewati."
        )
    StageHistory.objects.create(
        agreement=agreement,
        from_stage=agreement.stage,
        to_stage=to,
        date=date,
        note=note,
        reason=reason if to == Stage.SELESAI else "",
        skipped=skipped,
        user=user,
    )
    update = ["stage", "status", "updated_at", "version", "dprd_status"]
    if to == Stage.PENYUSUNAN_RENCANA and substantive:
        # A substantive revision needs DPRD again (DOMAIN.md open question 5).
        agreement.dprd_decisions.filter(decision=DprdDecisionValue.DISETUJUI).update(
            superseded=True
        )
    if to == Stage.PERSETUJUAN_DPRD:
        # A new submission: a new clock from receipt (the same day unless staff correct it)
        # and a new decision; decisions on an earlier submission no longer count.
        agreement.dprd_decisions.filter(superseded=False).update(superseded=True)
        agreement.dprd_submitted_on = date
        agreement.dprd_received_on = date
        agreement.dprd_deadline = dprd_deadline_for(agreement.kind, date)
        update += ["dprd_submitted_on", "dprd_received_on", "dprd_deadline"]
    if to in stages.TERMINAL:
        agreement.status = Status(to)
        agreement.ended_on = date  # the day it actually ended or was cancelled
        update.append("ended_on")
        if to == Stage.SELESAI:
            agreement.end_reason = reason
            update.append("end_reason")
    agreement.stage = to
    agreement.version += 1
    dprd_status_refresh(agreement)
    agreement.save(update_fields=update)
    # robust: the move is committed; a broker that is down must not answer it with a 500.
    # (a closure, not functools.partial: Django logs a robust failure by the callable's name)
    agreement_id, target = agreement.pk, to
    transaction.on_commit(lambda: _notify_stage_changed(agreement_id, target), robust=True)
    return agreement


#: Note of the history row the daily job writes when a term runs out (DOMAIN.md 11).
EXPIRY_NOTE = "Berakhir otomatis: jangka waktu kerja sama berakhir pada {date}."


@transaction.atomic
def agreement_expire(*, agreement_id: int, today: dt.date) -> Agreement | None:
    """End an active agreement whose term ran out before `today` (the daily job, no user).

    Stage `selesai`, reason `berakhir_jangka_waktu`, one history row marked automatic, from any
    active stage: the term ends whatever step the paperwork had reached. `ended_on` is the last
    day of the term (`end_date`, or a later `valid_until` of an addendum that extended it), so a
    day the job did not run gives the same result when it catches up. Returns None, writing
    nothing, when the agreement no longer qualifies (ended meanwhile, extended, run twice).
    """
    from kerjasama.formatting import tanggal

    from . import selectors
    from .choices import EndReason

    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    term_end = selectors.agreement_term_end(agreement)
    if agreement.status != Status.AKTIF or term_end is None or term_end >= today:
        return None
    note = EXPIRY_NOTE.format(date=tanggal(term_end))
    successor = agreement.renewals.order_by("id").first()
    if successor is not None:
        note += f" Dilanjutkan oleh kerja sama {successor.number}."
    StageHistory.objects.create(
        agreement=agreement,
        from_stage=agreement.stage,
        to_stage=Stage.SELESAI,
        date=term_end,
        note=note,
        reason=EndReason.BERAKHIR_JANGKA_WAKTU,
        user=None,
        automatic=True,
    )
    agreement.stage = Stage.SELESAI
    agreement.status = Status.SELESAI
    agreement.end_reason = EndReason.BERAKHIR_JANGKA_WAKTU
    agreement.ended_on = term_end
    agreement.version += 1
    agreement.save(
        update_fields=["stage", "status", "end_reason", "ended_on", "version", "updated_at"]
    )
    agreement_id = agreement.pk
    transaction.on_commit(lambda: _notify_stage_changed(agreement_id, Stage.SELESAI), robust=True)
    return agreement


@transaction.atomic
def dprd_decision_record(
    *,
    agreement_id: int,
    decision: str,
    date: dt.date,
    letter_number: str = "",
    note: str = "",
    user,
) -> DprdDecision:
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    if agreement.stage != Stage.PERSETUJUAN_DPRD or agreement.status != Status.AKTIF:
        raise InvalidState(
            "Keputusan DPRD hanya dapat dicatat saat kerja sama berada pada tahapan "
            "Persetujuan DPRD.",
        )
    if agreement.dprd_status != DprdStatus.MENUNGGU:
        raise InvalidState(
            "Keputusan DPRD atas pengajuan ini sudah dicatat. Setelah penolakan, revisi "
            "rencana/kesepakatan lalu ajukan kembali ke DPRD untuk keputusan baru."
        )
    if decision not in DprdDecisionValue.values:
        raise ValidationError({"decision": ["Keputusan harus “disetujui” atau “ditolak”."]})
    if bounds := check_values({"date": date, "note": note}, {}):
        raise ValidationError(bounds)
    if agreement.dprd_submitted_on and date < agreement.dprd_submitted_on:
        raise ValidationError(
            {"date": ["Tanggal keputusan tidak boleh sebelum tanggal pengajuan ke DPRD."]}
        )
    if agreement.dprd_received_on and date < agreement.dprd_received_on:
        raise ValidationError(
            {"date": ["Tanggal keputusan tidak boleh sebelum tanggal surat diterima DPRD."]}
        )
    row = DprdDecision.objects.create(
        agreement=agreement,
        decision=decision,
        date=date,
        letter_number=letter_number,
        note=note,
        user=user,
    )
    Agreement.objects.filter(pk=agreement.pk).update(
        updated_at=timezone.now(), dprd_status=dprd_status_refresh(agreement)
    )
    return row


# --------------------------------------------------------------------------- PP Ps. 27


@transaction.atomic
def condition_record(
    *, agreement_id: int, code: str, confirmed: bool, note: str = "", user
) -> ConditionCheck:
    """Record one PP Ps. 27 condition of a KSDPL/KSDLL as confirmed (or not) by `user`."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    if not rules.conditions_apply(agreement.kind):
        raise ValidationError(
            {"code": ["Syarat PP 28/2018 Ps. 27 hanya berlaku untuk KSDPL dan KSDLL."]}
        )
    if code not in Ps27Condition.values:
        raise ValidationError(
            {"code": [f"Kode syarat harus salah satu dari {', '.join(Ps27Condition.values)}."]}
        )
    row, _created = ConditionCheck.objects.get_or_create(agreement=agreement, code=code)
    row.confirmed = bool(confirmed)
    row.note = (note or "").strip()
    row.user = user if confirmed else None
    row.confirmed_at = timezone.now() if confirmed else None
    row.save()
    Agreement.objects.filter(pk=agreement.pk).update(updated_at=timezone.now())
    return row


# --------------------------------------------------------------------------- documents, naskah


def document_upload(*, agreement_id: int, uploaded_file, doc_type: str, title: str = "", user):
    """Store an upload after checking its content; on any refusal nothing is stored.

    Runs outside a transaction on purpose: the file is written first, then the row; if the row
    cannot be written the file is removed again, so no orphan and no row without a file.
    """
    from .choices import DocType

    agreement = Agreement.objects.get(pk=agreement_id)
    if doc_type not in DocType.values:
        raise ValidationError({"doc_type": ["Jenis dokumen tidak dikenal."]})
    if uploaded_file is None:
        raise ValidationError({"file": ["Pilih berkas yang akan diunggah."]})
    ext, content_type, size, sha256 = inspect_upload(
        uploaded_file, max_bytes=settings.DOCUMENT_MAX_BYTES
    )
    filename = clean_filename(uploaded_file.name, ext)
    document = Document(
        agreement=agreement,
        doc_type=doc_type,
        title=(title or "").strip()[:255] or filename,
        filename=filename,
        content_type=content_type,
        size=size,
        sha256=sha256,
        uploaded_by=user,
    )
    field = Document._meta.get_field("file")
    name = field.storage.get_available_name(
        field.generate_filename(document, filename), max_length=field.max_length
    )
    try:
        # Inside the try, under a name known beforehand: a disk that fills up mid-write leaves
        # no (0-byte) file behind.
        document.file.name = field.storage.save(name, uploaded_file, max_length=field.max_length)
        with transaction.atomic():
            document.save()
            Agreement.objects.filter(pk=agreement.pk).update(updated_at=timezone.now())
    except BaseException as exc:
        for stored in {name, document.file.name or name}:
            try:
                field.storage.delete(stored)
            except OSError:
                logger.exception("Berkas %s tidak dapat dihapus", stored)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise StorageFull() from exc
        raise
    # robust: the upload is committed; the analysis is queued now or by the daily recovery.
    transaction.on_commit(
        lambda: document_uploaded.send(sender=Document, document_id=document.pk), robust=True
    )
    return document


@transaction.atomic
def naskah_create(
    *,
    agreement_id: int,
    naskah_type: str,
    signed_on: dt.date,
    number: str = "",
    title: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    document: int | None = None,
    amends: int | None = None,
    user,
) -> Naskah:
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    errors: dict[str, list[str]] = {}
    if naskah_type not in NaskahType.values:
        errors["naskah_type"] = ["Jenis naskah tidak dikenal."]
    if signed_on is None:
        errors["signed_on"] = ["Tanggal penandatanganan wajib diisi."]
    if valid_from and valid_until and valid_until < valid_from:
        errors["valid_until"] = ["Tanggal berlaku sampai tidak boleh sebelum berlaku mulai."]
    doc_obj = None
    if document:
        doc_obj = Document.objects.filter(pk=getattr(document, "pk", document)).first()
        if doc_obj is None or doc_obj.agreement_id != agreement.pk:
            errors["document"] = ["Dokumen harus milik kerja sama yang sama."]
    amends_obj = None
    if amends:
        amends_obj = Naskah.objects.filter(pk=getattr(amends, "pk", amends)).first()
        if amends_obj is None or amends_obj.agreement_id != agreement.pk:
            errors["amends"] = ["Naskah yang diubah harus milik kerja sama yang sama."]
    check_values({"signed_on": signed_on, "valid_from": valid_from, "valid_until": valid_until},
                 errors)  # fmt: skip
    if naskah_type == NaskahType.ADDENDUM and not amends:
        errors["amends"] = ["Addendum wajib menunjuk naskah yang diubahnya."]
    if errors:
        raise ValidationError(errors)
    signed = naskah_type in tallies.SIGNED_TYPES
    with tallies.tracking(agreement.pk) if signed else contextlib.nullcontext():
        naskah = Naskah.objects.create(
            agreement=agreement,
            naskah_type=naskah_type,
            number=number,
            title=title,
            signed_on=signed_on,
            valid_from=valid_from,
            valid_until=valid_until,
            document=doc_obj,
            amends=amends_obj,
            created_by=user,
        )
    Agreement.objects.filter(pk=agreement.pk).update(updated_at=timezone.now())
    return naskah


# --------------------------------------------------------------------------- renewal (ops)

#: Fields a follow-up agreement copies from the one it continues.
RENEWAL_FIELDS = (
    "bidang",
    "objective",
    "scope",
    "financing_source",
    "value_idr",
    "burdens_public",
    "budgeted_in_apbd",
    "confidential",
    "initiating_unit",
)
RENEWAL_PREFIX = "Perpanjangan: "


@transaction.atomic
def agreement_renew(*, agreement_id: int, user) -> Agreement:
    """Start the follow-up of an agreement: a new one at its kind's first stage, linked to it."""
    old = Agreement.objects.select_for_update().get(pk=agreement_id)
    running = old.renewals.filter(status=Status.AKTIF).order_by("id").first()
    if running is not None:
        raise InvalidState(
            f"Kerja sama ini sudah memiliki perpanjangan yang sedang berjalan: {running.number}."
        )
    title = old.title
    if not title.startswith(RENEWAL_PREFIX):
        title = RENEWAL_PREFIX + title
    return agreement_create(
        user=user,
        title=title[:300],
        kind=old.kind,
        partners=list(old.partners.values_list("pk", flat=True)),
        urusan=list(old.urusan.values_list("code", flat=True)),
        facilitated_on=timezone.localdate(),
        renewal_of=old,
        **{name: getattr(old, name) for name in RENEWAL_FIELDS},
    )
