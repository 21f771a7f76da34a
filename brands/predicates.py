"""Who is staff of which brand. Memberships are cached on the user object per request."""

from brands.models import Role


def brand_roles(user) -> dict[int, str]:
    """Map brand id -> role for ``user`` (one query, then cached on the user object)."""
    if not user or not user.is_authenticated:
        return {}
    cached = getattr(user, "_brand_roles", None)
    if cached is None:
        cached = dict(user.memberships.values_list("brand_id", "role"))
        user._brand_roles = cached
    return cached


def has_brand_role(user, brand_id: int | None, roles: set[str] | None = None) -> bool:
    if not user or not user.is_authenticated or brand_id is None:
        return False
    if user.is_superuser:
        return True
    role = brand_roles(user).get(brand_id)
    return role is not None and (roles is None or role in roles)


ALL_ROLES = {Role.OWNER, Role.MANAGER, Role.MODERATOR}
TRIAGE_ROLES = {Role.OWNER, Role.MANAGER}
MODERATION_ROLES = {Role.OWNER, Role.MANAGER, Role.MODERATOR}
SETTINGS_ROLES = {Role.OWNER}
