"""Every API error has the shape {"error": {"code", "message", "fields"}} and its status."""

import pytest
from django.test import override_settings

from api.services import create_brand_api_key
from ideas.roadmap import Status

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["fields"], dict)
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]


def test_400_names_the_fields(api_client):
    error = assert_error(api_client.get("/api/v1/challenges/?open=yes"), 400, "invalid")
    assert list(error["fields"]) == ["open"]
    assert isinstance(error["fields"]["open"], list)


def test_400_on_malformed_json(api_client, user, bearer):
    response = api_client.post(
        "/api/v1/ideas/", "{not json", content_type="application/json", **bearer(user)
    )
    assert_error(response, 400, "parse_error")


def test_401(api_client):
    response = api_client.get("/api/v1/brands/", HTTP_AUTHORIZATION="Bearer nope")
    assert_error(response, 401, "authentication_failed")


def test_403(api_client, owner, brand, idea):
    _key, secret = create_brand_api_key(actor=owner, brand=brand, name="m", role="moderator")
    response = api_client.post(
        f"/api/v1/ideas/{idea.pk}/status",
        {"status": Status.PLANNED},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert_error(response, 403, "permission_denied")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/brands/unknown/",
        "/api/v1/brands/unknown/roadmap/",
        "/api/v1/challenges/424242/",
        "/api/v1/nope",
        "/api/v1/nope/deeper/",
        "/api/v1/challenges/999999999999999999999999/",
    ],
)
def test_404(api_client, url):
    assert_error(api_client.get(url), 404, "not_found")


def test_404_on_writes_to_unknown_urls(api_client):
    assert_error(api_client.post("/api/v1/nope", {}, format="json"), 404, "not_found")


def test_405(api_client, brand):
    response = api_client.delete(f"/api/v1/brands/{brand.slug}/")
    assert_error(response, 405, "method_not_allowed")


def test_406_on_unsupported_format(api_client):
    response = api_client.get("/api/v1/brands/", HTTP_ACCEPT="application/xml")
    assert_error(response, 406, "not_acceptable")


def test_413_on_a_body_too_large(api_client, user, bearer, idea):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
        response = api_client.post(
            f"/api/v1/ideas/{idea.pk}/comments/",
            {"body": "x" * 1000},
            format="json",
            **bearer(user),
        )
    assert_error(response, 413, "too_large")


def test_415_on_a_form_body(api_client, user, bearer, idea):
    response = api_client.post(
        f"/api/v1/ideas/{idea.pk}/comments/", {"body": "x"}, format="multipart", **bearer(user)
    )
    assert_error(response, 415, "unsupported_media_type")


def test_422_when_a_rule_refuses(api_client, owner, brand, idea, bearer):
    response = api_client.post(
        f"/api/v1/ideas/{idea.pk}/status",
        {"status": Status.SHIPPED},
        format="json",
        **bearer(owner),
    )
    error = assert_error(response, 422)
    assert error["code"] == "transition_not_allowed"


def test_409_on_a_conflict(api_client, owner, brand, challenge, bearer):
    from tests.factories import IdeaFactory

    source, target, third = (IdeaFactory(challenge=challenge) for _ in range(3))
    headers = bearer(owner)
    first = api_client.post(
        f"/api/v1/ideas/{source.pk}/merge", {"into": target.pk}, format="json", **headers
    )
    assert first.status_code == 200, first.content
    again = api_client.post(
        f"/api/v1/ideas/{source.pk}/merge", {"into": third.pk}, format="json", **headers
    )
    assert_error(again, 409)


def test_429_has_the_shape_and_retry_after(api_client, user, bearer, idea, settings):
    settings.API_WRITE_RATE_USER = "1/min"
    headers = bearer(user)
    url = f"/api/v1/ideas/{idea.pk}/comments/"
    assert (
        api_client.post(url, {"body": "First comment"}, format="json", **headers).status_code == 201
    )
    response = api_client.post(url, {"body": "Second comment"}, format="json", **headers)
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_500_has_the_shape(api_client, monkeypatch, db):
    from api.views import brands

    def boom():
        raise RuntimeError("boom")

    monkeypatch.setattr(brands, "public_brands", boom)
    client = api_client
    client.raise_request_exception = False
    assert_error(client.get("/api/v1/brands/"), 500, "server_error")
