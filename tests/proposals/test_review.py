"""Staff review: queue API, checklist, the three decisions, revision under the same code."""

from __future__ import annotations

import pytest
from django.core import mail

from agreements import stages
from agreements.choices import Kind, PartnerType, ThirdPartyType
from agreements.models import Agreement, Document, FieldChange, Partner
from proposals import services
from proposals.models import Proposal
from tests.factories import PartnerFactory

from .conftest import ALL_CHECKS_OK, pdf_file, post_public, stored_files, university

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(api):
    code = post_public(api(), university(), [pdf_file()]).json()["tracking_code"]
    return Proposal.objects.get(tracking_code=code)


def review(api, user, proposal, **body):
    return api(user).post(f"/api/proposals/{proposal.pk}/review/", body, format="json")


def test_staff_list_and_detail_with_filters(api, staf, sekda, proposal):
    post_public(
        api(),
        university(
            proposer_type="daerah",
            kind="KSDD",
            region_code="35.79",
            proposer_name="Pemerintah Kota Batu",
            third_party_type="",
        ),
    )
    response = api(staf).get("/api/proposals/?kind=KSDPK")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [proposal.pk]
    assert rows[0]["attachments"][0]["filename"] == "proposal.pdf"
    assert api(sekda).get("/api/proposals/?status=diajukan").json()["results"].__len__() == 2
    assert api(staf).get("/api/proposals/?search=batu").json()["results"][0]["kind"] == "KSDD"
    detail = api(sekda).get(f"/api/proposals/{proposal.pk}/").json()
    assert detail["tracking_code"] == proposal.tracking_code
    assert [e["event"] for e in detail["events"]] == ["diajukan"]
    assert detail["partner_suggestions"] == []


@pytest.mark.parametrize("who", ["sekda", "dprd_user", "nobody"])
def test_only_staff_may_review(api, request, proposal, who):
    user = request.getfixturevalue(who)
    response = review(api, user, proposal, decision="ditolak", note="x")
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "diajukan"


def test_anonymous_gets_401_on_staff_endpoints(api, proposal):
    assert api().get("/api/proposals/").status_code == 401
    assert api().get(f"/api/proposals/{proposal.pk}/").status_code == 401
    assert review(api, None, proposal, decision="diterima").status_code == 401


def test_dprd_cannot_read_proposals(api, dprd_user, proposal):
    assert api(dprd_user).get("/api/proposals/").status_code == 403
    assert api(dprd_user).get(f"/api/proposals/{proposal.pk}/").status_code == 403


def test_rejection_needs_a_reason_and_is_sent_to_the_proposer(
    api, staf, proposal, django_capture_on_commit_callbacks
):
    response = review(api, staf, proposal, decision="ditolak", note="")
    assert response.status_code == 400
    assert "note" in response.json()
    with django_capture_on_commit_callbacks(execute=True):
        response = review(
            api, staf, proposal, decision="ditolak", note="Objek bukan kewenangan kabupaten."
        )
    assert response.status_code == 200
    assert response.json()["status"] == "ditolak"
    proposal.refresh_from_db()
    assert proposal.decided_at is not None
    assert proposal.decided_by == staf
    assert Agreement.objects.count() == 0
    assert [e.event for e in proposal.events.all()] == ["diajukan", "ditolak"]
    assert mail.outbox[-1].to == ["sari@ub.example.ac.id"]
    assert "Objek bukan kewenangan kabupaten." in mail.outbox[-1].body
    public = api().get(f"/api/public/proposals/{proposal.tracking_code}/").json()
    assert public["status"] == "ditolak"
    assert public["status_note"] == "Objek bukan kewenangan kabupaten."
    # A decided proposal is closed.
    again = review(api, staf, proposal, decision="diterima", checklist=ALL_CHECKS_OK)
    assert again.status_code == 409
    assert again.json()["code"] == "proposal_not_open"


def test_acceptance_needs_every_checklist_item(api, staf, proposal):
    partial = dict(ALL_CHECKS_OK, risiko=False)
    response = review(api, staf, proposal, decision="diterima", checklist=partial)
    assert response.status_code == 400
    assert "checklist" in response.json()
    assert "Risiko" in str(response.json()["checklist"])
    bad = review(api, staf, proposal, decision="diterima", checklist={"lain": True})
    assert bad.status_code == 400
    assert Agreement.objects.count() == 0
    assert Partner.objects.count() == 0
    proposal.refresh_from_db()
    assert proposal.status == "diajukan"


def test_revision_round_trip_then_acceptance(
    api, staf, proposal, django_capture_on_commit_callbacks
):
    # Staff start the review, then ask for a revision.
    services.proposal_start_review(proposal_id=proposal.pk, user=staf)
    with django_capture_on_commit_callbacks(execute=True):
        response = review(
            api,
            staf,
            proposal,
            decision="perlu_perbaikan",
            note="Lengkapi rincian pembiayaan per tahun.",
            checklist={"kapasitas_pembiayaan": {"ok": False, "note": "kurang"}},
        )
    assert response.status_code == 200, response.json()
    assert "Lengkapi rincian pembiayaan" in mail.outbox[-1].body
    # While it waits for the proposer, staff cannot decide.
    assert review(api, staf, proposal, decision="ditolak", note="x").status_code == 409
    # The proposer revises under the same code.
    revised = services.proposal_revise(
        tracking_code=proposal.tracking_code.lower(),
        data=university(financing="2027: Rp 100 juta hibah; 2028: Rp 150 juta hibah."),
        files=[pdf_file("rincian-biaya.pdf")],
    )
    assert revised.pk == proposal.pk
    assert revised.status == "diajukan"
    assert revised.revision_count == 1
    assert revised.attachments.count() == 2
    # ...and then staff accept it.
    with django_capture_on_commit_callbacks(execute=True):
        response = review(
            api, staf, proposal, decision="diterima", checklist=ALL_CHECKS_OK, urusan=["3.26"]
        )
    assert response.status_code == 201, response.json()
    assert set(response.json()) == {"agreement"}
    agreement = Agreement.objects.get(pk=response.json()["agreement"])
    assert agreement.kind == Kind.KSDPK
    assert agreement.stage == stages.first_stage(Kind.KSDPK)
    assert agreement.title == proposal.title
    assert agreement.financing_source.startswith("2027: Rp 100 juta")
    assert list(agreement.urusan.values_list("code", flat=True)) == ["3.26"]
    partner = agreement.partners.get()
    assert partner.name == "Universitas Brawijaya"
    assert partner.partner_type == PartnerType.PIHAK_KETIGA
    expected_third = (
        "perguruan_tinggi" if "perguruan_tinggi" in ThirdPartyType.values else "lainnya"
    )
    assert partner.third_party_type == expected_third
    assert partner.contact_email == "sari@ub.example.ac.id"
    # Attachments went through the document service (checked, hashed, stored as documents).
    documents = list(agreement.documents.order_by("id"))
    assert [d.filename for d in documents] == ["proposal.pdf", "rincian-biaya.pdf"]
    assert all(d.doc_type == "lainnya" and d.content_type == "application/pdf" for d in documents)
    proposal.refresh_from_db()
    assert proposal.agreement == agreement
    assert proposal.partner == partner
    assert sorted(a.document_id for a in proposal.attachments.all()) == [d.pk for d in documents]
    assert len(stored_files()) == 4  # two attachments, two documents
    # Each decision is in the proposal's history and recorded on the agreement.
    events = [e.event for e in proposal.events.all()]
    assert events == ["diajukan", "dikaji", "perlu_perbaikan", "revisi", "diterima"]
    change = FieldChange.objects.get(agreement=agreement, field="usulan")
    assert proposal.tracking_code in change.new_value
    for label in ("Diminta perbaikan", "Perbaikan dikirim pengusul", "Diterima"):
        assert label in change.new_value
    assert agreement.stage_history.count() == 1
    # The proposer sees "diterima" and nothing of the agreement.
    public = api().get(f"/api/public/proposals/{proposal.tracking_code}/")
    assert public.json()["status"] == "diterima"
    assert agreement.number not in public.content.decode()
    assert mail.outbox[-1].subject.startswith("Usulan kerja sama diterima")


def test_acceptance_matches_an_existing_partner_by_name(api, staf, proposal):
    existing = PartnerFactory(
        name="UNIVERSITAS BRAWIJAYA", partner_type="pihak_ketiga", third_party_type="lainnya"
    )
    PartnerFactory(name="Universitas Brawijaya Malang", partner_type="pihak_ketiga")
    detail = api(staf).get(f"/api/proposals/{proposal.pk}/").json()
    names = [(s["name"], s["exact"]) for s in detail["partner_suggestions"]]
    assert names[0] == ("UNIVERSITAS BRAWIJAYA", True)
    assert ("Universitas Brawijaya Malang", False) in names
    response = review(api, staf, proposal, decision="diterima", checklist=ALL_CHECKS_OK)
    assert response.status_code == 201
    agreement = Agreement.objects.get(pk=response.json()["agreement"])
    assert list(agreement.partners.all()) == [existing]
    assert Partner.objects.count() == 2


def test_acceptance_with_a_chosen_partner_of_the_wrong_type_changes_nothing(api, staf, proposal):
    daerah = PartnerFactory(name="Kota Malang", partner_type="daerah")
    response = review(
        api, staf, proposal, decision="diterima", checklist=ALL_CHECKS_OK, partner=daerah.pk
    )
    assert response.status_code == 400
    assert "partner" in response.json()
    proposal.refresh_from_db()
    assert proposal.status == "diajukan"
    assert proposal.agreement is None
    assert Agreement.objects.count() == 0
    assert Document.objects.count() == 0
    assert proposal.events.count() == 1
    assert len(stored_files()) == 1


def test_sinergi_from_a_ministry_is_registered_once_the_core_knows_it(api, staf):
    code = post_public(
        api(),
        university(
            proposer_type="instansi_pusat",
            kind="SINERGI",
            proposer_name="Kementerian Desa PDTT",
            third_party_type="",
        ),
    ).json()["tracking_code"]
    proposal = Proposal.objects.get(tracking_code=code)
    response = review(api, staf, proposal, decision="diterima", checklist=ALL_CHECKS_OK)
    proposal.refresh_from_db()
    if "SINERGI" in Kind.values and "instansi_pusat" in PartnerType.values:
        assert response.status_code == 201, response.json()
        agreement = Agreement.objects.get(pk=response.json()["agreement"])
        assert agreement.kind == "SINERGI"
        assert agreement.partners.get().partner_type == "instansi_pusat"
    else:  # the core does not know SINERGI yet: a clear refusal, nothing written
        assert response.status_code == 400
        assert "SINERGI" in response.json()["kind"][0]
        assert proposal.status == "diajukan"
        assert Agreement.objects.count() == 0
        assert Partner.objects.count() == 0


def test_revision_only_when_asked(proposal):
    from proposals.exceptions import ProposalNotOpen

    with pytest.raises(ProposalNotOpen):
        services.proposal_revise(tracking_code=proposal.tracking_code, data=university())
    proposal.refresh_from_db()
    assert proposal.revision_count == 0


def test_start_review_only_from_diajukan(staf, proposal):
    from proposals.exceptions import ProposalNotOpen

    services.proposal_start_review(proposal_id=proposal.pk, user=staf)
    with pytest.raises(ProposalNotOpen):
        services.proposal_start_review(proposal_id=proposal.pk, user=staf)
    proposal.refresh_from_db()
    assert proposal.status == "dikaji"
    assert proposal.status_note == "Usulan sedang dikaji oleh Bagian Kerja Sama."


def test_a_failure_while_copying_attachments_rolls_everything_back(
    api, staf, proposal, monkeypatch
):
    """The second copy fails: no agreement, no partner, no document row, no document file."""
    from agreements import services as agreement_services
    from agreements.exceptions import InvalidUpload

    proposal.status = "perlu_perbaikan"
    proposal.save()
    services.proposal_revise(
        tracking_code=proposal.tracking_code, data=university(), files=[pdf_file("dua.pdf")]
    )
    real = agreement_services.document_upload
    calls = []

    def second_fails(**kwargs):
        calls.append(kwargs["uploaded_file"].name)
        if len(calls) == 2:
            raise InvalidUpload("Berkas rusak.")
        return real(**kwargs)

    monkeypatch.setattr(agreement_services, "document_upload", second_fails)
    response = review(api, staf, proposal, decision="diterima", checklist=ALL_CHECKS_OK)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_file"
    assert calls == ["proposal.pdf", "dua.pdf"]
    assert Agreement.objects.count() == 0
    assert Partner.objects.count() == 0
    assert Document.objects.count() == 0
    assert len(stored_files()) == 2  # only the two attachments of the proposal
    proposal.refresh_from_db()
    assert proposal.status == "diajukan"
