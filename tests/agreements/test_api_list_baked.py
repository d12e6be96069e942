"""The API list's page query is composed once per shape and run with each request's values (F15).

Every page the API gives, forwards and backwards, must hold exactly the rows the ORM's own
`agreement_filter` gives for the same filters, in the same order.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import selectors
from agreements.models import Agreement
from tests.factories import make_agreement, partner_for

pytestmark = pytest.mark.django_db

URL = "/api/agreements/"


@pytest.fixture
def registry(staf):
    batu = partner_for("KSDD", name="Pemerintah Kota Batu")
    malang = partner_for("KSDD", name="Pemerintah Kota Malang 100%")
    titles = ["Air minum", "Air 100% bersih", "Air_minum desa", "Jalan", "Wisata air"]
    made = []
    for i, (title, year) in enumerate(itertools.product(titles, (2024, 2025))):
        made.append(
            make_agreement(
                title=f"{title} {i}",
                partners=[batu if i % 3 else malang],
                urusan=["2.11"] if i % 2 else ["1.03"],
                facilitated_on=dt.date(year, 1 + i % 12, 1),
            )
        )
    signer = make_agreement(kind="KSDPK", title="Air minum swasta", urusan=["2.11"])
    return {"batu": batu, "malang": malang, "made": made, "signer": signer}


def _walk(client, query: str) -> tuple[list[int], list[int]]:
    """Every id of the list, following `next` to the end and then `previous` back to the start."""
    page = client.get(f"{URL}?{query}&page_size=3")
    assert page.status_code == 200, page.content
    forward, pages = [], [page.json()]
    forward += [r["id"] for r in pages[-1]["results"]]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"]).json())
        forward += [r["id"] for r in pages[-1]["results"]]
    page = pages[-1]
    backward = [r["id"] for r in page["results"]]
    while page["previous"]:
        page = client.get(page["previous"]).json()
        backward = [r["id"] for r in page["results"]] + backward
    return forward, backward


@pytest.mark.parametrize(
    "query",
    [
        "",
        "kind=KSDD",
        "search=air",
        "search=100%",  # % and _ match literally, as the ORM escapes them
        "search=air_",
        "search=malang 100%",  # a partner's name
        "kind=KSDD&status=aktif&search=air+minum",
        "urusan=2.11&year=2025",
        "year=2024&stage=persiapan",
        "partner={batu}",
        "partner={malang}&search=air",
        "partner=999999999",
        "partner=-4",
        "year=2023",
        "expiring_within_days=30",  # composed by the ORM (counts from today)
    ],
)
def test_every_page_holds_the_orm_rows(api, staf, registry, query):
    query = query.format(batu=registry["batu"].pk, malang=registry["malang"].pk)
    filters = dict(part.split("=", 1) for part in query.split("&") if part)
    filters = {k: v.replace("+", " ") for k, v in filters.items()}
    expected = list(
        selectors.agreement_filter(Agreement.objects.all(), filters)
        .order_by("-id")
        .values_list("id", flat=True)
    )
    forward, backward = _walk(api(staf), query)
    assert forward == expected
    assert backward == expected


def test_the_shape_is_composed_once_and_the_values_change(api, staf, registry):
    client = api(staf)
    client.get(f"{URL}?kind=KSDD&search=air")  # composes the shape
    shapes = dict(selectors._API_PAGES)
    with CaptureQueriesContext(connection) as ctx:
        first = client.get(f"{URL}?kind=KSDD&search=jalan").json()["results"]
        other = client.get(f"{URL}?kind=KSDPK&search=swasta").json()["results"]
    assert {r["title"].split()[0] for r in first} == {"Jalan"}
    assert [r["id"] for r in other] == [registry["signer"].pk]
    pages = [q["sql"] for q in ctx.captured_queries if 'FROM "agreements_agreement" ' in q["sql"]]
    assert len(pages) == 2  # one page query per request
    assert all("LIMIT" in sql.upper() for sql in pages)
    assert shapes == selectors._API_PAGES  # the same shape: its query was composed before
    for query in shapes.values():
        assert len(query._sql) == 1


@pytest.mark.parametrize("position", ["p=abc", "p=99999999999999999999999", "p=1e5"])
def test_a_tampered_cursor_is_an_invalid_cursor_not_a_500(api, staf, registry, position):
    cursor = base64.b64encode(position.encode()).decode()
    response = api(staf).get(URL, {"cursor": cursor, "kind": "KSDD"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Kursor halaman tidak valid."


def test_dprd_pages_only_what_it_may_see(api, staf, dprd_user, registry):
    Agreement.objects.filter(pk=registry["made"][0].pk).update(dprd_required=True)
    client = api(dprd_user)
    assert [r["id"] for r in client.get(f"{URL}?search=air").json()["results"]] == [
        registry["made"][0].pk
    ]
    staff_ids = [r["id"] for r in api(staf).get(f"{URL}?search=air").json()["results"]]
    assert len(staff_ids) > 1
