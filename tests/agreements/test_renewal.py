"""Renewal: POST /kerja-sama/<id>/lanjutkan/ starts a linked, pre-filled follow-up agreement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.choices import Kind, Stage, Status
from agreements.exceptions import InvalidState
from agreements.models import Agreement, StageHistory
from tests.factories import make_agreement, partner_for


@pytest.fixture
def old(staf):
    partners = [partner_for(Kind.KSDPK, name="Perumda Tirta"), partner_for(Kind.KSDPK)]
    agreement = make_agreement(
        kind=Kind.KSDPK,
        user=staf,
        partners=partners,
        title="Penyediaan air minum kawasan selatan",
        urusan=["1.03", "2.11"],
        bidang="pembangunan",
        objective="Air minum untuk 5.000 sambungan",
        scope="Jaringan pipa dan reservoir",
        financing_source="APBD dan dana Perumda",
        value_idr=1_250_000_000,
        burdens_public=True,
        budgeted_in_apbd=False,
        confidential=True,
        initiating_unit="Dinas PUPR",
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )
    Agreement.objects.filter(pk=agreement.pk).update(stage=Stage.PELAKSANAAN)
    return agreement


@pytest.mark.django_db
def test_renewal_creates_linked_prefilled_agreement_and_redirects(client, staf, old):
    client.force_login(staf)
    response = client.post(reverse("agreements:renew", args=[old.pk]))
    new = Agreement.objects.get(renewal_of=old)
    assert response.status_code == 302
    assert response["Location"] == f"/kerja-sama/{new.pk}/"
    assert new.title == "Perpanjangan: Penyediaan air minum kawasan selatan"
    assert new.kind == Kind.KSDPK
    assert sorted(new.partners.values_list("pk", flat=True)) == sorted(
        old.partners.values_list("pk", flat=True)
    )
    assert sorted(new.urusan.values_list("code", flat=True)) == ["1.03", "2.11"]
    for name in services.RENEWAL_FIELDS:
        assert getattr(new, name) == getattr(old, name), name
    assert new.dprd_required  # burdens the public: derived again for the new one
    assert new.facilitated_on == timezone.localdate()
    assert new.stage == Stage.PERSIAPAN
    assert new.status == Status.AKTIF
    assert new.start_date is None
    assert new.end_date is None
    assert new.number != old.number
    assert new.owner == staf
    assert StageHistory.objects.filter(agreement=new).count() == 1
    old.refresh_from_db()
    assert old.stage == Stage.PELAKSANAAN  # the old one is left as it is


@pytest.mark.django_db
def test_second_renewal_while_one_runs_is_refused(client, staf, old):
    services.agreement_renew(agreement_id=old.pk, user=staf)
    with pytest.raises(InvalidState):
        services.agreement_renew(agreement_id=old.pk, user=staf)
    client.force_login(staf)
    response = client.post(reverse("agreements:renew", args=[old.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/kerja-sama/{old.pk}/"
    assert Agreement.objects.filter(renewal_of=old).count() == 1


@pytest.mark.django_db
def test_renewal_is_staf_only_post_only_and_404_for_missing(client, sekda, staf, old):
    url = reverse("agreements:renew", args=[old.pk])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    client.force_login(sekda)
    assert client.post(url).status_code == 403
    client.force_login(staf)
    assert client.get(url).status_code == 405
    assert client.post(reverse("agreements:renew", args=[999_999])).status_code == 404
    assert not Agreement.objects.filter(renewal_of=old).exists()
