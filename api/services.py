"""Personal API tokens and brand API keys: created with their secret shown once, revoked."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from api.models import ApiToken
from api.tokens import display_prefix, hash_secret, new_secret
from brands.models import Brand, Role
from brands.services import remove_membership, set_membership

MAX_ACTIVE_TOKENS = 20
BRAND_KEY_ROLES = (Role.MANAGER, Role.MODERATOR)


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ValidationError({"name": _("Name the token (at most 80 characters).")})
    return name


@transaction.atomic
def create_personal_token(*, user, name: str) -> tuple[ApiToken, str]:
    """A token acting as ``user``; returns it with its secret, which is never stored."""
    if not user.is_authenticated or user.is_service_account:
        raise PermissionDenied(_("Log in to create an API token."))
    name = _clean_name(name)
    active = ApiToken.objects.filter(user=user, brand=None, revoked_at=None)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have %(n)d active tokens: revoke one first.") % {"n": MAX_ACTIVE_TOKENS}
        )
    secret = new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=display_prefix(secret),
        key_hash=hash_secret(secret),
        created_by=user,
    )
    return token, secret


@transaction.atomic
def create_brand_api_key(*, actor, brand: Brand, name: str, role: str) -> tuple[ApiToken, str]:
    """A key acting as ``brand``'s staff with ``role`` (manager or moderator).

    It authenticates as a service account made for it, holding that staff seat, so the
    site's permission rules apply to it as to a person with the role. Owners only.
    """
    from ideas.rules import MANAGE_BRAND

    MANAGE_BRAND.enforce(actor, brand)
    name = _clean_name(name)
    if role not in BRAND_KEY_ROLES:
        raise ValidationError({"role": _("Choose manager or moderator.")})
    account = User.objects.create(
        username=f"api-key-{uuid.uuid4().hex[:16]}",
        email="",
        display_name=f"{brand.name} API: {name}"[:60],
        is_service_account=True,
    )
    account.set_unusable_password()
    account.save(update_fields=["password"])
    set_membership(brand=brand, user=account, role=role)
    secret = new_secret()
    token = ApiToken.objects.create(
        user=account,
        brand=brand,
        name=name,
        prefix=display_prefix(secret),
        key_hash=hash_secret(secret),
        created_by=actor,
    )
    return token, secret


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a personal token (its owner) or a brand key (the brand's owners): it stops
    working at once; a brand key's service account also loses its staff seat."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.brand_id is None:
        if token.user_id != actor.pk:
            raise PermissionDenied(_("This token is not yours."))
    else:
        from ideas.rules import MANAGE_BRAND

        MANAGE_BRAND.enforce(actor, token.brand)
    return _revoke(token)


@transaction.atomic
def revoke_token_as_site_admin(*, token: ApiToken) -> ApiToken:
    """Revoke any token; for the Django admin, which checks its own permissions first."""
    return _revoke(ApiToken.objects.select_for_update().get(pk=token.pk))


def _revoke(token: ApiToken) -> ApiToken:
    """Call inside a transaction holding ``token``'s row lock."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    if token.brand_id is not None:
        remove_membership(brand=token.brand, user=token.user)
        User.objects.filter(pk=token.user_id).update(is_active=False)
    return token
