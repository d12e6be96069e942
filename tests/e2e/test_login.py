import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_sees_the_dashboard(login_as, page):
    from tests.factories import UserFactory

    staf = UserFactory(username="rina.e2e", role="staf_kerja_sama")
    login_as(staf)
    assert page.get_by_role("heading", name="Beranda · Staf Kerja Sama").is_visible()
    assert page.get_by_role("link", name="Kerja Sama", exact=True).is_visible()
    page.screenshot(path="/tmp/e2e-dashboard.png")
