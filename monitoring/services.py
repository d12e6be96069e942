"""Writes and rules of the monitoring app: targets, historical realisations, evaluations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import Agreement, Document
from kerjasama.limits import check_values, text_error

from .models import (
    ASPECTS,
    CRITERIA,
    Evaluation,
    Indicator,
    MonevConclusion,
    Realisation,
    Target,
    TargetPeriod,
)

MIN_YEAR, MAX_YEAR = 2000, 2100


def _check_year(year, errors: dict, field: str = "year") -> None:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors[field] = [f"Tahun harus antara {MIN_YEAR} dan {MAX_YEAR}."]


def _check_indicator(indicator, errors: dict) -> None:
    if indicator not in Indicator.values:
        errors["indicator"] = ["Indikator tidak dikenal."]


def _decimal(value, field: str, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = ["Masukkan angka yang valid."]
        return None
    if not number.is_finite() or number < 0:
        errors[field] = ["Nilai tidak boleh negatif."]
        return None
    if number >= Decimal("1e10"):
        errors[field] = ["Nilai terlalu besar."]
        return None
    return number


@transaction.atomic
def target_set(
    *,
    indicator: str,
    year: int,
    target,
    period: str = TargetPeriod.TAHUNAN,
    budget_idr: int | None = None,
    realisation_idr: int | None = None,
    note: str = "",
    user=None,
    replace: bool = False,
) -> Target:
    """Create a target; with `replace=True` update an existing one (the form's "ubah").

    A second target for the same indicator, year and period is refused (400) unless replacing.
    """
    errors: dict[str, list[str]] = {}
    _check_indicator(indicator, errors)
    _check_year(year, errors)
    if period not in TargetPeriod.values:
        errors["period"] = ["Jenis target tidak dikenal."]
    value = _decimal(target, "target", errors)
    if budget_idr is not None and (
        not isinstance(budget_idr, int) or not 0 <= budget_idr <= 10**15
    ):
        errors["budget_idr"] = ["Pagu anggaran harus bilangan bulat Rupiah yang tidak negatif."]
    if realisation_idr is not None and (
        not isinstance(realisation_idr, int) or not 0 <= realisation_idr <= 10**15
    ):
        errors["realisation_idr"] = [
            "Realisasi anggaran harus bilangan bulat Rupiah yang tidak negatif."
        ]
    elif realisation_idr is not None and period != TargetPeriod.TAHUNAN:
        errors["realisation_idr"] = ["Realisasi anggaran dicatat pada target tahunan (Renja)."]
    if indicator in (Indicator.IKU, Indicator.IKU_2017) and value is not None and value > 100:
        errors["target"] = ["Target IKU adalah persentase, paling tinggi 100."]
    if errors:
        raise ValidationError(errors)
    existing = (
        Target.objects.select_for_update()
        .filter(indicator=indicator, year=year, period=period)
        .first()
    )
    if existing is not None:
        if not replace:
            raise ValidationError(
                {
                    "year": [
                        "Target untuk indikator, tahun dan jenis target ini sudah ada. "
                        "Ubah target yang ada."
                    ]
                }
            )
        existing.target = value
        existing.budget_idr = budget_idr
        existing.realisation_idr = realisation_idr
        existing.note = note
        existing.save(
            update_fields=["target", "budget_idr", "realisation_idr", "note", "updated_at"]
        )
        return existing
    try:
        with transaction.atomic():
            return Target.objects.create(
                indicator=indicator,
                year=year,
                period=period,
                target=value,
                budget_idr=budget_idr,
                realisation_idr=realisation_idr,
                note=note,
            )
    except IntegrityError as exc:  # a concurrent request created it first
        raise ValidationError(
            {"year": ["Target untuk indikator, tahun dan jenis target ini sudah ada."]}
        ) from exc


@transaction.atomic
def realisation_set(
    *,
    indicator: str,
    year: int,
    value,
    source: str,
    cumulative: bool = False,
    user=None,
) -> Realisation:
    """Enter a historical realisation ("up to YYYY" as YYYY with cumulative=True)."""
    errors: dict[str, list[str]] = {}
    _check_indicator(indicator, errors)
    _check_year(year, errors)
    number = _decimal(value, "value", errors)
    if not (source or "").strip():
        errors["source"] = ["Sumber data wajib diisi (dokumen asal angka ini)."]
    if errors:
        raise ValidationError(errors)
    if Realisation.objects.filter(indicator=indicator, year=year).exists():
        raise ValidationError({"year": ["Realisasi untuk indikator dan tahun ini sudah dicatat."]})
    try:
        with transaction.atomic():
            return Realisation.objects.create(
                indicator=indicator,
                year=year,
                value=number,
                source=source.strip(),
                cumulative=cumulative,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"year": ["Realisasi untuk indikator dan tahun ini sudah dicatat."]}
        ) from exc


def _validate_evaluation(
    agreement: Agreement | None,
    evaluated_on,
    period_year,
    scores: dict[str, Any],
    aspects: dict,
    evidence_ids: list[int],
    notes: dict[str, Any] | None = None,
) -> tuple[dict[str, list[str]], list[Document]]:
    errors: dict[str, list[str]] = {}
    notes = notes or {}
    if agreement is None:
        errors["agreement"] = ["Kerja sama tidak ditemukan."]
    if not isinstance(evaluated_on, dt.date):
        errors["evaluated_on"] = ["Tanggal evaluasi wajib diisi."]
    _check_year(period_year, errors, "period_year")
    for criterion in CRITERIA:
        score = scores.get(criterion)
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            errors[criterion] = ["Nilai harus bilangan bulat 1 sampai 5."]
    if not isinstance(aspects, dict):
        errors["aspects"] = ["Aspek monev harus berupa pasangan kode aspek dan catatan."]
    else:
        unknown = sorted(str(k) for k in aspects if k not in ASPECTS)
        if unknown:
            errors["aspects"] = [f"Kode aspek tidak dikenal: {', '.join(unknown)}."]
        elif any(not isinstance(v, str) for v in aspects.values()):
            errors["aspects"] = ["Catatan setiap aspek harus berupa teks."]
    check_values({"evaluated_on": evaluated_on, **notes}, errors)
    if isinstance(aspects, dict) and any(text_error(v) for v in aspects.values()):
        errors.setdefault("aspects", [text_error(max(aspects.values(), key=len))])
    documents: list[Document] = []
    if evidence_ids and agreement is not None:
        documents = list(Document.objects.filter(pk__in=evidence_ids, agreement=agreement))
        if len(documents) != len(set(evidence_ids)):
            errors["evidence"] = ["Bukti harus dokumen milik kerja sama yang dievaluasi."]
    return errors, documents


@transaction.atomic
def evaluation_create(
    *,
    agreement_id: int,
    evaluated_on: dt.date,
    period_year: int,
    aspects: dict | None = None,
    obstacles: str = "",
    follow_ups: str = "",
    evidence: list[int] | None = None,
    user=None,
    **criteria: Any,
) -> Evaluation:
    """Record one evaluation of an agreement: five criteria scored 1-5 with notes (DOMAIN.md 7)."""
    allowed = set(CRITERIA) | {f"{c}_note" for c in CRITERIA}
    if unexpected := set(criteria) - allowed:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    aspects = {} if aspects is None else aspects
    evidence_ids = [getattr(e, "pk", e) for e in (evidence or [])]
    notes = {k: v for k, v in criteria.items() if k.endswith("_note")}
    errors, documents = _validate_evaluation(
        agreement,
        evaluated_on,
        period_year,
        criteria,
        aspects,
        evidence_ids,
        notes={**notes, "obstacles": obstacles, "follow_ups": follow_ups},
    )
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation.objects.create(
        agreement=agreement,
        evaluated_on=evaluated_on,
        period_year=period_year,
        aspects={k: v.strip() for k, v in aspects.items() if v and v.strip()},
        obstacles=obstacles,
        follow_ups=follow_ups,
        evaluator=user if getattr(user, "is_authenticated", False) else None,
        **{c: criteria[c] for c in CRITERIA},
        **{f"{c}_note": criteria.get(f"{c}_note", "") for c in CRITERIA},
    )
    if documents:
        evaluation.evidence.set(documents)
    return evaluation


CONCLUSION_MAX = 5000


@transaction.atomic
def monev_conclusion_set(*, year: int, text: str, user=None) -> MonevConclusion:
    """The overall conclusion of the year's annual monev report (one per year; replaced)."""
    errors: dict[str, list[str]] = {}
    _check_year(year, errors)
    text = (text or "").strip()
    if not text:
        errors["text"] = ["Kesimpulan wajib diisi."]
    elif len(text) > CONCLUSION_MAX:
        errors["text"] = [f"Kesimpulan paling panjang {CONCLUSION_MAX} karakter."]
    if errors:
        raise ValidationError(errors)
    conclusion, _ = MonevConclusion.objects.select_for_update().update_or_create(
        year=year, defaults={"text": text, "updated_by": user}
    )
    return conclusion
