import pytest

from brands.models import Role
from tests.factories import BrandFactory, make_member

pytestmark = pytest.mark.django_db


def test_profile_lists_staff_links_by_role(client):
    brand = BrandFactory(name="Soup Co")
    owner = make_member(brand, Role.OWNER)
    moderator = make_member(brand, Role.MODERATOR)

    client.force_login(owner)
    page = client.get("/accounts/profile/").content.decode()
    assert "/staff/soup-co/board/" in page
    assert "/staff/soup-co/moderation/" in page
    assert "/staff/soup-co/settings/" in page

    client.force_login(moderator)
    page = client.get("/accounts/profile/").content.decode()
    assert "/staff/soup-co/moderation/" in page
    assert "/staff/soup-co/board/" not in page
    assert "/staff/soup-co/settings/" not in page


def test_customers_see_no_staff_section(client, user):
    client.force_login(user)
    assert "Your brands" not in client.get("/accounts/profile/").content.decode()
