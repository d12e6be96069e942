"""The agreement list page: search, filters, sorting, pagination, empty state, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import services
from agreements.choices import Kind, Stage
from tests.agreements.pages import page_html
from tests.factories import make_agreement, partner_for

pytestmark = pytest.mark.django_db

# --------------------------------------------------------------------------- list


def test_list_search_filters_and_sort(client, staf):
    pasuruan = partner_for(Kind.KSDD, name="Pemerintah Kabupaten Pasuruan")
    waste = make_agreement(title="Pengelolaan persampahan", partners=[pasuruan])
    make_agreement(title="Air minum lintas daerah", facilitated_on=dt.date(2025, 5, 1))
    kpk = make_agreement(kind=Kind.KSDPK, title="Parkir elektronik")
    client.force_login(staf)

    def titles(query: str) -> list[str]:
        response = client.get(f"/kerja-sama/?{query}")
        assert response.status_code == 200
        return [a.title for a in response.context["page"].object_list]

    assert titles("q=persampahan") == ["Pengelolaan persampahan"]
    assert titles("q=Pasuruan") == ["Pengelolaan persampahan"]
    assert titles(f"q={waste.number}") == ["Pengelolaan persampahan"]
    assert titles("jenis=KSDPK") == ["Parkir elektronik"]
    assert titles("tahun=2025") == ["Air minum lintas daerah"]
    assert titles(f"mitra={pasuruan.pk}") == ["Pengelolaan persampahan"]
    assert titles("tahapan=prakarsa") == []
    assert titles("urut=title") == [
        "Air minum lintas daerah", "Parkir elektronik", "Pengelolaan persampahan"
    ]  # fmt: skip
    assert titles("urut=-title")[0] == "Pengelolaan persampahan"
    for key in ("number", "-facilitated_on", "stage", "-stage", "end_date", "-end_date"):
        assert titles(f"q=a&mitra={pasuruan.pk}&urusan=2.11&urut={key}") == []
        assert titles(f"q=Pasuruan&urut={key}") == ["Pengelolaan persampahan"]
    services.agreement_transition(
        agreement_id=kpk.pk, to=Stage.DIBATALKAN, note="Dibatalkan pemrakarsa", user=staf
    )
    assert titles("status=dibatalkan") == ["Parkir elektronik"]
    # Bad values are ignored, never a 500.
    assert len(titles("tahun=abc&jenis=XYZ&urut=password&mitra=999999&halaman=-3")) == 3


def test_list_shows_columns_in_indonesian(client, staf):
    make_agreement(
        title="Kerja sama persampahan", value_idr=624_558_000, end_date=dt.date(2027, 11, 23)
    )
    client.force_login(staf)
    html = page_html(client.get("/kerja-sama/"))
    row = html.split("Kerja sama persampahan")[1].split("</tr>")[0]
    assert "Rp 624.558.000" in row
    assert "23 November 2027" in row
    assert "<td>Persiapan</td>" in row
    assert ">Aktif</span>" in row


def test_list_pagination(client, staf):
    partner = partner_for(Kind.KSDD)
    for i in range(30):
        make_agreement(title=f"Kerja sama nomor {i:02d}", partners=[partner])
    client.force_login(staf)
    first = client.get("/kerja-sama/?urut=title")
    assert len(first.context["page"].object_list) == 25
    assert "Halaman 1 dari 2" in page_html(first)
    second = client.get("/kerja-sama/?urut=title&halaman=2")
    assert [a.title for a in second.context["page"].object_list] == [
        f"Kerja sama nomor {i:02d}" for i in range(25, 30)
    ]


def test_list_empty_state_tells_staf_what_to_do(client, staf, sekda):
    client.force_login(staf)
    html = page_html(client.get("/kerja-sama/"))
    assert "Daftarkan kerja sama pertama" in html
    assert 'href="/kerja-sama/baru/"' in html
    client.force_login(sekda)
    html = page_html(client.get("/kerja-sama/"))
    assert "Belum ada kerja sama" in html
    assert "Daftarkan kerja sama pertama" not in html


def test_list_query_count_does_not_grow_with_rows(client, staf, django_assert_num_queries):
    partner = partner_for(Kind.KSDD)
    for _ in range(5):
        make_agreement(partners=[partner], urusan=["2.11"])
    client.force_login(staf)
    client.get("/kerja-sama/")  # warm up caches (content types, sessions)
    with CaptureQueriesContext(connection) as five:
        assert client.get("/kerja-sama/?urut=stage").status_code == 200
    assert len(five.captured_queries) <= 12
    for i in range(45):
        make_agreement(partners=[partner_for(Kind.KSDD, name=f"Daerah {i}")], urusan=["1.01"])
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get("/kerja-sama/?urut=stage")
    assert len(response.context["page"].object_list) == 25


def test_sort_by_stage_follows_the_legal_order(client, staf):
    make_agreement(title="Sudah pelaksanaan", stage=Stage.PELAKSANAAN)
    make_agreement(title="Baru persiapan")
    make_agreement(title="Sudah penawaran", stage=Stage.PENAWARAN)
    client.force_login(staf)
    response = client.get("/kerja-sama/?urut=stage")
    assert [a.title for a in response.context["page"].object_list] == [
        "Baru persiapan",
        "Sudah penawaran",
        "Sudah pelaksanaan",
    ]
    assert 'aria-sort="ascending"' in page_html(response)
    response = client.get("/kerja-sama/?urut=-stage")
    assert response.context["page"].object_list[0].title == "Sudah pelaksanaan"
