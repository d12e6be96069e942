"""Public register and open data: no login, signed and non-confidential only, no contact data."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from agreements import services
from agreements.choices import Kind
from public.views import FIELDS
from tests.factories import make_agreement, partner_for


def signed(agreement, naskah_type="pks", on=dt.date(2026, 5, 4)):
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type=naskah_type, signed_on=on, number="1/2026", user=None
    )
    return agreement


@pytest.fixture
def register(db):
    """Four agreements: public signed, confidential signed, public unsigned, public with a KB."""
    secret_partner = partner_for(
        Kind.KSDPK,
        name="PT Rahasia Sekali",
        address="Jl. Tersembunyi No. 7, Kepanjen",
        contact_name="Ibu Narahubung",
        contact_email="narahubung@rahasia.example.id",
    )
    open_partner = partner_for(
        Kind.KSDD,
        name="Pemerintah Kota Batu",
        address="Jl. Panglima Sudirman 507, Batu",
        contact_name="Pak Humas",
        contact_email="humas@batukota.example.id",
    )
    public = signed(
        make_agreement(
            title="Pengelolaan sampah regional",
            partners=[open_partner],
            urusan=["1.03", "2.11"],
            bidang="lingkungan",
            value_idr=750_000_000,
            start_date=dt.date(2026, 6, 1),
            end_date=dt.date(2031, 5, 31),
        )
    )
    confidential = signed(
        make_agreement(
            kind=Kind.KSDPK,
            title="Kerja sama rahasia air minum",
            partners=[secret_partner],
            confidential=True,
        )
    )
    unsigned = make_agreement(title="Masih penjajakan", partners=[open_partner])
    kb_only = signed(
        make_agreement(
            kind=Kind.KSDPL, title="Kota kembar Arnhem", facilitated_on=dt.date(2024, 1, 8)
        ),
        "kb",
        dt.date(2024, 9, 2),
    )
    services.naskah_create(
        agreement_id=unsigned.pk,
        naskah_type="rencana_kerja_sama",
        signed_on=dt.date(2026, 1, 5),
        user=None,
    )
    return {
        "public": public,
        "confidential": confidential,
        "unsigned": unsigned,
        "kb_only": kb_only,
    }


@pytest.mark.django_db
def test_json_lists_only_signed_public_agreements_without_contact_data(client, register):
    response = client.get(reverse("public:data_json"))  # anonymous
    assert response.status_code == 200
    body = response.content.decode()
    results = response.json()["results"]
    numbers = [r["number"] for r in results]
    assert numbers == sorted([register["public"].number, register["kb_only"].number])
    for forbidden in (
        "Kerja sama rahasia air minum",
        "PT Rahasia Sekali",
        "narahubung@rahasia.example.id",
        "humas@batukota.example.id",
        "Jl. Panglima Sudirman",
        "Pak Humas",
        "750000000",
        "Masih penjajakan",
        "@",
    ):
        assert forbidden not in body
    row = next(r for r in results if r["number"] == register["public"].number)
    assert row == {
        "number": register["public"].number,
        "title": "Pengelolaan sampah regional",
        "kind": "KSDD",
        "partners": ["Pemerintah Kota Batu"],
        "urusan": ["1.03", "2.11"],
        "bidang": "lingkungan",
        "stage": "persiapan",
        "status": "aktif",
        "kb_signed_on": [],
        "pks_signed_on": ["2026-05-04"],
        "start_date": "2026-06-01",
        "end_date": "2031-05-31",
        "ended_on": None,
        "end_reason": "",
    }
    assert set(row) == set(FIELDS)


@pytest.mark.django_db
def test_filters_apply_to_json_csv_and_page_alike(client, register):
    def numbers(**params):
        return [r["number"] for r in client.get("/publik/data.json", params).json()["results"]]

    assert numbers(kind="KSDPL") == [register["kb_only"].number]
    assert numbers(year="2024") == [register["kb_only"].number]
    assert numbers(urusan="2.11") == [register["public"].number]
    assert numbers(search="batu") == [register["public"].number]  # partner name
    assert numbers(search=register["kb_only"].number) == [register["kb_only"].number]
    assert numbers(status="selesai") == []
    assert client.get("/publik/data.json", {"year": "dua ribu"}).status_code == 400
    assert client.get("/publik/data.json", {"kind": "XYZ"}).json()["code"] == "invalid"
    page = client.get("/publik/", {"kind": "KSDPL"})
    assert page.status_code == 200
    assert "Kota kembar Arnhem" in page.content.decode()
    assert "Pengelolaan sampah regional" not in page.content.decode()


@pytest.mark.django_db
def test_csv_parses_with_header_and_same_rows(client, register):
    response = client.get(reverse("public:data_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    # A UTF-8 byte order mark, so that Excel does not garble "Universität".
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["number"] for r in rows] == sorted(
        [register["public"].number, register["kb_only"].number]
    )
    assert tuple(rows[0].keys()) == FIELDS
    public = next(r for r in rows if r["number"] == register["public"].number)
    assert public["urusan"] == "1.03; 2.11"
    assert public["pks_signed_on"] == "2026-05-04"
    assert "rahasia" not in response.content.decode().lower()


@pytest.mark.django_db
def test_page_works_anonymously_with_dictionary_and_empty_state(client, register):
    response = client.get(reverse("public:register"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pengelolaan sampah regional" in page
    assert "4 Mei 2026" in page
    assert "Kamus data" in page
    assert "pks_signed_on" in page
    assert "rahasia air minum" not in page
    assert "humas@" not in page
    empty = client.get(reverse("public:register"), {"search": "tidak-ada-yang-cocok"})
    assert "Tidak ada kerja sama yang cocok" in empty.content.decode()


@pytest.mark.django_db
def test_public_queries_do_not_grow_with_rows(
    client, register, django_assert_num_queries, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            signed(make_agreement(title=f"Tambahan {i}", urusan=["1.01"]))

    with django_assert_max_num_queries(10) as page:
        client.get(reverse("public:register"))
    with django_assert_max_num_queries(6) as data:
        client.get(reverse("public:data_json"))
    with django_assert_max_num_queries(6) as csv:
        client.get(reverse("public:data_csv"))
    add(12)
    with django_assert_num_queries(len(page.captured_queries)):
        assert client.get(reverse("public:register")).status_code == 200
    with django_assert_num_queries(len(data.captured_queries)):
        assert len(client.get(reverse("public:data_json")).json()["results"]) == 14
    with django_assert_num_queries(len(csv.captured_queries)):
        client.get(reverse("public:data_csv"))
