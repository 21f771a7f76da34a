"""Personal tokens on the account page, brand API keys for owners, ``create_api_token``."""

import io

import pytest
from django.core.management import CommandError, call_command

from api.models import ApiToken
from api.tokens import hash_secret
from brands.models import Membership, Role
from cms.selectors import team_for_brand

pytestmark = pytest.mark.django_db

TOKENS = "/accounts/api-tokens/"


def _secret_on(page: str) -> str:
    start = page.index('value="cc_') + len('value="')
    return page[start : page.index('"', start)]


def test_profile_links_to_the_tokens_page(client, user):
    client.force_login(user)
    assert TOKENS in client.get("/accounts/profile/").content.decode()


def test_tokens_page_needs_a_login(client, db):
    response = client.get(TOKENS)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_create_shows_the_secret_once_then_lists_the_token(client, user):
    client.force_login(user)
    response = client.post(TOKENS, {"name": "export script"}, follow=True)
    page = response.content.decode()
    secret = _secret_on(page)
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == hash_secret(secret)
    assert token.prefix == secret[:10]
    assert "shown only this once" in page
    # A reload does not show it again.
    again = client.get(response.redirect_chain[-1][0]).content.decode()
    assert secret not in again
    assert "cannot be shown again" in again
    listing = client.get(TOKENS).content.decode()
    assert "export script" in listing
    assert f"{token.prefix}…" in listing
    assert secret not in listing
    assert "Never" in listing


def test_create_needs_a_name(client, user):
    client.force_login(user)
    response = client.post(TOKENS, {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_secret_page_of_someone_elses_token_is_404(client, user, token_for):
    from tests.factories import UserFactory

    other = UserFactory()
    token_for(other)
    client.force_login(user)
    token = ApiToken.objects.get(user=other)
    assert client.get(f"{TOKENS}{token.pk}/created/").status_code == 404
    assert client.post(f"{TOKENS}{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_revoke_asks_then_revokes(client, user, token_for, api_client):
    secret = token_for(user)
    token = ApiToken.objects.get(user=user)
    client.force_login(user)
    confirm = client.get(f"{TOKENS}{token.pk}/revoke/")
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    response = client.post(f"{TOKENS}{token.pk}/revoke/", follow=True)
    assert "is revoked" in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert "Revoked" in client.get(TOKENS).content.decode()
    denied = api_client.get("/api/v1/brands/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert denied.status_code == 401


def test_revoke_needs_csrf(user, token_for):
    from django.test import Client

    token_for(user)
    token = ApiToken.objects.get(user=user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(f"{TOKENS}{token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


# Brand API keys


def _keys_url(brand) -> str:
    return f"/staff/{brand.slug}/settings/api-keys/"


def test_brand_settings_link_to_keys_and_webhooks(client, owner, brand):
    client.force_login(owner)
    page = client.get(f"/staff/{brand.slug}/settings/").content.decode()
    assert _keys_url(brand) in page
    assert f"/staff/{brand.slug}/settings/webhooks/" in page


@pytest.mark.parametrize("role", ["manager", "moderator", None])
def test_brand_keys_page_is_for_owners_only(client, brand, user, role):
    if role:
        Membership.objects.create(brand=brand, user=user, role=role)
    client.force_login(user)
    assert client.get(_keys_url(brand)).status_code == 403
    response = client.post(_keys_url(brand), {"name": "x", "role": "manager"})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_owner_creates_lists_and_revokes_a_brand_key(client, owner, brand):
    client.force_login(owner)
    response = client.post(_keys_url(brand), {"name": "Helpdesk", "role": "manager"}, follow=True)
    secret = _secret_on(response.content.decode())
    key = ApiToken.objects.get(brand=brand)
    assert key.key_hash == hash_secret(secret)
    assert key.user.is_service_account
    assert key.created_by == owner
    assert Membership.objects.get(brand=brand, user=key.user).role == Role.MANAGER
    assert secret not in client.get(response.redirect_chain[-1][0]).content.decode()
    listing = client.get(_keys_url(brand)).content.decode()
    assert "Helpdesk" in listing
    assert "Manager" in listing
    # Not a person: not on the public team, not in the Wagtail editors group.
    assert key.user not in [m.user for m in team_for_brand(brand=brand)]
    assert not key.user.groups.exists()
    client.post(f"{_keys_url(brand)}{key.pk}/revoke/")
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert not Membership.objects.filter(user=key.user).exists()


def test_brand_key_needs_a_valid_role(client, owner, brand):
    client.force_login(owner)
    response = client.post(_keys_url(brand), {"name": "Helpdesk", "role": "owner"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_brand_page_team_hides_service_accounts(client, owner, brand):
    client.force_login(owner)
    client.post(_keys_url(brand), {"name": "Helpdesk", "role": "manager"})
    page = client.get(brand.page.url).content.decode()
    assert "Helpdesk" not in page


# Command


def test_create_api_token_command_prints_the_secret_once(user):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", user.username, "--name", "ci", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(user=user)
    assert token.name == "ci"
    assert token.key_hash == hash_secret(secret)
    assert "cannot be shown again" in err.getvalue()


def test_create_api_token_command_unknown_user(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_token", "nobody")
