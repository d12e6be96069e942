"""The list's hand-built rows (serializers.agreement_row, F1b) equal AgreementSerializer's."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from agreements import selectors, services
from agreements.api.serializers import AgreementSerializer, agreement_row
from agreements.choices import Bidang, EndReason, Kind, Status
from agreements.models import Agreement, DprdDecision
from tests.factories import make_agreement, partner_for

pytestmark = pytest.mark.django_db

URL = "/api/agreements/"


@pytest.fixture
def catalogue():
    """Every kind, with and without the optional fields, ended, cancelled, DPRD, odd times."""
    rows = []
    for kind in Kind.values:
        rows.append(make_agreement(kind=kind, title=f"Minimal {kind}"))
        rows.append(
            make_agreement(
                kind=kind,
                title=f"Lengkap {kind} “kutip” é ü 中",
                partners=[partner_for(kind, name="Zulu"), partner_for(kind, name="Alfa")],
                urusan=["2.11", "1.01", "3.27"],
                bidang=Bidang.EKONOMI,
                summary="Ringkasan\nbaris dua",
                objective="Maksud",
                scope="Ruang lingkup",
                financing_source="APBD",
                value_idr=1_250_000_000,
                burdens_public=True,
                budgeted_in_apbd=False,
                initiating_unit="Dinas PUPR",
                start_date=dt.date(2026, 4, 1),
                end_date=dt.date(2031, 3, 31),
                confidential=True,
            )
        )
    zero = make_agreement(kind=Kind.KSDD, title="Nilai nol", value_idr=0)
    rows.append(zero)
    ended = make_agreement(kind=Kind.KSDPK, title="Selesai", end_date=dt.date(2026, 12, 31))
    Agreement.objects.filter(pk=ended.pk).update(
        status=Status.SELESAI, stage="selesai", end_reason=EndReason.TUJUAN_TERCAPAI
    )
    cancelled = make_agreement(kind=Kind.KSDLL, title="Batal")
    Agreement.objects.filter(pk=cancelled.pk).update(status=Status.DIBATALKAN, stage="dibatalkan")
    for name, decision in (("disetujui", "disetujui"), ("ditolak", "ditolak"), ("belum", None)):
        dprd = make_agreement(kind=Kind.KSDPL, title=f"DPRD {name}", stage="penyusunan_rencana")
        Agreement.objects.filter(pk=dprd.pk).update(
            dprd_required=True,
            dprd_submitted_on=dt.date(2026, 5, 4),
            dprd_deadline=dt.date(2026, 6, 15),
        )
        if decision:
            DprdDecision.objects.create(agreement=dprd, decision=decision, date=dt.date(2026, 6, 1))
            services.dprd_status_refresh(dprd)
            dprd.save(update_fields=["dprd_status"])
    # Timestamps: microseconds, none, a UTC midnight that is already the next day in Jakarta.
    Agreement.objects.filter(pk=zero.pk).update(
        created_at=dt.datetime(2026, 1, 31, 17, 0, 0, tzinfo=dt.UTC),
        updated_at=dt.datetime(2026, 2, 1, 3, 4, 5, 678901, tzinfo=dt.UTC),
    )
    return rows


def _fast_and_drf(user):
    agreements = selectors.agreement_api_attach(list(selectors.agreement_api_list(user)))
    fast = [
        agreement_row(a, services.allowed_transitions(a), a.partner_ids, a.urusan_codes)
        for a in agreements
    ]
    drf = AgreementSerializer(agreements, many=True).data
    return fast, drf


def test_rows_equal_the_serializer_for_every_variant(staf, catalogue):
    fast, drf = _fast_and_drf(staf)
    assert len(fast) == Agreement.objects.count() == len(catalogue) + 5
    for mine, theirs in zip(fast, drf, strict=True):
        assert list(mine) == list(theirs)  # same keys, same order
        assert mine == dict(theirs)
    # Byte for byte once rendered, as the response body is.
    assert JSONRenderer().render(fast) == JSONRenderer().render(drf)
    # The variety is really there (not a catalogue of identical rows).
    by_title = {row["title"]: row for row in fast}
    assert by_title["Nilai nol"]["value_idr"] == 0
    assert by_title["Nilai nol"]["created_at"] == "2026-02-01T00:00:00+07:00"
    assert by_title["Nilai nol"]["updated_at"] == "2026-02-01T10:04:05.678901+07:00"
    assert by_title["Minimal KSDD"]["value_idr"] is None
    assert by_title["Minimal KSDD"]["start_date"] is None
    assert by_title["Selesai"]["end_reason"] == "tujuan_tercapai"
    assert by_title["Selesai"]["allowed_transitions"] == []
    assert by_title["DPRD belum"]["dprd_deadline"] == "2026-06-15"
    assert (
        by_title["DPRD disetujui"]["allowed_transitions"]
        != by_title["DPRD belum"]["allowed_transitions"]
    )
    assert by_title["DPRD ditolak"]["dprd_status"] == "ditolak"
    assert by_title["DPRD belum"]["dprd_status"] == "belum_diajukan"
    assert len(by_title["Lengkap KSDPK “kutip” é ü 中"]["partners"]) == 2


def test_rows_follow_the_active_time_zone_like_drf(staf, catalogue):
    with timezone.override(dt.UTC):
        fast, drf = _fast_and_drf(staf)
    assert fast == [dict(row) for row in drf]
    assert {row["title"]: row for row in fast}["Nilai nol"]["created_at"] == "2026-01-31T17:00:00Z"


def test_list_response_equals_the_serializer_output(api, staf, dprd_user, catalogue):
    for user in (staf, dprd_user):  # DPRD sees only the dprd_required rows
        body = api(user).get(URL, {"page_size": 200}).json()
        agreements = selectors.agreement_api_attach(list(selectors.agreement_api_list(user)))
        expected = AgreementSerializer(agreements, many=True).data
        assert body["results"] == json.loads(JSONRenderer().render(expected))
        assert body["results"]


def test_detail_and_write_responses_equal_the_serializer_output(api, staf, catalogue):
    """GET /api/agreements/<id>/ (and the write responses that share it) use the fast row."""
    client = api(staf)
    for agreement in Agreement.objects.all():
        body = client.get(f"{URL}{agreement.pk}/").json()
        expected = AgreementSerializer(selectors.agreement_api_detail(user=staf, pk=agreement.pk))
        assert body == json.loads(JSONRenderer().render(expected.data))
    target = catalogue[0]
    patched = client.patch(
        f"{URL}{target.pk}/", {"title": "Judul baru", "version": target.version}, format="json"
    )
    assert patched.status_code == 200
    fresh = AgreementSerializer(selectors.agreement_api_detail(user=staf, pk=target.pk)).data
    assert patched.json() == json.loads(JSONRenderer().render(fresh))
    assert patched.json()["title"] == "Judul baru"


def test_list_paginates_with_the_fast_rows(api, staf, catalogue):
    client = api(staf)
    page = client.get(URL, {"page_size": 4}).json()
    seen = [row["id"] for row in page["results"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [row["id"] for row in page["results"]]
    assert seen == list(Agreement.objects.order_by("-id").values_list("id", flat=True))


def test_allowed_transitions_need_no_query_per_row(staf, catalogue, django_assert_num_queries):
    agreements = selectors.agreement_api_attach(list(selectors.agreement_api_list(staf)))
    assert len(agreements) == Agreement.objects.count() > 10
    with django_assert_num_queries(0):  # dprd_approved is annotated, the lists are attached
        rows = [
            agreement_row(a, services.allowed_transitions(a), a.partner_ids, a.urusan_codes)
            for a in agreements
        ]
    assert any(row["allowed_transitions"] for row in rows)
