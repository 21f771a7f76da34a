"""Writes are rate limited per token (or person) and per IP; reads are not."""

import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _comment(client, idea, n: int, **extra):
    return client.post(
        f"/api/v1/ideas/{idea.pk}/comments/",
        {"body": f"Comment number {n}"},
        format="json",
        **extra,
    )


def test_the_write_after_the_limit_is_429_with_retry_after(settings, idea, authed_client):
    settings.API_WRITE_RATE_USER = "3/min"
    client = authed_client(UserFactory())
    for n in range(3):
        assert _comment(client, idea, n).status_code == 201
    refused = _comment(client, idea, 3)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "throttled"


def test_reads_are_not_limited(settings, idea, authed_client):
    settings.API_WRITE_RATE_USER = "1/min"
    settings.API_WRITE_RATE_IP = "1/min"
    client = authed_client(UserFactory())
    assert _comment(client, idea, 0).status_code == 201
    assert _comment(client, idea, 1).status_code == 429
    for _ in range(5):
        assert client.get("/api/v1/brands/").status_code == 200
        assert client.get(f"/api/v1/ideas/{idea.pk}/comments/").status_code == 200


def test_each_token_has_its_own_budget(settings, idea, token_for):
    settings.API_WRITE_RATE_USER = "1/min"
    person = UserFactory()
    first, second = APIClient(), APIClient()
    first.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(person, 'one')}")
    second.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(person, 'two')}")
    assert _comment(first, idea, 0).status_code == 201
    assert _comment(first, idea, 1).status_code == 429
    assert _comment(second, idea, 2).status_code == 201


def test_the_ip_limit_covers_every_token_from_one_address(settings, idea, authed_client):
    settings.API_WRITE_RATE_IP = "2/min"
    clients = [authed_client(UserFactory()) for _ in range(3)]
    assert _comment(clients[0], idea, 0).status_code == 201
    assert _comment(clients[1], idea, 1).status_code == 201
    refused = _comment(clients[2], idea, 2)
    assert refused.status_code == 429
    assert "Retry-After" in refused
    other_address = _comment(clients[2], idea, 3, REMOTE_ADDR="203.0.113.9")
    assert other_address.status_code == 201
