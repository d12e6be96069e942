"""The performance fixes of benchmarks/README.md (F1, F2, F4) keep the behaviour they replace."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from django.db import connection

from agreements import selectors, services
from agreements.choices import Kind
from agreements.models import Agreement, DprdDecision
from tests.factories import make_agreement, partner_for

pytestmark = pytest.mark.django_db

URL = "/api/agreements/"


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI harus menjalankan uji ini pada PostgreSQL.")
        pytest.skip("hanya PostgreSQL")


# --------------------------------------------------------------------------- F4


def test_postgresql_connections_run_without_jit():
    _postgresql_only()
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


# --------------------------------------------------------------------------- F1


def _decide(agreement, decision: str, *, superseded: bool = False) -> None:
    DprdDecision.objects.create(
        agreement=agreement, decision=decision, date=dt.date(2026, 4, 1), superseded=superseded
    )


@pytest.fixture
def dprd_catalogue():
    """KSDPL agreements one step before the DPRD stage, with every kind of DPRD history."""
    rows = {}
    for name in ("approved", "rejected", "superseded", "none"):
        rows[name] = make_agreement(
            kind=Kind.KSDPL,
            stage="penyusunan_rencana",
            title=f"Kerja sama {name}",
            partners=[
                partner_for(Kind.KSDPL, name=f"Zeeland {name}"),
                partner_for(Kind.KSDPL, name=f"Arnhem {name}"),
            ],
            urusan=["2.11", "1.01"],
        )
    _decide(rows["approved"], "disetujui")
    _decide(rows["rejected"], "ditolak")
    _decide(rows["superseded"], "disetujui", superseded=True)
    # dprd_status as the services store it with each decision (a superseded approval counts
    # no more: the substantive revision goes to the DPRD again).
    for name, status in (("approved", "disetujui"), ("rejected", "ditolak")):
        Agreement.objects.filter(pk=rows[name].pk).update(dprd_status=status)
    return rows


def test_list_rows_match_the_unannotated_rules(api, staf, dprd_catalogue):
    body = api(staf).get(URL).json()
    listed = {row["id"]: row for row in body["results"]}
    assert set(listed) == {a.pk for a in dprd_catalogue.values()}
    for agreement in dprd_catalogue.values():
        row = listed[agreement.pk]
        plain = Agreement.objects.get(pk=agreement.pk)  # no annotation: one query per rule
        assert row["allowed_transitions"] == services.allowed_transitions(plain)
        # Partner ids in name order (Arnhem before Zeeland), urusan in code order.
        assert row["partners"] == [p.pk for p in plain.partners.order_by("name", "id")]
        assert row["partners"] != sorted(row["partners"])  # Zeeland was created first
        assert row["urusan"] == ["1.01", "2.11"]
        assert api(staf).get(f"{URL}{agreement.pk}/").json() == row
    # Only a standing approval skips the DPRD stage.
    assert "persetujuan_dprd" not in listed[dprd_catalogue["approved"].pk]["allowed_transitions"]
    for name in ("rejected", "superseded", "none"):
        assert "persetujuan_dprd" in listed[dprd_catalogue[name].pk]["allowed_transitions"]


def test_dprd_approval_is_read_only_for_the_page_rows(dprd_catalogue, staf):
    """PostgreSQL: no hashed subplan over every DPRD decision, one probe per page row."""
    _postgresql_only()
    for agreement in Agreement.objects.all():
        for _ in range(5):
            _decide(agreement, "ditolak")
    page = selectors.agreement_api_list(staf).order_by("-id")[:2]
    plan = json.loads(page.explain(format="json", analyze=True))[0]["Plan"]

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    subplans = [n for n in nodes(plan) if n.get("Parent Relationship") == "SubPlan"]
    assert subplans, "DPRD approval should be a subquery of the page query"
    for node in subplans:
        assert not node.get("Subplan Name", "").startswith("hashed")
        assert node["Actual Loops"] <= 2


def test_list_page_attaches_links_in_two_queries(staf, django_assert_num_queries):
    for i in range(3):
        make_agreement(title=f"KS {i}", urusan=["2.11"])
    page = list(Agreement.objects.order_by("-id"))
    with django_assert_num_queries(2):
        selectors.agreement_api_attach(page)
    assert all(a.urusan_codes == ["2.11"] and len(a.partner_ids) == 1 for a in page)
    # On PostgreSQL the API list's page query already carries both as arrays (F10).
    page = list(selectors.agreement_api_list(staf).order_by("-id"))
    with django_assert_num_queries(0 if connection.vendor == "postgresql" else 2):
        selectors.agreement_api_attach(page)
    assert all(a.urusan_codes == ["2.11"] and len(a.partner_ids) == 1 for a in page)
    with django_assert_num_queries(0):
        assert selectors.agreement_api_attach([]) == []


def test_api_detail_of_invisible_agreement_is_404(api, dprd_user):
    hidden = make_agreement(kind=Kind.KSDD, burdens_public=False, budgeted_in_apbd=True)
    assert api(dprd_user).get(f"{URL}{hidden.pk}/").status_code == 404


# --------------------------------------------------------------------------- F2


def _titles(client, query: str) -> list[str]:
    response = client.get(f"/kerja-sama/?{query}")
    assert response.status_code == 200
    return [a.title for a in response.context["page"].object_list]


def test_list_page_has_no_select_of_every_partner(client, staf):
    for i in range(40):
        partner_for(Kind.KSDD, name=f"Kabupaten Uji {i:02d}")
    make_agreement(title="Air minum")
    client.force_login(staf)
    html = client.get("/kerja-sama/").content.decode()
    assert 'name="mitra_q"' in html
    assert 'for="id_mitra_q"' in html
    assert "Kabupaten Uji" not in html
    assert 'name="mitra"' not in html  # only once a partner is chosen


def test_partner_name_filter_and_chosen_partner(client, staf):
    pasuruan = partner_for(Kind.KSDD, name="Pemerintah Kabupaten Pasuruan")
    malang = partner_for(Kind.KSDD, name="Pemerintah Kota Malang")
    make_agreement(title="Persampahan", partners=[pasuruan, malang])
    make_agreement(title="Air minum", partners=[malang])
    make_agreement(title="Parkir elektronik", kind=Kind.KSDPK)
    client.force_login(staf)
    assert _titles(client, "mitra_q=pasuruan") == ["Persampahan"]
    assert sorted(_titles(client, "mitra_q=Pemerintah")) == ["Air minum", "Persampahan"]
    assert _titles(client, "mitra_q=Pemerintah&q=air") == ["Air minum"]
    assert _titles(client, "mitra_q=tidak-ada") == []
    response = client.get(f"/kerja-sama/?mitra={malang.pk}&jenis=KSDD")
    html = response.content.decode()
    assert f'<input type="hidden" name="mitra" value="{malang.pk}">' in html
    assert "Pemerintah Kota Malang" in html
    assert 'href="?jenis=KSDD"' in html  # the link that removes the partner keeps the other filters
    # An unknown or malformed partner id is ignored, like every other bad filter value.
    assert len(_titles(client, "mitra=999999")) == 3
    assert len(_titles(client, "mitra=abc")) == 3


def test_search_over_several_matching_partners_counts_each_agreement_once(client, staf):
    """The paginator's count and rows stay right without DISTINCT (subquery, not a join)."""
    partners = [partner_for(Kind.KSDD, name=f"Kabupaten Sejahtera {i}") for i in range(3)]
    for i in range(27):
        make_agreement(title=f"Kerja sama {i:02d}", partners=partners)
    make_agreement(title="Lain")
    client.force_login(staf)
    for query in ("q=Sejahtera", "mitra_q=Sejahtera", f"mitra={partners[1].pk}"):
        response = client.get(f"/kerja-sama/?{query}&urut=title")
        page = response.context["page"]
        assert page.paginator.count == 27, query
        assert len(page.object_list) == 25
        second = client.get(f"/kerja-sama/?{query}&urut=title&halaman=2").context["page"]
        assert [a.title for a in second.object_list] == ["Kerja sama 25", "Kerja sama 26"]
    sql = str(
        selectors.agreement_list(user=staf, filters={"search": "x", "partner_name": "y"}).query
    )
    assert "DISTINCT" not in sql.upper()
