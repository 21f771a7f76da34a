"""GET and POST /api/v1/ideas/{id}/comments/."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.models import Comment, Idea, Moderation
from tests.api.conftest import bearer
from tests.factories import CommentFactory, IdeaFactory, UserFactory, make_challenge

pytestmark = pytest.mark.django_db


def url(idea) -> str:
    return f"/api/v1/ideas/{idea.pk}/comments/"


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code, error
    return error


def test_list_is_oldest_first_with_replies(api_client, idea):
    top = CommentFactory(idea=idea, body="First!")
    reply = CommentFactory(idea=idea, parent=top)
    response = api_client.get(url(idea))
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    assert [c["id"] for c in body["results"]] == [top.pk, reply.pk]
    first = body["results"][0]
    assert first["author"] == top.author.public_name and first["parent"] is None
    assert first["body_html"] and first["is_official"] is False
    assert body["results"][1]["parent"] == top.pk


def test_cursor_walks_every_comment_once(api_client, idea):
    comments = CommentFactory.create_batch(7, idea=idea)
    seen, next_url = [], f"{url(idea)}?page_size=3"
    while next_url:
        page = api_client.get(next_url).json()
        seen += [c["id"] for c in page["results"]]
        next_url = page["next"]
    assert seen == [c.pk for c in comments]


def test_a_hidden_comment_shows_to_its_author_only(api_client, idea):
    hidden = CommentFactory(idea=idea, is_public=False, moderation_note="Off topic")
    assert api_client.get(url(idea)).json()["results"] == []
    mine = api_client.get(url(idea), **bearer(hidden.author)).json()["results"]
    assert [(c["id"], c["is_public"]) for c in mine] == [(hidden.pk, False)]


def test_list_query_count_is_fixed(api_client, idea):
    CommentFactory.create_batch(2, idea=idea)
    with CaptureQueriesContext(connection) as few:
        api_client.get(url(idea))
    CommentFactory.create_batch(20, idea=idea)
    with CaptureQueriesContext(connection) as many:
        api_client.get(url(idea))
    assert len(few) == len(many) == 2  # the idea, the page of comments with authors


def test_comments_of_a_hidden_idea_are_404(api_client, idea):
    Idea.objects.filter(pk=idea.pk).update(is_public=False, moderation=Moderation.HIDDEN)
    _error(api_client.get(url(idea)), 404, "not_found")
    _error(
        api_client.post(url(idea), {"body": "Hello"}, format="json", **bearer(UserFactory())),
        404,
        "not_found",
    )


def test_post_a_comment_and_a_reply(api_client, idea):
    user = UserFactory()
    headers = bearer(user)
    response = api_client.post(url(idea), {"body": "Love it"}, format="json", **headers)
    assert response.status_code == 201, response.content
    top = response.json()
    assert top["author"] == user.public_name and top["parent"] is None
    reply = api_client.post(
        url(idea), {"body": "Me too", "parent": top["id"]}, format="json", **headers
    )
    assert reply.status_code == 201 and reply.json()["parent"] == top["id"]
    idea.refresh_from_db()
    assert idea.comment_count == 2


def test_staff_comment_is_official(api_client, idea, manager):
    response = api_client.post(
        url(idea), {"body": "We read this."}, format="json", **bearer(manager)
    )
    assert response.json()["is_official"] is True


def test_post_errors(api_client, idea):
    headers = bearer(UserFactory())
    _error(api_client.post(url(idea), {"body": "Hi"}, format="json"), 401, "not_authenticated")
    error = _error(
        api_client.post(url(idea), {"body": "x"}, format="json", **headers), 400, "invalid"
    )
    assert "body" in error["fields"]
    other = CommentFactory(idea=IdeaFactory(challenge=idea.challenge))
    error = _error(
        api_client.post(url(idea), {"body": "Reply", "parent": other.pk}, format="json", **headers),
        400,
        "invalid",
    )
    assert "parent" in error["fields"]
    assert Comment.objects.filter(idea=idea).count() == 0


def test_comments_on_an_upcoming_challenge_are_422(api_client, brand):
    upcoming = make_challenge(brand, opens_in=timedelta(days=2), closes_in=timedelta(days=9))
    idea = IdeaFactory(challenge=upcoming)
    response = api_client.post(url(idea), {"body": "Early"}, format="json", **bearer(UserFactory()))
    _error(response, 422, "not_allowed_now")


def test_comments_stay_open_on_a_closed_challenge(api_client, brand):
    closed = make_challenge(brand, opens_in=timedelta(days=-9), closes_in=timedelta(days=-1))
    idea = IdeaFactory(challenge=closed)
    response = api_client.post(url(idea), {"body": "Late"}, format="json", **bearer(UserFactory()))
    assert response.status_code == 201
