"""Bearer tokens, session + CSRF, and brand API keys acting as the brand's staff."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import create_brand_api_key, revoke_token
from brands.models import Membership
from ideas.roadmap import Status

pytestmark = pytest.mark.django_db

ME = "/api/v1/ideas/"


def _status_url(idea) -> str:
    return f"/api/v1/ideas/{idea.pk}/status"


def _brand_key(owner, brand, role: str) -> tuple[ApiToken, APIClient]:
    key, secret = create_brand_api_key(actor=owner, brand=brand, name=f"{role} key", role=role)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return key, client


def test_bearer_token_authenticates_and_records_last_use(api_client, user, token_for, idea):
    secret = token_for(user)
    response = api_client.post(
        f"/api/v1/ideas/{idea.pk}/comments/",
        {"body": "Me too"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201, response.content
    assert ApiToken.objects.get(user=user).last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer cc_wrong", "Bearer ", "Bearer two words", "bearer cc_wrong"],
)
def test_bad_token_is_401_with_a_challenge(api_client, db, header):
    response = api_client.get("/api/v1/brands/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["error"]["code"] == "authentication_failed"


def test_revoked_token_is_401(api_client, user, token_for):
    secret = token_for(user)
    revoke_token(actor=user, token=ApiToken.objects.get(user=user))
    response = api_client.get("/api/v1/brands/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert "WWW-Authenticate" in response


def test_no_credentials_on_a_write_is_401(api_client, idea):
    response = api_client.put(f"/api/v1/ideas/{idea.pk}/vote")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["error"]["code"] == "not_authenticated"


def test_inactive_user_token_is_401(api_client, user, token_for):
    secret = token_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = api_client.get("/api/v1/brands/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401


def test_session_writes_need_csrf(user, idea):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    url = f"/api/v1/ideas/{idea.pk}/comments/"
    refused = client.post(url, {"body": "Hi"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert "CSRF" in refused.json()["error"]["message"]
    client.get("/accounts/profile/")  # the site's pages set the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(url, {"body": "Hi"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content


def test_session_reads_need_no_csrf(user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(ME).status_code == 200


def test_manager_key_can_move_an_idea(owner, brand, idea):
    key, client = _brand_key(owner, brand, "manager")
    response = client.post(
        _status_url(idea), {"status": Status.PLANNED, "note": "Soon"}, format="json"
    )
    assert response.status_code == 200, response.content
    idea.refresh_from_db()
    assert idea.status == Status.PLANNED
    assert idea.status_changes.get().changed_by_id == key.user_id


def test_moderator_key_cannot_move_an_idea(owner, brand, idea):
    _key, client = _brand_key(owner, brand, "moderator")
    response = client.post(_status_url(idea), {"status": Status.PLANNED}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED


def test_key_of_another_brand_cannot_move_an_idea(idea):
    from tests.factories import BrandFactory, make_member

    other = BrandFactory(name="Other brand")
    _key, client = _brand_key(make_member(other, "owner"), other, "manager")
    response = client.post(_status_url(idea), {"status": Status.PLANNED}, format="json")
    assert response.status_code in (403, 404)


def test_revoked_brand_key_loses_its_seat(owner, brand, idea):
    key, client = _brand_key(owner, brand, "manager")
    revoke_token(actor=owner, token=key)
    assert not Membership.objects.filter(user=key.user).exists()
    response = client.post(_status_url(idea), {"status": Status.PLANNED}, format="json")
    assert response.status_code == 401
    key.user.refresh_from_db()
    assert not key.user.is_active


def test_only_owners_create_brand_keys(manager, brand):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        create_brand_api_key(actor=manager, brand=brand, name="x", role="manager")


def test_last_used_is_written_at_most_once_a_minute(api_client, user, token_for):
    secret = token_for(user)
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    api_client.get("/api/v1/brands/", **header)
    first = ApiToken.objects.get(user=user).last_used_at
    api_client.get("/api/v1/brands/", **header)
    assert ApiToken.objects.get(user=user).last_used_at == first
    assert first <= timezone.now()
