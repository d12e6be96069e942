"""Every write and every rule of proposals from outside (DOMAIN.md section 11).

Agreements and partners are created only through the agreements services, so their rules (kind and
partner type, registry number, first stage, document checks) apply unchanged.
Validation errors are django.core.exceptions.ValidationError with Indonesian messages per field.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django_countries import countries

from agreements import services as agreement_services
from agreements.choices import KIND_PARTNER_TYPE, DocType, Kind, PartnerType, ThirdPartyType
from agreements.exceptions import InvalidUpload
from agreements.models import FieldChange, Partner, Region
from agreements.uploads import clean_filename, inspect_upload

from . import selectors
from .choices import (
    CHECKLIST_CODES,
    CHECKLIST_LABELS,
    KIND_PROPOSER_TYPE,
    OPEN_STATUSES,
    Decision,
    EventType,
    ProposalKind,
    ProposalStatus,
    ProposerThirdPartyType,
    ProposerType,
)
from .exceptions import HoneypotFilled, ProposalNotOpen
from .models import (
    LIMITS,
    MAX_ATTACHMENTS,
    MAX_ATTACHMENTS_TOTAL,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
)

#: Unambiguous characters (no 0/O, 1/I/L): 31 symbols, 16 of them = about 79 random bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16

TEXT_FIELDS = (
    "proposer_name",
    "contact_name",
    "contact_phone",
    "title",
    "object",
    "scope",
    "benefits",
    "financing",
)
REQUIRED = {
    "proposer_name": "Nama instansi/lembaga pengusul wajib diisi.",
    "contact_name": "Nama narahubung wajib diisi.",
    "contact_email": "Surel narahubung wajib diisi.",
    "title": "Judul usulan wajib diisi.",
    "object": "Objek kerja sama wajib diisi.",
    "scope": "Ruang lingkup wajib diisi.",
    "benefits": "Manfaat kerja sama wajib diisi.",
    "financing": "Rencana pembiayaan wajib diisi.",
}
PHONE_RE = re.compile(r"^\+?[0-9 ()\-.]{6,32}$")

# --------------------------------------------------------------------------- tracking codes


def tracking_code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def tracking_code_normalise(value: str | None) -> str:
    """What a person typed ("abcd efgh-…") as stored ("ABCD-EFGH-…"); "" when it cannot be one."""
    raw = re.sub(r"[^0-9A-Za-z]", "", (value or "")[:64]).upper()
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


# --------------------------------------------------------------------------- validation


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


_NUL_MESSAGE = "Isian memuat karakter yang tidak diizinkan."


def _clean_texts(data: dict[str, Any], errors: dict, clean: dict) -> None:
    """The free-text and contact fields: no NUL, within their limit, present when required."""
    for name in (*TEXT_FIELDS, "contact_email"):
        value = _text(data.get(name))
        if "\x00" in value:
            errors[name] = [_NUL_MESSAGE]
            continue
        limit = LIMITS[name]
        if len(value) > limit:
            errors[name] = [
                f"Isian terlalu panjang: paling banyak {limit} karakter (dikirim {len(value)})."
            ]
            continue
        if not value and name in REQUIRED:
            errors[name] = [REQUIRED[name]]
            continue
        clean[name] = value


def _check_contact(errors: dict, clean: dict) -> None:
    """The contact e-mail and telephone, when given, have a valid form."""
    if clean.get("contact_email"):
        try:
            EmailValidator()(clean["contact_email"])
        except ValidationError:
            errors["contact_email"] = ["Alamat surel tidak valid."]
    if clean.get("contact_phone") and not PHONE_RE.match(clean["contact_phone"]):
        errors["contact_phone"] = ["Nomor telepon hanya boleh berisi angka, spasi, +, -, ( )."]


def _clean_kind(data: dict[str, Any], errors: dict, clean: dict) -> str:
    """Proposer type and kind, each a known value and consistent with each other."""
    proposer_type = _text(data.get("proposer_type"))
    kind = _text(data.get("kind"))
    if proposer_type not in ProposerType.values:
        errors["proposer_type"] = ["Pilih jenis pengusul: " + ", ".join(ProposerType.values) + "."]
    if kind not in ProposalKind.values:
        errors["kind"] = ["Pilih jenis kerja sama: " + ", ".join(ProposalKind.values) + "."]
    if proposer_type in ProposerType.values and kind in ProposalKind.values:
        expected = KIND_PROPOSER_TYPE[ProposalKind(kind)]
        if proposer_type != expected:
            errors["kind"] = [
                f"{ProposalKind(kind).label} hanya untuk pengusul berjenis "
                f"“{ProposerType(expected).label}”."
            ]
    clean["proposer_type"], clean["kind"] = proposer_type, kind
    return proposer_type


def _clean_origin(data: dict[str, Any], proposer_type: str, errors: dict, clean: dict) -> None:
    """Region (a daerah proposer) or country (a foreign one), as the proposer type needs."""
    region_code = _text(data.get("region_code"))[:16]
    country = _text(data.get("country_code")).upper()[:8]
    # NUL never reaches a query (PostgreSQL refuses it in string literals).
    for name, value in (("region_code", region_code), ("country_code", country)):
        if "\x00" in value:
            errors[name] = [_NUL_MESSAGE]
    region_code = region_code.replace("\x00", "")
    country = country.replace("\x00", "")
    if proposer_type == ProposerType.DAERAH:
        region = Region.objects.filter(code=region_code).first() if region_code else None
        if region is None and "region_code" not in errors:
            errors["region_code"] = [
                "Pilih provinsi atau kabupaten/kota pengusul (kode Kemendagri)."
            ]
        clean["region"], clean["country_code"] = region, "ID"
    elif proposer_type in (ProposerType.PEMDA_LUAR_NEGERI, ProposerType.LEMBAGA_LUAR_NEGERI):
        if (country not in dict(countries) or country == "ID") and "country_code" not in errors:
            errors["country_code"] = ["Pilih negara asal pengusul (kode ISO 3166-1, bukan ID)."]
        clean["country_code"] = country
    elif proposer_type in (ProposerType.PIHAK_KETIGA, ProposerType.INSTANSI_PUSAT):
        clean["country_code"] = "ID"


def _clean_third_party(data: dict[str, Any], proposer_type: str, errors: dict, clean: dict) -> None:
    """The kind of third party, required for a pihak ketiga proposer."""
    if proposer_type == ProposerType.PIHAK_KETIGA:
        third = _text(data.get("third_party_type"))
        if third not in ProposerThirdPartyType.values:
            errors["third_party_type"] = [
                "Pilih jenis pihak ketiga (badan usaha, perguruan tinggi, organisasi, ...)."
            ]
        clean["third_party_type"] = third


def proposal_clean(data: dict[str, Any]) -> dict[str, Any]:
    """The proposal fields, checked; ValidationError with every problem at once.

    Each group of fields has its own helper; they add to `errors` in the order the form shows
    the fields, so the messages come out in the same order as before.
    """
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    _clean_texts(data, errors, clean)
    _check_contact(errors, clean)
    proposer_type = _clean_kind(data, errors, clean)
    clean.update(region=None, country_code="", third_party_type="")
    _clean_origin(data, proposer_type, errors, clean)
    _clean_third_party(data, proposer_type, errors, clean)
    if errors:
        raise ValidationError(errors)
    return clean


def _check_honeypot(data: dict[str, Any]) -> None:
    if _text(data.get("website")):
        raise HoneypotFilled()


def attachments_inspect(files: Iterable | None, *, already: int = 0) -> list[tuple]:
    """Check every upload before anything is stored: count, size, type by content."""
    files = [f for f in (files or []) if f is not None]
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "attachments": [
                    f"Paling banyak {MAX_ATTACHMENTS} lampiran sekali kirim (dikirim {len(files)})."
                ]
            }
        )
    if already + len(files) > MAX_ATTACHMENTS_TOTAL:
        raise ValidationError(
            {
                "attachments": [
                    f"Usulan ini sudah memiliki {already} lampiran; paling banyak "
                    f"{MAX_ATTACHMENTS_TOTAL} lampiran seluruhnya."
                ]
            }
        )
    checked, problems = [], []
    for upload in files:
        try:
            ext, content_type, size, sha256 = inspect_upload(
                upload, max_bytes=settings.DOCUMENT_MAX_BYTES
            )
        except InvalidUpload as exc:
            name = clean_filename(getattr(upload, "name", ""), "x").rsplit(".", 1)[0]
            problems.append(f"{name}: {exc.message}")
            continue
        checked.append((upload, clean_filename(upload.name, ext), content_type, size, sha256))
    if problems:
        raise ValidationError({"attachments": problems})
    return checked


def _store_attachments(proposal: Proposal, checked: list[tuple], revision: int) -> list[str]:
    """Write files, then rows; returns the stored names so a caller can remove them on failure."""
    written: list[str] = []
    for upload, filename, content_type, size, sha256 in checked:
        attachment = ProposalAttachment(
            proposal=proposal,
            filename=filename,
            content_type=content_type,
            size=size,
            sha256=sha256,
            revision=revision,
        )
        upload.seek(0)
        attachment.file.save(filename, upload, save=False)
        written.append(attachment.file.name)
        attachment.save()
    return written


def _remove_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def _event(
    proposal: Proposal,
    event: str,
    from_status: str,
    *,
    note: str = "",
    checklist: dict | None = None,
    user=None,
) -> ProposalEvent:
    return ProposalEvent.objects.create(
        proposal=proposal,
        event=event,
        from_status=from_status,
        to_status=proposal.status,
        note=note,
        checklist=checklist or {},
        user=user if getattr(user, "pk", None) else None,
    )


def _email_on_commit(proposal_id: int, event: str, base_url: str) -> None:
    """Mail after the commit; a mail server that is down never turns the committed write into
    an error (robust; a closure, as Django logs a robust failure by the callable's name)."""
    transaction.on_commit(lambda: _send_email(proposal_id, event, base_url), robust=True)


def _send_email(proposal_id: int, event: str, base_url: str) -> None:
    from .tasks import send_proposal_email

    send_proposal_email.delay(proposal_id=proposal_id, event=event, base_url=base_url)


# --------------------------------------------------------------------------- the proposer


def proposal_submit(
    *, data: dict[str, Any], files: Iterable | None = None, base_url: str = ""
) -> Proposal:
    """A new proposal from outside: all is checked first; on any refusal nothing is stored."""
    _check_honeypot(data)
    clean = proposal_clean(data)
    checked = attachments_inspect(files)
    written: list[str] = []
    try:
        with transaction.atomic():
            proposal = Proposal(tracking_code=tracking_code_new(), **clean)
            proposal.status_note = "Usulan diterima sistem dan menunggu pengkajian."
            proposal.save()
            _event(proposal, EventType.DIAJUKAN, "")
            written = _store_attachments(proposal, checked, revision=0)
            _email_on_commit(proposal.pk, EventType.DIAJUKAN, base_url)
    except BaseException:
        _remove_files(written)
        raise
    return proposal


def proposal_revise(
    *, tracking_code: str, data: dict[str, Any], files: Iterable | None = None, base_url: str = ""
) -> Proposal:
    """The proposer's revision under the same code, only while the Bagian asks for one."""
    _check_honeypot(data)
    code = tracking_code_normalise(tracking_code)
    written: list[str] = []
    try:
        with transaction.atomic():
            proposal = Proposal.objects.select_for_update().filter(tracking_code=code).first()
            if proposal is None:
                raise ValidationError({"tracking_code": ["Kode pelacakan tidak ditemukan."]})
            if proposal.status != ProposalStatus.PERLU_PERBAIKAN:
                raise ProposalNotOpen(
                    "Perbaikan hanya dapat dikirim ketika Bagian Kerja Sama meminta perbaikan."
                )
            clean = proposal_clean(data)
            checked = attachments_inspect(files, already=proposal.attachments.count())
            previous = proposal.status
            for name, value in clean.items():
                setattr(proposal, name, value)
            proposal.revision_count += 1
            proposal.status = ProposalStatus.DIAJUKAN
            proposal.status_note = "Perbaikan diterima dan menunggu pengkajian ulang."
            proposal.save()
            _event(
                proposal, EventType.REVISI, previous, note=f"Perbaikan ke-{proposal.revision_count}"
            )
            written = _store_attachments(proposal, checked, revision=proposal.revision_count)
            _email_on_commit(proposal.pk, EventType.REVISI, base_url)
    except BaseException:
        _remove_files(written)
        raise
    return proposal


# --------------------------------------------------------------------------- staff


@transaction.atomic
def proposal_start_review(*, proposal_id: int, user) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
    if proposal.status != ProposalStatus.DIAJUKAN:
        raise ProposalNotOpen("Hanya usulan berstatus “Diajukan” yang dapat mulai dikaji.")
    proposal.status = ProposalStatus.DIKAJI
    proposal.status_note = "Usulan sedang dikaji oleh Bagian Kerja Sama."
    proposal.save(update_fields=["status", "status_note", "updated_at"])
    _event(proposal, EventType.DIKAJI, ProposalStatus.DIAJUKAN, user=user)
    return proposal


def checklist_clean(raw: Any) -> dict[str, dict[str, Any]]:
    """{code: {"ok": bool|None, "note": str}} from {code: bool} or {code: {"ok", "note"}}."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise ValidationError({"checklist": ["Hasil kajian harus berupa objek {butir: nilai}."]})
    unknown = sorted(str(k) for k in raw if k not in CHECKLIST_CODES)
    if unknown:
        raise ValidationError(
            {
                "checklist": [
                    f"Butir kajian tidak dikenal: {', '.join(unknown)[:200]}. "
                    f"Butir yang ada: {', '.join(CHECKLIST_CODES)}."
                ]
            }
        )
    clean = {}
    for code in CHECKLIST_CODES:
        if code not in raw:
            continue
        value = raw[code]
        note = ""
        if isinstance(value, dict):
            note = _text(value.get("note"))
            value = value.get("ok")
        if value is not None and not isinstance(value, bool):
            raise ValidationError({"checklist": [f"Nilai butir “{code}” harus true atau false."]})
        if len(note) > 1000 or "\x00" in note:
            raise ValidationError(
                {
                    "checklist": [
                        f"Catatan butir “{code}” tidak valid (paling banyak 1000 karakter)."
                    ]
                }
            )
        clean[code] = {"ok": value, "note": note}
    return clean


def _core_kind(proposal: Proposal) -> str:
    if proposal.kind not in Kind.values:
        raise ValidationError(
            {
                "kind": [
                    f"Jenis “{proposal.kind}” belum dikenal oleh registri kerja sama ini, "
                    "sehingga usulan belum dapat didaftarkan sebagai kerja sama. "
                    "Minta perbaikan atau tolak usulan ini."
                ]
            }
        )
    return proposal.kind


def _core_partner_type(proposal: Proposal) -> str:
    if proposal.proposer_type not in PartnerType.values:
        raise ValidationError(
            {
                "proposer_type": [
                    f"Jenis mitra “{proposal.proposer_type}” belum dikenal oleh registri ini; "
                    "mitra tidak dapat dibuat."
                ]
            }
        )
    return proposal.proposer_type


def _partner_for(proposal: Proposal, kind: str, partner_id: int | None, user) -> Partner:
    expected = KIND_PARTNER_TYPE.get(kind)
    if partner_id:
        partner = Partner.objects.filter(pk=partner_id).first()
        if partner is None:
            raise ValidationError({"partner": ["Mitra yang dipilih tidak ditemukan."]})
        if expected and partner.partner_type != expected:
            raise ValidationError(
                {
                    "partner": [
                        f"Mitra “{partner.name}” berjenis {partner.get_partner_type_display()}, "
                        f"tidak sesuai untuk {kind}."
                    ]
                }
            )
        return partner
    partner_type = _core_partner_type(proposal)
    exact = selectors.partner_exact_match(proposal.proposer_name, partner_type)
    if exact is not None:
        return exact
    third = ""
    if partner_type == PartnerType.PIHAK_KETIGA:
        third = (
            proposal.third_party_type
            if proposal.third_party_type in ThirdPartyType.values
            else ThirdPartyType.LAINNYA
        )
    return agreement_services.partner_create(
        user=user,
        name=proposal.proposer_name,
        partner_type=partner_type,
        region_code=proposal.region_id,
        country_code=proposal.country_code,
        third_party_type=third,
        contact_name=proposal.contact_name,
        contact_email=proposal.contact_email,
    )


def _agreement_fields(proposal: Proposal) -> dict[str, Any]:
    fields = {
        "summary": f"Manfaat: {proposal.benefits}",
        "scope": proposal.scope,
        "financing_source": proposal.financing[:255],
        "object": proposal.object,  # used once the core has the rencana element `object`
    }
    if "object" not in agreement_services.AGREEMENT_FIELDS:
        fields["objective"] = f"Objek: {proposal.object}"
    return fields


def _decision_trail(proposal: Proposal) -> str:
    lines = [
        f"Didaftarkan dari usulan kerja sama {proposal.tracking_code} "
        f"(pengusul: {proposal.proposer_name})."
    ]
    for event in proposal.events.select_related("user").order_by("id"):
        when = timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M")
        who = (event.user.get_full_name() or event.user.username) if event.user else "pengusul"
        note = f": {event.note}" if event.note else ""
        lines.append(f"{when} {EventType(event.event).label} ({who}){note}")
    return "\n".join(lines)


def _copy_attachments(proposal: Proposal, agreement_id: int, user, stored: list[str]) -> None:
    """Each attachment through the document service, so the document rules apply to it.

    `stored` collects the written file names as they are written, so that a failure part-way
    lets the caller remove every file of the rolled-back documents.
    """
    for attachment in proposal.attachments.order_by("id"):
        with attachment.file.open("rb") as handle:
            document = agreement_services.document_upload(
                agreement_id=agreement_id,
                uploaded_file=File(handle, name=attachment.filename),
                doc_type=DocType.LAINNYA,
                title=f"Lampiran usulan {proposal.tracking_code}: {attachment.filename}"[:255],
                user=user,
            )
        stored.append(document.file.name)
        attachment.document = document
        attachment.save(update_fields=["document"])


def proposal_review(
    *,
    proposal_id: int,
    user,
    decision: str,
    note: str = "",
    checklist: Any = None,
    partner: int | None = None,
    urusan: Iterable[str] = (),
    base_url: str = "",
) -> Proposal:
    """Record the Bagian's decision; `diterima` registers the agreement in the same transaction."""
    note = _text(note)
    if decision not in Decision.values:
        raise ValidationError(
            {"decision": ["Keputusan harus diterima, perlu_perbaikan, atau ditolak."]}
        )
    if len(note) > LIMITS["status_note"] or "\x00" in note:
        raise ValidationError(
            {"note": [f"Catatan paling banyak {LIMITS['status_note']} karakter."]}
        )
    items = checklist_clean(checklist)
    stored: list[str] = []
    try:
        with transaction.atomic():
            proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
            if proposal.status not in OPEN_STATUSES:
                raise ProposalNotOpen(
                    f"Usulan berstatus “{proposal.get_status_display()}” tidak dapat diputuskan; "
                    "hanya usulan yang diajukan atau sedang dikaji."
                )
            if decision == Decision.DITERIMA:
                missing = [
                    CHECKLIST_LABELS[c]
                    for c in CHECKLIST_CODES
                    if items.get(c, {}).get("ok") is not True
                ]
                if missing:
                    raise ValidationError(
                        {
                            "checklist": [
                                "Usulan hanya dapat diterima bila semua butir kajian terpenuhi. "
                                "Belum: " + "; ".join(missing) + "."
                            ]
                        }
                    )
            elif not note:
                raise ValidationError(
                    {
                        "note": [
                            "Tuliskan alasan atau hal yang perlu diperbaiki; "
                            "catatan ini dikirim ke pengusul."
                        ]
                    }
                )
            previous = proposal.status
            proposal.status = decision
            proposal.checklist = items
            proposal.status_note = note or (
                "Usulan diterima dan didaftarkan sebagai prakarsa kerja sama."
                if decision == Decision.DITERIMA
                else ""
            )
            if decision != Decision.PERLU_PERBAIKAN:
                proposal.decided_at = timezone.now()
                proposal.decided_by = user
            proposal.save()
            _event(proposal, decision, previous, note=note, checklist=items, user=user)
            if decision == Decision.DITERIMA:
                kind = _core_kind(proposal)
                partner_obj = _partner_for(proposal, kind, partner, user)
                agreement = agreement_services.agreement_create(
                    user=user,
                    title=proposal.title,
                    kind=kind,
                    partners=[partner_obj.pk],
                    urusan=list(urusan or ()),
                    **_agreement_fields(proposal),
                )
                proposal.agreement, proposal.partner = agreement, partner_obj
                proposal.save(update_fields=["agreement", "partner", "updated_at"])
                FieldChange.objects.create(
                    agreement=agreement,
                    field="usulan",
                    old_value="",
                    new_value=_decision_trail(proposal),
                    user=user,
                )
                _copy_attachments(proposal, agreement.pk, user, stored)
            _email_on_commit(proposal.pk, decision, base_url)
    except BaseException:
        _remove_files(stored)
        raise
    return proposal
