"""Every staff endpoint × every kind of visitor: allowed, or refused with nothing changed.

Refused means 403 or a redirect to the login page, and the snapshot of everything a staff
action can touch (statuses, moderation, owners, merges, tags, brand settings, seats) is
the same afterwards. Allowed means the page answers, and a POST really changed something.
"""

from dataclasses import dataclass

import pytest

from brands.models import Brand, Membership, Role
from ideas import services
from ideas.models import Idea, Merge, StatusChange
from ideas.roadmap import Status
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge, make_member

pytestmark = pytest.mark.django_db

TRIAGERS = {"owner", "manager", "superuser"}
MODERATORS = {"owner", "manager", "moderator", "superuser"}
BRAND_OWNERS = {"owner", "superuser"}
VISITORS = [
    "owner",
    "manager",
    "moderator",
    "owner-of-another-brand",
    "customer",
    "anonymous",
    "superuser",
]


@dataclass
class World:
    brand: Brand
    idea: Idea
    other: Idea
    merge: Merge
    users: dict


@pytest.fixture
def world(db):
    brand = BrandFactory(name="Acme")
    challenge = make_challenge(brand)
    users = {
        "owner": make_member(brand, Role.OWNER),
        "manager": make_member(brand, Role.MANAGER),
        "moderator": make_member(brand, Role.MODERATOR),
        "owner-of-another-brand": make_member(BrandFactory(name="Rival"), Role.OWNER),
        "customer": UserFactory(),
        "anonymous": None,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    idea = IdeaFactory(challenge=challenge, status=Status.UNDER_REVIEW)
    other = IdeaFactory(challenge=challenge)
    duplicate = IdeaFactory(challenge=challenge)
    merge = services.merge_ideas(actor=users["owner"], source=duplicate, target=idea)
    return World(brand=brand, idea=idea, other=other, merge=merge, users=users)


def snapshot(world: World) -> dict:
    ideas = Idea.objects.filter(brand=world.brand).order_by("pk").prefetch_related("tags")
    return {
        "ideas": [
            (
                i.pk,
                i.status,
                i.moderation,
                i.is_public,
                i.staff_owner_id,
                i.merged_into_id,
                sorted(i.tags.names()),
            )
            for i in ideas
        ],
        "status_changes": StatusChange.objects.count(),
        "merges": sorted(Merge.objects.values_list("pk", "undone_at")),
        "brand": Brand.objects.values_list("moderation_mode", "response_days").get(
            pk=world.brand.pk
        ),
        "seats": sorted(Membership.objects.values_list("brand_id", "user_id", "role")),
    }


def staff(w: World) -> str:
    return f"/staff/{w.brand.slug}"


# name: (method, url, data, who may)
ENDPOINTS = {
    "board": ("get", lambda w: f"{staff(w)}/board/", lambda w: {}, TRIAGERS),
    "board move": (
        "post",
        lambda w: f"{staff(w)}/board/move/",
        lambda w: {"idea": w.idea.pk, "to_status": "planned", "note": "Soon"},
        TRIAGERS,
    ),
    "board bulk move": (
        "post",
        lambda w: f"{staff(w)}/board/bulk/",
        lambda w: {
            "ideas": [w.idea.pk, w.other.pk],
            "action": "move",
            "to_status": "declined",
            "note": "Not for us",
        },
        TRIAGERS,
    ),
    "board bulk tag": (
        "post",
        lambda w: f"{staff(w)}/board/bulk/",
        lambda w: {"ideas": [w.idea.pk, w.other.pk], "action": "tag", "tag": "later"},
        TRIAGERS,
    ),
    "idea status": (
        "post",
        lambda w: f"/ideas/{w.idea.pk}/status/",
        lambda w: {"to_status": "planned", "note": ""},
        TRIAGERS,
    ),
    "moderation queue": ("get", lambda w: f"{staff(w)}/moderation/", lambda w: {}, MODERATORS),
    "moderation action": (
        "post",
        lambda w: f"{staff(w)}/moderation/act/",
        lambda w: {"action": "hide_idea", "target": w.other.pk, "reason": "Off topic"},
        MODERATORS,
    ),
    "merge": (
        "post",
        lambda w: f"/ideas/{w.other.pk}/merge/",
        lambda w: {"into": w.idea.pk},
        TRIAGERS,
    ),
    "undo merge": (
        "post",
        lambda w: f"/ideas/merges/{w.merge.pk}/undo/",
        lambda w: {},
        TRIAGERS,
    ),
    "owner": (
        "post",
        lambda w: f"/ideas/{w.idea.pk}/owner/",
        lambda w: {"owner": w.users["manager"].pk},
        TRIAGERS,
    ),
    "settings": ("get", lambda w: f"{staff(w)}/settings/", lambda w: {}, BRAND_OWNERS),
    "settings save": (
        "post",
        lambda w: f"{staff(w)}/settings/",
        lambda w: {"moderation_mode": "pre", "response_days": 5},
        BRAND_OWNERS,
    ),
    "add member": (
        "post",
        lambda w: f"{staff(w)}/settings/members/",
        lambda w: {"email": w.users["customer"].email, "role": "moderator"},
        BRAND_OWNERS,
    ),
    "change member": (
        "post",
        lambda w: f"{staff(w)}/settings/members/{w.users['moderator'].pk}/",
        lambda w: {"role": "manager"},
        BRAND_OWNERS,
    ),
}


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_staff_action(client, world, endpoint, visitor):
    method, url, data, allowed = ENDPOINTS[endpoint]
    if world.users[visitor] is not None:
        client.force_login(world.users[visitor])
    before = snapshot(world)
    response = getattr(client, method)(url(world), data(world))
    after = snapshot(world)
    if visitor in allowed:
        assert response.status_code in (200, 302) and not is_login_redirect(response)
        if method == "post":
            assert after != before, "the action was allowed but changed nothing"
    else:
        assert response.status_code == 403 or is_login_redirect(response)
        if visitor == "anonymous" and method == "get":
            assert is_login_redirect(response)
        assert after == before


def test_every_staff_route_is_in_the_matrix():
    """A new staff endpoint must join the matrix above before this passes."""
    from brands import urls as brand_urls
    from ideas import staff_urls

    covered = {
        "board",
        "board_move",
        "board_bulk",
        "moderation_queue",
        "moderate",
        "settings",
        "add_member",
        "change_member",
    }
    routes = {p.name for p in [*staff_urls.urlpatterns, *brand_urls.urlpatterns]}
    assert routes <= covered
