"""Who may do what to ideas: predicates declared once, used by rules, views and services."""

import rules

from brands.predicates import ALL_ROLES, TRIAGE_ROLES, has_brand_role
from challenges.phases import phase_allows


def challenge_of(obj):
    return getattr(obj, "challenge", obj)


def brand_id_of(obj) -> int | None:
    return getattr(obj, "brand_id", None)


@rules.predicate
def is_author(user, idea) -> bool:
    return bool(user and user.is_authenticated and idea is not None and idea.author_id == user.pk)


@rules.predicate
def is_brand_staff(user, obj) -> bool:
    return has_brand_role(user, brand_id_of(obj), ALL_ROLES)


@rules.predicate
def is_brand_triager(user, obj) -> bool:
    return has_brand_role(user, brand_id_of(obj), TRIAGE_ROLES)


def challenge_phase_allows(action: str):
    @rules.predicate(name=f"phase_allows_{action}")
    def predicate(user, obj) -> bool:
        return obj is not None and phase_allows(challenge_of(obj), action)

    return predicate


@rules.predicate
def is_public_idea(user, idea) -> bool:
    return idea is not None and idea.is_public
