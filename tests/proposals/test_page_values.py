"""The agreement page reads the navbar's unread count and the proposal it came from with its own
data (agreements.page_rows.PAGE_VALUES, PostgreSQL) or, elsewhere, by their own queries: the
page shows the same either way."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from notifications.models import Notification
from proposals.models import Proposal
from tests.factories import make_agreement

from .conftest import ALL_CHECKS_OK, pdf_file, post_public, university

pytestmark = pytest.mark.django_db


def _accepted(api, staf) -> Agreement:
    code = post_public(api(), university(), [pdf_file()]).json()["tracking_code"]
    proposal = Proposal.objects.get(tracking_code=code)
    response = api(staf).post(
        f"/api/proposals/{proposal.pk}/review/",
        {"decision": "diterima", "checklist": ALL_CHECKS_OK},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return Agreement.objects.get(pk=response.json()["agreement"])


def _page(client, agreement) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/kerja-sama/{agreement.pk}/")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def test_origin_and_unread_count_come_with_the_page(api, client, staf):
    from_proposal = _accepted(api, staf)
    plain = make_agreement(title="Tanpa usulan")
    for i in range(3):
        Notification.objects.create(user=staf, key=f"k{i}", message="Pesan")
    Notification.objects.create(user=staf, key="dibaca", message="x", read_at="2026-01-01T00:00Z")
    client.force_login(staf, backend="kerjasama.auth.RoleModelBackend")

    body, sql = _page(client, from_proposal)
    proposal = Proposal.objects.get(agreement=from_proposal)
    assert f">{proposal.tracking_code}</a>" in body
    assert "(1 lampiran disalin ke dokumen)" in body
    assert '>3<span class="visually-hidden"> belum dibaca' in body
    body, sql_plain = _page(client, plain)
    assert 'data-testid="agreement-proposal"' not in body
    assert '>3<span class="visually-hidden"> belum dibaca' in body
    if connection.vendor == "postgresql":
        # session, user and the page's statement; the proposal's own row (and its attachments)
        # only where there is one.
        assert len(sql_plain) == 3
        assert sum("agreements_notification" in s for s in sql_plain) == 1  # in the statement
        assert len([s for s in sql if 'FROM "proposals_proposal" ' in s]) == 1  # its own row
    else:
        assert any("proposals_proposal" in s for s in sql_plain)  # looked up, not found
