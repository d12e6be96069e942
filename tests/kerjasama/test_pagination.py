"""CappedPaginator: exact count up to the cap, "lebih dari" and next/previous beyond it (F8)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import views
from agreements.models import Agreement
from kerjasama.pagination import CappedPaginator
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven():
    return [make_agreement(title=f"Kerja sama {i}") for i in range(7)]


def test_below_the_cap_it_is_django_paginator(seven):
    paginator = CappedPaginator(Agreement.objects.order_by("id"), 3, cap=7)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (7, False, 3)
    last = paginator.get_page(99)
    assert last.number == 3
    assert [a.title for a in last.object_list] == ["Kerja sama 6"]
    assert not last.has_next()


def test_beyond_the_cap_it_pages_by_next_until_the_rows_end(seven):
    qs = Agreement.objects.order_by("id")
    paginator = CappedPaginator(qs, 3, cap=4)
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 5  # cap + 1: "more than 4"
    assert "LIMIT 5" in ctx.captured_queries[0]["sql"].upper()
    assert paginator.capped
    titles, number, page = [], 1, None
    while True:
        page = paginator.get_page(number)
        titles += [a.title for a in page.object_list]
        if not page.has_next():
            break
        number = page.next_page_number()
    assert titles == [f"Kerja sama {i}" for i in range(7)]
    assert (page.number, page.start_index(), page.end_index()) == (3, 7, 7)
    assert page.has_previous()
    # A page past the end falls back to the last page known to exist, as Django's does.
    assert paginator.get_page(50).number == paginator.num_pages == 2
    assert paginator.get_page("x").number == 1


def test_list_page_says_more_than_the_cap(client, staf, seven, monkeypatch):
    monkeypatch.setattr(views, "LIST_COUNT_CAP", 4)
    client.force_login(staf)
    html = client.get("/kerja-sama/").content.decode()
    assert "lebih dari 4 data" not in html  # 7 rows fit on the first page of 25
    monkeypatch.setattr(views, "LIST_COUNT_CAP", 2)
    for i in range(7, 30):
        make_agreement(title=f"Kerja sama {i}")
    html = client.get("/kerja-sama/").content.decode()
    assert "Halaman 1 (lebih dari 2 data)" in html
    assert "halaman=2" in html
    second = client.get("/kerja-sama/?halaman=2")
    page = second.context["page"]
    assert len(page.object_list) == 5
    assert not page.has_next()
    monkeypatch.setattr(views, "LIST_COUNT_CAP", 1000)
    html = client.get("/kerja-sama/").content.decode()
    assert "Halaman 1 dari 2 (30 data)" in html


def test_list_pages_forward_by_keyset_in_the_default_order(client, staf, monkeypatch):
    """'Berikutnya' carries the last row (?setelah=<date>_<id>): same rows as OFFSET pages."""
    import datetime as dt
    import html as html_lib
    import re

    monkeypatch.setattr(views, "LIST_COUNT_CAP", 30)
    for i in range(60):  # several agreements per day: the id breaks the ties
        make_agreement(title=f"KS {i:02d}", facilitated_on=dt.date(2026, 1, 1 + i // 4))
    client.force_login(staf)
    expected = list(
        Agreement.objects.order_by("-facilitated_on", "-id").values_list("title", flat=True)
    )
    seen, url, numbers = [], "/kerja-sama/", []
    while url:
        response = client.get(url)
        page = response.context["page"]
        numbers.append(page.number)
        seen += [a.title for a in page.object_list]
        link = re.search(r'href="(\?[^"]*)">Berikutnya', response.content.decode())
        url = "/kerja-sama/" + html_lib.unescape(link.group(1)) if link else None
        if url:
            assert "setelah=" in url
    assert seen == expected
    assert numbers == [1, 2, 3]
    # The keyset page says which page it is and links back by number (no cursor).
    html = client.get(url or "/kerja-sama/?halaman=3&setelah=2026-01-13_1").content.decode()
    assert "Sebelumnya" in html
    # A malformed cursor is ignored: the page by number.
    page = client.get("/kerja-sama/?halaman=2&setelah=kemarin_x").context["page"]
    assert [a.title for a in page.object_list] == expected[25:50]
