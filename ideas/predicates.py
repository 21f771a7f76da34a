"""Who may do what to ideas: predicates declared once, used by rules, views and services."""

import rules

from brands.predicates import (
    ALL_ROLES,
    MODERATION_ROLES,
    SETTINGS_ROLES,
    TRIAGE_ROLES,
    has_brand_role,
)
from challenges.phases import phase_allows


def challenge_of(obj):
    return getattr(obj, "challenge", obj)


def brand_id_of(obj) -> int | None:
    """The brand of an idea, comment, challenge or brand (``obj`` may be any of them)."""
    if obj is None:
        return None
    if hasattr(obj, "brand_id"):
        return obj.brand_id
    if hasattr(obj, "idea"):
        return obj.idea.brand_id
    if obj.__class__.__name__ == "Brand":
        return obj.pk
    return None


@rules.predicate
def is_author(user, idea) -> bool:
    return bool(user and user.is_authenticated and idea is not None and idea.author_id == user.pk)


@rules.predicate
def is_brand_staff(user, obj) -> bool:
    return has_brand_role(user, brand_id_of(obj), ALL_ROLES)


@rules.predicate
def is_brand_triager(user, obj) -> bool:
    return has_brand_role(user, brand_id_of(obj), TRIAGE_ROLES)


@rules.predicate
def is_brand_moderator(user, obj) -> bool:
    return has_brand_role(user, brand_id_of(obj), MODERATION_ROLES)


@rules.predicate
def is_brand_owner(user, obj) -> bool:
    return has_brand_role(user, brand_id_of(obj), SETTINGS_ROLES)


def challenge_phase_allows(action: str):
    @rules.predicate(name=f"phase_allows_{action}")
    def predicate(user, obj) -> bool:
        return obj is not None and phase_allows(challenge_of(obj), action)

    return predicate


@rules.predicate
def is_public_idea(user, idea) -> bool:
    return idea is not None and idea.is_public
