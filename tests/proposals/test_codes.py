"""The proposal's codes are the agreement core's: a proposal accepted becomes an agreement."""

from agreements.choices import KIND_PARTNER_TYPE, Kind, PartnerType, ThirdPartyType
from proposals.choices import (
    KIND_PROPOSER_TYPE,
    ProposalKind,
    ProposerThirdPartyType,
    ProposerType,
)


def test_proposal_codes_are_the_cores():
    assert set(ProposalKind.values) == set(Kind.values)
    assert set(ProposerType.values) == set(PartnerType.values)
    assert set(ProposerThirdPartyType.values) == set(ThirdPartyType.values)
    assert KIND_PROPOSER_TYPE == KIND_PARTNER_TYPE
