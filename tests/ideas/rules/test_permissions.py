"""The permission matrix: who × brand × challenge phase, for every idea permission."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from brands.models import Role
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge, make_member

PHASES = {
    "upcoming": {"opens_in": timedelta(days=2), "closes_in": timedelta(days=9)},
    "open": {"opens_in": timedelta(days=-1), "closes_in": timedelta(days=9)},
    "closed": {"opens_in": timedelta(days=-9), "closes_in": timedelta(seconds=-1)},
}

# What any logged-in person may do, by phase.
MEMBER_BY_PHASE = {
    "upcoming": {"submit_idea": False, "vote_idea": False, "comment_idea": False},
    "open": {"submit_idea": True, "vote_idea": True, "comment_idea": True},
    "closed": {"submit_idea": False, "vote_idea": False, "comment_idea": True},
}
# What a seat in the idea's own brand adds, whatever the phase.
STAFF_BY_ROLE = {
    None: {"change_status": False, "respond_officially": False},
    Role.MODERATOR: {"change_status": False, "respond_officially": True},
    Role.MANAGER: {"change_status": True, "respond_officially": True},
    Role.OWNER: {"change_status": True, "respond_officially": True},
}
NOTHING = {perm: False for perm in [*MEMBER_BY_PHASE["open"], *STAFF_BY_ROLE[None]]}

PEOPLE = [
    ("anonymous", None, None),
    ("customer", None, None),
    ("author", None, None),
    ("moderator", Role.MODERATOR, "own"),
    ("manager", Role.MANAGER, "own"),
    ("owner", Role.OWNER, "own"),
    ("moderator-of-another-brand", Role.MODERATOR, "foreign"),
    ("manager-of-another-brand", Role.MANAGER, "foreign"),
    ("owner-of-another-brand", Role.OWNER, "foreign"),
]


def expected(who: str, role, relation: str | None, phase: str) -> dict[str, bool]:
    if who == "anonymous":
        return NOTHING
    staff = STAFF_BY_ROLE[role if relation == "own" else None]
    return MEMBER_BY_PHASE[phase] | staff


def permissions(user, idea) -> dict[str, bool]:
    return {
        "submit_idea": user.has_perm("ideas.submit_idea", idea.challenge),
        "vote_idea": user.has_perm("ideas.vote_idea", idea),
        "comment_idea": user.has_perm("ideas.comment_idea", idea),
        "change_status": user.has_perm("ideas.change_status", idea),
        "respond_officially": user.has_perm("ideas.respond_officially", idea),
    }


def person(who: str, role, relation: str | None, idea):
    if who == "anonymous":
        return AnonymousUser()
    if who == "author":
        return idea.author
    if relation is None:
        return UserFactory()
    return make_member(idea.brand if relation == "own" else BrandFactory(), role)


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("who, role, relation", PEOPLE, ids=[p[0] for p in PEOPLE])
def test_permission_matrix(brand, phase, who, role, relation):
    idea = IdeaFactory(challenge=make_challenge(brand, title=f"{phase} challenge", **PHASES[phase]))
    user = person(who, role, relation, idea)

    assert permissions(user, idea) == expected(who, role, relation, phase)


@pytest.mark.parametrize("role", [None, Role.OWNER], ids=["customer", "owner"])
def test_private_ideas_cannot_be_voted_or_commented_even_by_staff(idea, role):
    user = make_member(idea.brand, role) if role else UserFactory()
    idea.is_public = False

    granted = permissions(user, idea)

    assert granted["vote_idea"] is False
    assert granted["comment_idea"] is False
    assert granted["submit_idea"] is True
    assert granted["change_status"] is (role == Role.OWNER)


def test_deactivated_accounts_may_not_take_part(idea):
    user = UserFactory(is_active=False)

    assert permissions(user, idea) == NOTHING
