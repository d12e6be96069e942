"""POST /api/public/proposals/ and GET /api/public/proposals/{tracking_code}/ (API.md)."""

from __future__ import annotations

import itertools
import re

import pytest
from django.core import mail

from proposals.models import Proposal, ProposalAttachment
from tests.factories import make_agreement

from .conftest import pdf_file, post_public, stored_files, university

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$")


def test_a_proposal_posted_without_login_gets_a_tracking_code(
    api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_public(api(), university(), [pdf_file()])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"tracking_code", "status"}
    assert body["status"] == "diajukan"
    assert CODE.match(body["tracking_code"])
    proposal = Proposal.objects.get(tracking_code=body["tracking_code"])
    assert proposal.title == "Pendampingan desa wisata berbasis riset"
    assert proposal.third_party_type == "perguruan_tinggi"
    assert [e.event for e in proposal.events.all()] == ["diajukan"]
    attachment = proposal.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.filename == "proposal.pdf"
    assert len(stored_files()) == 1
    # The confirmation also goes to the liaison officer by e-mail (plain text, with the code).
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sari@ub.example.ac.id"]
    assert body["tracking_code"] in message.subject
    assert body["tracking_code"] in message.body
    assert "/usulan/lacak/" in message.body
    assert not message.alternatives  # no HTML part


def test_tracking_codes_are_random_not_sequential(api):
    codes = [post_public(api(), university()).json()["tracking_code"] for _ in range(5)]
    assert len(set(codes)) == 5
    assert all(CODE.match(code) for code in codes)
    # Nothing shared between consecutive codes beyond chance: no counter inside.
    raw = [c.replace("-", "") for c in codes]
    assert all(
        sum(a == b for a, b in zip(x, y, strict=True)) < 8 for x, y in itertools.pairwise(raw)
    )
    # 16 symbols of 31: about 79 bits, drawn from the system's secure random source.
    from proposals.services import CODE_ALPHABET, CODE_LENGTH

    assert len(CODE_ALPHABET) == 31
    assert CODE_LENGTH >= 12


def test_status_endpoint_reveals_only_its_own_proposal(api, staf):
    make_agreement(title="Kerja sama rahasia yang tidak boleh bocor", user=staf)
    mine = post_public(api(), university(title="Usulan saya")).json()["tracking_code"]
    other = post_public(
        api(), university(title="Usulan orang lain", contact_email="lain@example.org")
    ).json()["tracking_code"]

    response = api().get(f"/api/public/proposals/{mine}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"tracking_code", "title", "status", "status_note", "updated_at"}
    assert body["tracking_code"] == mine
    assert body["title"] == "Usulan saya"
    assert body["status"] == "diajukan"
    text = response.content.decode()
    for leak in (other, "Usulan orang lain", "rahasia", "sari@ub", "Brawijaya", "KS/"):
        assert leak not in text
    # A code typed with spaces and small letters is the same code.
    sloppy = mine.lower().replace("-", " ")
    assert api().get(f"/api/public/proposals/{sloppy}/").json()["tracking_code"] == mine


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC-DDDD", "1", "x" * 300, "%00", "KS-2026-0001"])
def test_unknown_or_malformed_codes_are_404_in_the_error_shape(api, code):
    post_public(api(), university())
    response = api().get(f"/api/public/proposals/{code}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert set(response.json()) == {"detail", "code"}


def test_the_21st_post_in_a_minute_from_one_address_gets_429(api):
    client = api()
    for n in range(20):
        response = post_public(client, university(title=f"Usulan {n}"))
        assert response.status_code == 201, (n, response.json())
    response = post_public(client, university(title="Usulan ke-21"))
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert "detail" in body
    assert "detik" in body["detail"]
    assert int(response["Retry-After"]) >= 1
    assert Proposal.objects.count() == 20
    assert not Proposal.objects.filter(title="Usulan ke-21").exists()
    # Another address is not affected.
    other = post_public(client, university(title="Dari alamat lain"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 201


def test_invalid_posts_count_too_and_the_html_form_shares_the_limit(api, client):
    for _ in range(15):
        assert post_public(api(), {"title": "tanpa isian lain"}).status_code == 400
    for n in range(5):
        assert client.post("/usulan/", university(title=f"Form {n}")).status_code == 302
    assert client.post("/usulan/", university(title="Form 6")).status_code == 429
    assert post_public(api(), university()).status_code == 429
    assert Proposal.objects.count() == 5


def test_the_limit_is_a_sliding_minute():
    from proposals import ratelimit

    start = 1_800_000_000.0
    for i in range(20):
        assert ratelimit.hit("submit", "192.0.2.1", now=start + i)[0]
    allowed, wait = ratelimit.hit("submit", "192.0.2.1", now=start + 59.5)
    assert not allowed
    assert wait == 1
    # The first post leaves the window after 60 seconds: one more may come, not two.
    assert ratelimit.hit("submit", "192.0.2.1", now=start + 60)[0]
    assert not ratelimit.hit("submit", "192.0.2.1", now=start + 60.5)[0]


def test_honeypot_filled_is_refused_and_nothing_is_stored(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_public(api(), university(website="http://spam.example"), [pdf_file()])
    assert response.status_code == 400
    assert response.json()["code"] == "rejected"
    assert Proposal.objects.count() == 0
    assert ProposalAttachment.objects.count() == 0
    assert stored_files() == []
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"proposer_type": "daerah", "kind": "KSDD"}, "region_code"),
        ({"proposer_type": "daerah", "kind": "KSDD", "region_code": "99.99"}, "region_code"),
        ({"proposer_type": "lembaga_luar_negeri", "kind": "KSDLL"}, "country_code"),
        (
            {"proposer_type": "lembaga_luar_negeri", "kind": "KSDLL", "country_code": "ID"},
            "country_code",
        ),
        ({"kind": "KSDD"}, "kind"),  # a university cannot ask for a KSDD
        ({"third_party_type": ""}, "third_party_type"),
        ({"contact_email": "bukan-surel"}, "contact_email"),
        ({"contact_phone": "telp: <b>1</b>"}, "contact_phone"),
        ({"title": "   "}, "title"),
    ],
)
def test_proposal_rules_are_400_per_field(api, overrides, field):
    response = post_public(api(), university(**overrides))
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert Proposal.objects.count() == 0


def test_daerah_and_foreign_proposers(api):
    daerah = post_public(
        api(),
        university(
            proposer_type="daerah",
            kind="KSDD",
            region_code="35.79",
            proposer_name="Kota Batu",
            third_party_type="",
        ),
    )
    assert daerah.status_code == 201, daerah.json()
    assert Proposal.objects.get(tracking_code=daerah.json()["tracking_code"]).region_id == "35.79"
    foreign = post_public(
        api(),
        university(
            proposer_type="lembaga_luar_negeri",
            kind="KSDLL",
            country_code="nl",
            proposer_name="Universiteit Utrecht",
            third_party_type="",
        ),
    )
    assert foreign.status_code == 201, foreign.json()
    proposal = Proposal.objects.get(tracking_code=foreign.json()["tracking_code"])
    assert proposal.country_code == "NL"
    assert proposal.third_party_type == ""


def test_schema_documents_the_proposal_endpoints(api, staf):
    response = api(staf).get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/public/proposals/" in paths
    assert "/api/public/proposals/{tracking_code}/" in paths
    assert "/api/proposals/" in paths
    assert "/api/proposals/{id}/" in paths
    review = paths["/api/proposals/{id}/review/"]["post"]
    assert "201" in review["responses"]
    assert "429" in paths["/api/public/proposals/"]["post"]["responses"]
    # No authentication on the public endpoints (drf-spectacular writes no `security` then).
    assert paths["/api/public/proposals/"]["post"].get("security") in (None, [], [{}])
    assert paths["/api/proposals/"]["get"]["security"]


def test_forwarded_addresses_are_trusted_only_behind_a_configured_proxy(api, settings):
    from proposals import ratelimit

    spoofed = {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.7", "REMOTE_ADDR": "10.0.0.2"}

    class Request:
        META = spoofed

    settings.PROPOSALS_PROXY_COUNT = 0
    assert ratelimit.client_address(Request) == "10.0.0.2"
    settings.PROPOSALS_PROXY_COUNT = 1
    assert ratelimit.client_address(Request) == "198.51.100.7"
    # A client cannot escape the limit by sending a different X-Forwarded-For each time.
    settings.PROPOSALS_PROXY_COUNT = 0
    for n in range(20):
        extra = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"}
        assert post_public(api(), university(title=f"U{n}"), **extra).status_code == 201
    assert post_public(api(), university(), HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_status_lookups_are_limited_too(api):
    code = post_public(api(), university()).json()["tracking_code"]
    for _ in range(60):
        assert api().get(f"/api/public/proposals/{code}/").status_code == 200
    response = api().get(f"/api/public/proposals/{code}/")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
