"""Sekda opens /monev/ in a real browser: KPI tile and an accessible SVG chart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sekda_sees_kpi_tile_and_chart(login_as, page, live_server):
    from agreements import services as agreement_services
    from agreements.choices import Kind
    from monitoring import demo, services
    from tests.factories import UserFactory, make_agreement

    demo.load_demo()
    year = timezone.localdate().year
    services.target_set(indicator="iku", year=year, target=80, replace=True)
    staf = UserFactory(username="rina.e2e.monev", role="staf_kerja_sama")
    for i, kind in enumerate([Kind.KSDD, Kind.KSDD, Kind.KSDPK, Kind.KSDPL, Kind.KSDLL]):
        agreement = make_agreement(kind=kind, facilitated_on=dt.date(year, 1, 2 + i), user=staf)
        if i < 4:
            agreement_services.naskah_create(
                agreement_id=agreement.pk,
                naskah_type="kb" if kind == Kind.KSDD else "pks",
                signed_on=dt.date(year, 1 + i, 10),
                user=staf,
            )
    sekda = UserFactory(username="pak.sekda.e2e", role="sekda")
    login_as(sekda)
    page.goto(f"{live_server.url}/monev/")
    assert page.get_by_role("heading", name=f"Dasbor Monev · Tahun {year}").is_visible()
    tile = page.get_by_test_id("kpi-iku")
    assert tile.is_visible()
    assert "80%" in tile.inner_text()  # 4 of 5
    assert "Tercapai" in tile.inner_text()
    charts = page.locator("svg[role='img']")
    assert charts.count() >= 2
    label = charts.first.get_attribute("aria-label")
    assert label
    assert "KSDD" in label
    assert charts.first.is_visible()
    months = page.locator("svg[role='img'][aria-label^='Naskah KB dan PKS']")
    assert "Jan: 1" in months.get_attribute("aria-label")
    page.screenshot(path="/tmp/e2e-monev-dashboard.png", full_page=True)
