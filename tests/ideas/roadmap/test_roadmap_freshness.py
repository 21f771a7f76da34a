"""The roadmap's columns are cached, but a staff move shows on the very next visit."""

import pytest
from django.test import TestCase

from brands.models import Role
from ideas import services
from tests.factories import BrandFactory, IdeaFactory, make_challenge, make_member


@pytest.mark.django_db
def test_a_move_shows_at_once_despite_the_cache(client):
    brand = BrandFactory(name="Soup Co")
    idea = IdeaFactory(
        challenge=make_challenge(brand), title="Leek and potato", status="under_review"
    )
    manager = make_member(brand, Role.MANAGER)
    url = f"{brand.page.url}roadmap/"

    before = client.get(url).content.decode()
    assert 'data-status="under_review"' in before

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.change_status(idea=idea, actor=manager, to_status="planned")

    after = client.get(url).content.decode()
    planned = after.split('data-status="planned"', 1)[1].split("</section>", 1)[0]
    assert "Leek and potato" in planned
