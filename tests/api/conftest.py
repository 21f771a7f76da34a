"""Shared by every API test: a DRF client and bearer tokens made through the service."""

import pytest
from rest_framework.test import APIClient

from api.services import create_personal_token


def token_for(user, name: str = "tests") -> str:
    """A fresh personal token's secret for ``user`` (made through the service)."""
    _token, secret = create_personal_token(user=user, name=name)
    return secret


def bearer(user, name: str = "tests") -> dict:
    """Headers for ``APIClient`` calls: ``client.get(url, **bearer(user))``."""
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user, name)}"}


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def authed_client(db):
    """``authed_client(user)`` → an ``APIClient`` sending that user's bearer token."""

    def make(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        return client

    return make


@pytest.fixture(name="token_for")
def token_for_fixture(db):
    return token_for


@pytest.fixture(name="bearer")
def bearer_fixture(db):
    return bearer
