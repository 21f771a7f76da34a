"""Brand staff launch challenges in the Wagtail admin, under their own brand page only."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify
from wagtail.test.utils.form_data import nested_form_data, streamfield

from brands.models import Role
from challenges.models import ChallengePage
from tests.factories import BrandFactory, make_member

pytestmark = pytest.mark.django_db


def challenge_form(title: str, **extra) -> dict:
    now = timezone.now()
    data = {
        "title": title,
        "slug": slugify(title),
        "summary": "Which soups should we sell this winter?",
        "brief": streamfield([]),
        "tags": "soup, winter",
        "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "closes_at": (now + timedelta(days=30)).strftime("%Y-%m-%d %H:%M"),
        "vote_budget": "3",
        "reward": "Your soup on our shelves",
        "action-publish": "action-publish",
    }
    data.update(extra)
    return nested_form_data(data)


def add_url(brand) -> str:
    return f"/admin/pages/add/challenges/challengepage/{brand.page.pk}/"


def test_brand_owners_publish_a_challenge_under_their_brand(client):
    brand = BrandFactory(name="Soup Co")
    client.force_login(make_member(brand, Role.OWNER))

    assert client.get(add_url(brand)).status_code == 200
    response = client.post(add_url(brand), challenge_form("Seasonal soups"))

    assert response.status_code == 302, response.content[:2000]
    challenge = ChallengePage.objects.get(title="Seasonal soups")
    assert challenge.live
    assert challenge.brand == brand
    assert challenge.get_parent().specific == brand.page
    assert challenge.vote_budget == 3
    assert sorted(challenge.tags.names()) == ["soup", "winter"]
    assert client.get(challenge.url).status_code == 200


def test_brand_managers_draft_a_challenge_and_submit_it_to_the_owners(client):
    brand = BrandFactory(name="Soup Co")
    client.force_login(make_member(brand, Role.MANAGER))

    client.post(add_url(brand), challenge_form("Seasonal soups"))
    challenge = ChallengePage.objects.get(title="Seasonal soups")
    assert not challenge.live

    data = challenge_form("Seasonal soups")
    del data["action-publish"]
    data["action-submit"] = "action-submit"
    response = client.post(f"/admin/pages/{challenge.pk}/edit/", data)

    assert response.status_code == 302, response.content[:2000]
    challenge.refresh_from_db()
    assert not challenge.live
    assert challenge.current_workflow_state.workflow.name == "Review by Soup Co owners"


def test_closing_before_opening_is_refused(client):
    brand = BrandFactory(name="Soup Co")
    client.force_login(make_member(brand, Role.OWNER))
    opens = timezone.now() + timedelta(days=5)
    response = client.post(
        add_url(brand),
        challenge_form(
            "Backwards dates",
            opens_at=opens.strftime("%Y-%m-%d %H:%M"),
            closes_at=(opens - timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
        ),
    )
    assert response.status_code == 200
    assert "The closing time must be after the opening." in response.content.decode()
    assert not ChallengePage.objects.filter(title="Backwards dates").exists()


def test_staff_of_another_brand_cannot_add_a_challenge(client):
    brand, other = BrandFactory(name="Soup Co"), BrandFactory(name="Bread Co")
    client.force_login(make_member(other, Role.OWNER))

    assert client.get(add_url(brand)).status_code in (302, 403)
    client.post(add_url(brand), challenge_form("Stolen challenge"))
    assert not ChallengePage.objects.filter(title="Stolen challenge").exists()


def test_moderators_and_customers_cannot_add_challenges(client, user):
    brand = BrandFactory(name="Soup Co")
    for person in (make_member(brand, Role.MODERATOR), user):
        client.force_login(person)
        client.post(add_url(brand), challenge_form("Not mine to launch"))
    assert not ChallengePage.objects.filter(title="Not mine to launch").exists()
