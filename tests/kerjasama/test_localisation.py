"""Ids in forms and links stay plain digits; numbers for people are grouped explicitly."""

import pytest

from tests.factories import PartnerFactory, make_agreement

pytestmark = pytest.mark.django_db


def test_large_ids_are_not_grouped_in_forms_and_links(client, staf):
    partner = PartnerFactory(id=1607, name="Pemerintah Kota Batu")
    agreement = make_agreement(user=staf, partners=[partner])
    client.force_login(staf)
    html = client.get("/kerja-sama/", {"mitra": 1607}).content.decode()
    assert 'value="1607"' in html
    assert "1.607" not in html
    detail = client.get(f"/kerja-sama/{agreement.pk}/").content.decode()
    assert f"?agreement={agreement.pk}" in detail


def test_numbers_for_people_are_grouped(client, staf):
    from kerjasama.formatting import number, rupiah

    assert number(1215) == "1.215"
    assert rupiah(624558000) == "Rp 624.558.000"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (136.5, "137%"),  # half up, where Python's round() gives 136 (banker's rounding)
        (2.5, "3%"),  # round(2.5) == 2
        (137.49, "137%"),
        (104.16666, "104%"),  # seed 004, output antar lembaga 2018
        (None, "–"),
    ],
)
def test_percent_rounds_half_up(value, shown):
    from kerjasama.formatting import percent

    assert percent(value) == shown
