"""POST /api/v1/ideas/ and PATCH /api/v1/ideas/{id}/, with the site's rules and errors."""

from datetime import timedelta

import pytest

from brands.models import Brand
from ideas.models import Idea, Moderation, Vote
from search.models import IndexEntry
from tests.api.conftest import bearer
from tests.factories import IdeaFactory, UserFactory, make_challenge

LIST = "/api/v1/ideas/"
GOOD = {"title": "Refill stations in every shop", "body": "Bring your own jars and save."}

pytestmark = pytest.mark.django_db


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code, error
    assert set(error) == {"code", "message", "fields"}
    return error


def test_submit_creates_the_idea_with_its_authors_vote(api_client, challenge, user):
    payload = {**GOOD, "challenge": challenge.pk, "tags": ["Glass", "refill", "glass"]}
    response = api_client.post(LIST, payload, format="json", **bearer(user))
    assert response.status_code == 201, response.content
    body = response.json()
    idea = Idea.objects.get(pk=body["id"])
    assert response["Location"] == body["url"]
    assert body["title"] == GOOD["title"] and body["tags"] == ["glass", "refill"]
    assert body["vote_count"] == 1 and body["viewer_has_voted"] is True
    assert body["author"] == user.public_name and body["is_public"] is True
    assert Vote.objects.filter(idea=idea, user=user).exists()


def test_submit_on_a_premoderated_brand_waits_for_approval(api_client, challenge, user):
    Brand.objects.filter(pk=challenge.brand_id).update(moderation_mode="pre")
    response = api_client.post(
        LIST, {**GOOD, "challenge": challenge.pk}, format="json", **bearer(user)
    )
    assert response.status_code == 201
    assert response.json()["is_public"] is False
    assert api_client.get(LIST).json()["results"] == []


def test_submit_without_credentials_is_401(api_client, challenge):
    response = api_client.post(LIST, {**GOOD, "challenge": challenge.pk}, format="json")
    _error(response, 401, "not_authenticated")
    assert Idea.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"title": "Hi", "body": "short"}, {"title", "body"}),
        ({"title": GOOD["title"]}, {"body"}),
        ({**GOOD, "tags": ["x" * 41]}, {"tags"}),
        ({**GOOD, "tags": [f"t{n}" for n in range(9)]}, {"tags"}),
        ({**GOOD, "tags": "not-a-list"}, {"tags"}),
    ],
)
def test_submit_with_bad_fields_is_400(api_client, challenge, user, payload, fields):
    response = api_client.post(
        LIST, {**payload, "challenge": challenge.pk}, format="json", **bearer(user)
    )
    error = _error(response, 400, "invalid")
    assert set(error["fields"]) == fields
    assert Idea.objects.count() == 0


def test_submit_to_an_unknown_or_unpublished_challenge_is_400(api_client, brand, user):
    draft = make_challenge(brand, title="Draft", live=False)
    for challenge_id in (draft.pk, 999999):
        response = api_client.post(
            LIST, {**GOOD, "challenge": challenge_id}, format="json", **bearer(user)
        )
        assert "challenge" in _error(response, 400, "invalid")["fields"]


@pytest.mark.parametrize(
    ("opens_in", "closes_in"),
    [(timedelta(days=-30), timedelta(days=-1)), (timedelta(days=2), timedelta(days=30))],
)
def test_submit_to_a_closed_or_upcoming_challenge_is_422(
    api_client, brand, user, opens_in, closes_in
):
    closed = make_challenge(brand, opens_in=opens_in, closes_in=closes_in)
    response = api_client.post(
        LIST, {**GOOD, "challenge": closed.pk}, format="json", **bearer(user)
    )
    _error(response, 422, "not_allowed_now")


def test_malformed_json_is_400(api_client, user):
    response = api_client.post(
        LIST, data="{not json", content_type="application/json", **bearer(user)
    )
    _error(response, 400, "parse_error")


def test_a_body_over_the_upload_limit_is_413(api_client, challenge, user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    payload = {"challenge": challenge.pk, "title": GOOD["title"], "body": "x" * 2000}
    response = api_client.post(LIST, payload, format="json", **bearer(user))
    _error(response, 413, "too_large")
    assert Idea.objects.count() == 0


def test_write_rate_limit_is_429_with_retry_after(api_client, challenge, user, settings):
    settings.API_WRITE_RATE_USER = "2/min"
    headers = bearer(user)
    for _ in range(2):
        api_client.post(LIST, {"challenge": challenge.pk}, format="json", **headers)
    response = api_client.post(LIST, {"challenge": challenge.pk}, format="json", **headers)
    _error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


class TestCsrf:
    """A browser session may use the API, but only with the CSRF token (like a form)."""

    @pytest.fixture
    def session_client(self, user):
        from rest_framework.test import APIClient

        client = APIClient(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    def test_session_post_without_csrf_token_is_403(self, session_client, challenge):
        response = session_client.post(LIST, {**GOOD, "challenge": challenge.pk}, format="json")
        assert _error(response, 403, "permission_denied")["message"].startswith("CSRF")
        assert Idea.objects.count() == 0

    def test_session_post_with_csrf_token_is_accepted(self, session_client, challenge):
        secret = "a" * 32
        session_client.cookies["csrftoken"] = secret
        response = session_client.post(
            LIST, {**GOOD, "challenge": challenge.pk}, format="json", HTTP_X_CSRFTOKEN=secret
        )
        assert response.status_code == 201, response.content

    def test_session_reads_need_no_token(self, session_client, idea):
        assert session_client.get(f"{LIST}{idea.pk}/").status_code == 200


class TestEdit:
    def url(self, idea) -> str:
        return f"{LIST}{idea.pk}/"

    def test_author_edits_title_body_and_tags(self, api_client, idea):
        before = idea.updated_at
        response = api_client.patch(
            self.url(idea),
            {"title": "A better title here", "body": "Now with *emphasis*.", "tags": ["New"]},
            format="json",
            **bearer(idea.author),
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["title"] == "A better title here"
        assert "<em>emphasis</em>" in body["body_html"]
        assert body["tags"] == ["new"]
        idea.refresh_from_db()
        assert idea.updated_at > before and idea.slug == "a-better-title-here"
        assert IndexEntry.objects.filter(kind="idea", object_id=idea.pk).exists()

    def test_fields_left_out_stay(self, api_client, idea):
        idea.tags.set(["keep"])
        response = api_client.patch(
            self.url(idea), {"body": "Only the body changes."}, format="json", **bearer(idea.author)
        )
        assert response.json()["title"] == idea.title and response.json()["tags"] == ["keep"]

    def test_someone_else_is_403(self, api_client, idea):
        response = api_client.patch(
            self.url(idea), {"title": "Hijacked title"}, format="json", **bearer(UserFactory())
        )
        _error(response, 403, "permission_denied")

    def test_brand_staff_cannot_edit_either(self, api_client, idea, manager):
        response = api_client.patch(
            self.url(idea), {"title": "Staff rewrite"}, format="json", **bearer(manager)
        )
        _error(response, 403, "permission_denied")

    def test_anonymous_is_401(self, api_client, idea):
        response = api_client.patch(self.url(idea), {"title": "Anonymous"}, format="json")
        _error(response, 401, "not_authenticated")

    def test_bad_fields_are_400(self, api_client, idea):
        response = api_client.patch(
            self.url(idea), {"title": "x"}, format="json", **bearer(idea.author)
        )
        assert set(_error(response, 400, "invalid")["fields"]) == {"title"}

    def test_closed_challenge_is_422(self, api_client, brand):
        closed = make_challenge(brand, opens_in=timedelta(days=-9), closes_in=timedelta(days=-1))
        idea = IdeaFactory(challenge=closed)
        response = api_client.patch(
            self.url(idea), {"title": "Too late now"}, format="json", **bearer(idea.author)
        )
        _error(response, 422, "not_allowed_now")

    def test_merged_idea_is_409(self, api_client, idea):
        target = IdeaFactory(challenge=idea.challenge)
        Idea.objects.filter(pk=idea.pk).update(merged_into=target)
        response = api_client.patch(
            self.url(idea), {"title": "After the merge"}, format="json", **bearer(idea.author)
        )
        _error(response, 409, "merged")

    def test_hidden_idea_is_422_for_its_author_and_404_for_others(self, api_client, idea):
        Idea.objects.filter(pk=idea.pk).update(is_public=False, moderation=Moderation.HIDDEN)
        response = api_client.patch(
            self.url(idea), {"title": "Sneaky rewrite"}, format="json", **bearer(idea.author)
        )
        _error(response, 422, "hidden")
        other = api_client.patch(
            self.url(idea), {"title": "Sneaky rewrite"}, format="json", **bearer(UserFactory())
        )
        _error(other, 404, "not_found")
