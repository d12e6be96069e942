"""Full-text search over agreements and the text of their documents (/cari/)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arsip import selectors
from arsip.models import DocumentText
from tests.arsip.pki import docx_bytes, pdf_bytes
from tests.factories import make_agreement, partner_for

CLAUSE = "retribusi pengolahan lindi ditanggung bersama"


@pytest.fixture
def library(upload):
    """Three agreements; the clause occurs only inside the PDF of the second."""
    waste = make_agreement(title="Pengelolaan sampah regional", summary="Pembangunan TPA bersama")
    water = make_agreement(
        title="Penyediaan air bersih lintas daerah",
        partners=[partner_for("KSDD", name="Kabupaten Pasuruan")],
    )
    other = make_agreement(title="Promosi pariwisata")
    upload(water, pdf_bytes(f"Pasal 7 {CLAUSE} oleh PARA PIHAK"), "pks-air.pdf", title="PKS air")
    upload(other, docx_bytes(["Pasal 2 Pertukaran budaya dan kesenian"]), "kb.docx")
    return {"waste": waste, "water": water, "other": other}


def _ids(user, q):
    return {a.pk for a in selectors.search_agreements(user=user, q=q)}


@pytest.mark.django_db
@pytest.mark.postgres
def test_postgres_full_text_finds_a_phrase_inside_one_pdf(require_postgres, staf, library):
    assert _ids(staf, CLAUSE) == {library["water"].pk}
    assert _ids(staf, f'"{CLAUSE}"') == {library["water"].pk}
    assert _ids(staf, "pertukaran kesenian") == {library["other"].pk}  # words, any order
    snippets = selectors.search_snippets(q=CLAUSE, agreement_ids=[library["water"].pk])
    [snippet] = snippets[library["water"].pk]
    assert snippet.title == "PKS air"
    assert "<mark>retribusi</mark>" in snippet.html
    assert "<mark>lindi</mark>" in snippet.html


@pytest.mark.django_db
@pytest.mark.postgres
def test_postgres_search_vector_follows_the_text(require_postgres, staf, library):
    row = DocumentText.objects.get(document__agreement=library["other"])
    row.text = "naskah direvisi: kerja sama kebudayaan"
    row.save()
    assert _ids(staf, "kesenian") == set()
    assert _ids(staf, "kebudayaan") == {library["other"].pk}


@pytest.mark.django_db
def test_sqlite_fallback_finds_document_text(monkeypatch, staf, library):
    monkeypatch.setattr(selectors, "is_postgres", lambda: False)
    assert _ids(staf, CLAUSE) == {library["water"].pk}
    assert _ids(staf, "PERTUKARAN budaya") == {library["other"].pk}
    snippets = selectors.search_snippets(q="lindi", agreement_ids=[library["water"].pk])
    [snippet] = snippets[library["water"].pk]
    assert "<mark>lindi</mark>" in snippet.html


@pytest.mark.django_db
def test_agreement_fields_and_partner_names_are_searched(staf, library):
    assert _ids(staf, "TPA") == {library["waste"].pk}
    assert _ids(staf, "air bersih") == {library["water"].pk}
    assert _ids(staf, "pasuruan") == {library["water"].pk}
    assert _ids(staf, library["other"].number) == {library["other"].pk}
    assert _ids(staf, "tidak-ada-di-mana-pun") == set()


def test_highlight_escapes_text_and_marks_hits():
    html = selectors.highlight("<b>Air</b> bersih untuk warga", "air bersih", whole=True)
    assert html == "&lt;b&gt;<mark>Air</mark>&lt;/b&gt; <mark>bersih</mark> untuk warga"
    long = "x" * 300 + " TPA " + "y" * 300
    snippet = selectors.highlight(long, "tpa")
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "<mark>TPA</mark>" in snippet


# --------------------------------------------------------------------------- page


@pytest.mark.django_db
def test_search_page_shows_highlighted_results(client, staf, library):
    client.force_login(staf)
    response = client.get(reverse("arsip:search"), {"q": "lindi"})
    assert response.status_code == 200
    body = response.content.decode()
    assert library["water"].number in body
    assert "PKS air" in body
    assert "<mark>lindi</mark>" in body
    assert library["waste"].number not in body


@pytest.mark.django_db
def test_search_page_escapes_document_text(client, sekda, upload):
    agreement = make_agreement(title="Kerja sama uji XSS")
    upload(agreement, docx_bytes(["&lt;script&gt;alert(1)&lt;/script&gt; sanitasi"]), "x.docx")
    client.force_login(sekda)
    body = client.get(reverse("arsip:search"), {"q": "sanitasi"}).content.decode()
    assert "<mark>sanitasi</mark>" in body
    assert "<script>alert(1)" not in body  # escaped (SQLite) or dropped by ts_headline (PG)


@pytest.mark.django_db
def test_search_page_empty_states(client, staf, library):
    client.force_login(staf)
    body = client.get(reverse("arsip:search")).content.decode()
    assert "Ketik kata kunci" in body
    body = client.get(reverse("arsip:search"), {"q": "zzzz tidak ada"}).content.decode()
    assert "Tidak ada kerja sama atau dokumen yang cocok" in body
    response = client.get(reverse("arsip:search"), {"q": "x" * 5000, "halaman": "abc"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_search_page_access(client, dprd_user, nobody):
    url = reverse("arsip:search")
    assert client.get(url, {"q": "TPA"}).status_code == 302
    client.force_login(dprd_user)
    assert client.get(url, {"q": "TPA"}).status_code == 403
    client.force_login(nobody)
    assert client.get(url, {"q": "TPA"}).status_code == 403


@pytest.mark.django_db
def test_search_page_paginates_with_constant_queries(
    client, staf, upload, django_assert_max_num_queries
):
    for n in range(3):
        agreement = make_agreement(title=f"Pengelolaan TPA tahap {n}")
        upload(agreement, pdf_bytes(f"Lampiran TPA tahap {n}"), f"lampiran-{n}.pdf")
    client.force_login(staf)
    url = reverse("arsip:search")
    # session, user, roles, count, page, partners, snippets (+ the navbar's own queries)
    with django_assert_max_num_queries(9) as first:
        client.get(url, {"q": "TPA"})
    for n in range(3, 25):
        agreement = make_agreement(title=f"Pengelolaan TPA tahap {n}")
        upload(agreement, pdf_bytes(f"Lampiran TPA tahap {n}"), f"lampiran-{n}.pdf")
    with CaptureQueriesContext(connection) as second:
        response = client.get(url, {"q": "TPA"})
    assert len(second.captured_queries) == len(first.captured_queries)
    assert response.status_code == 200
    assert "Halaman 1 dari 2" in response.content.decode()
    second = client.get(url, {"q": "TPA", "halaman": 2}).content.decode()
    assert "tahap 0" in second
