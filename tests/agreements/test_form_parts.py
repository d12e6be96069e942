"""The detail page's naskah and upload forms come when their section opens (F11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from agreements import services
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(staf):
    agreement = make_agreement(user=staf)
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type="kb", signed_on=dt.date(2026, 4, 1),
        number="KB/07", user=staf,
    )  # fmt: skip
    return agreement


def test_detail_page_links_the_forms_instead_of_rendering_them(client, staf, agreement):
    client.force_login(staf)
    body = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    naskah_url = reverse("agreements:naskah_form", args=[agreement.pk])
    assert f'hx-get="{naskah_url}"' in body
    assert f'href="{naskah_url}"' in body  # without JavaScript
    assert 'name="naskah_type"' not in body
    assert 'name="file"' not in body


def test_fragment_for_htmx_and_page_without_it(client, staf, agreement):
    client.force_login(staf)
    url = reverse("agreements:naskah_form", args=[agreement.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<form") or "<form" in fragment[:200]
    assert 'name="naskah_type"' in fragment
    assert "KB/07" in fragment  # the amends choices are the agreement's naskah
    assert "<html" not in fragment
    page = client.get(url).content.decode()
    assert "<html" in page
    assert 'name="naskah_type"' in page
    upload = client.get(reverse("agreements:document_form", args=[agreement.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in upload
    assert 'name="file"' in upload


def test_bound_form_with_errors_stays_inline_and_open(client, staf, agreement):
    client.force_login(staf)
    response = client.post(
        reverse("agreements:naskah_create", args=[agreement.pk]), {"naskah_type": "kb"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'name="naskah_type"' in body  # the form with its errors, not a link
    assert "<details open" in body


def test_forms_are_for_staf_only(client, sekda, agreement):
    client.force_login(sekda)
    assert client.get(reverse("agreements:naskah_form", args=[agreement.pk])).status_code == 403
