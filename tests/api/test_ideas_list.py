"""GET /api/v1/ideas/ and GET /api/v1/ideas/{id}/: filters, sorts, cursor, visibility, queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import Moderation, Vote
from ideas.ranking import hot_score
from tests.api.conftest import bearer
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge

LIST = "/api/v1/ideas/"

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


def _walk(client, url: str, **headers) -> list[int]:
    seen: list[int] = []
    while url:
        response = client.get(url, **headers)
        assert response.status_code == 200, response.content
        seen += _ids(response)
        url = response.json()["next"]
    return seen


def test_an_idea_object_carries_every_documented_field(api_client, idea):
    idea.tags.set(["refill", "glass"])
    response = api_client.get(LIST, {"challenge": idea.challenge_id})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results", "next"} and body["next"] is None
    [item] = body["results"]
    assert item["id"] == idea.pk
    assert item["url"] == f"http://testserver/api/v1/ideas/{idea.pk}/"
    assert item["web_url"].startswith("http://testserver/")
    assert item["title"] == idea.title
    assert item["body"] == idea.body and "<strong>save</strong>" in item["body_html"]
    assert item["status"] == "submitted"
    assert item["vote_count"] == 1 and item["comment_count"] == 0
    assert item["tags"] == ["glass", "refill"]
    assert item["author"] == idea.author.public_name
    assert item["challenge"] == {
        "id": idea.challenge_id,
        "title": idea.challenge.title,
        "url": f"http://testserver/api/v1/challenges/{idea.challenge_id}/",
    }
    assert item["brand"] == {
        "slug": idea.brand.slug,
        "name": idea.brand.name,
        "url": f"http://testserver/api/v1/brands/{idea.brand.slug}/",
    }
    assert item["viewer_has_voted"] is False
    for field in ("created_at", "updated_at", "is_public", "merged_into"):
        assert field in item


def test_viewer_has_voted_follows_the_token(api_client, idea):
    voter = UserFactory()
    Vote.objects.create(user=voter, idea=idea, challenge=idea.challenge)
    other = IdeaFactory(challenge=idea.challenge)
    response = api_client.get(LIST, {"challenge": idea.challenge_id}, **bearer(voter))
    voted = {item["id"]: item["viewer_has_voted"] for item in response.json()["results"]}
    assert voted == {idea.pk: True, other.pk: False}
    own = api_client.get(LIST, {"challenge": idea.challenge_id}, **bearer(other.author))
    assert {i["id"]: i["viewer_has_voted"] for i in own.json()["results"]}[other.pk] is True


def test_filters_by_challenge_brand_status_tag_and_text(api_client, challenge):
    other_challenge = make_challenge(BrandFactory(), title="Other one")
    a = IdeaFactory(challenge=challenge, title="Glass bottles everywhere")
    b = IdeaFactory(challenge=challenge, status="planned")
    c = IdeaFactory(challenge=other_challenge)
    a.tags.set(["glass"])
    assert sorted(_ids(api_client.get(LIST, {"challenge": challenge.pk}))) == [a.pk, b.pk]
    assert _ids(api_client.get(LIST, {"brand": c.brand.slug})) == [c.pk]
    assert _ids(api_client.get(LIST, {"status": "planned"})) == [b.pk]
    assert _ids(api_client.get(LIST, {"tag": "glass"})) == [a.pk]
    assert _ids(api_client.get(LIST, {"q": "BOTTLES"})) == [a.pk]
    assert _ids(api_client.get(LIST, {"challenge": challenge.pk, "q": "nothing"})) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "oldest"}, "sort"),
        ({"status": "nope"}, "status"),
        ({"challenge": "x"}, "challenge"),
    ],
)
def test_bad_filters_are_400_with_the_field(api_client, params, field):
    response = api_client.get(LIST, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]


def test_sorts(api_client, challenge):
    now = timezone.now()
    old_popular = IdeaFactory(
        challenge=challenge,
        created_at=now - timedelta(days=30),
        vote_count=50,
        hot_score=hot_score(50, now - timedelta(days=30)),
    )
    fresh = IdeaFactory(challenge=challenge, created_at=now, hot_score=hot_score(5, now))
    middle = IdeaFactory(
        challenge=challenge,
        created_at=now - timedelta(days=1),
        vote_count=3,
        hot_score=hot_score(3, now - timedelta(days=1)),
    )

    def order(sort):
        return _ids(api_client.get(LIST, {"challenge": challenge.pk, "sort": sort}))

    assert order("new") == [fresh.pk, middle.pk, old_popular.pk]
    assert order("top") == [old_popular.pk, middle.pk, fresh.pk]
    assert order("trending") == sorted(
        [fresh.pk, middle.pk, old_popular.pk],
        key=lambda pk: (
            -{fresh.pk: fresh, middle.pk: middle, old_popular.pk: old_popular}[pk].hot_score
        ),
    )


def test_lists_leave_out_pending_hidden_and_unpublished_challenges(api_client, challenge, user):
    shown = IdeaFactory(challenge=challenge)
    IdeaFactory(challenge=challenge, is_public=False, moderation=Moderation.PENDING, author=user)
    IdeaFactory(challenge=challenge, is_public=False, moderation=Moderation.HIDDEN)
    IdeaFactory(challenge=make_challenge(challenge.brand, title="Draft", live=False))
    assert _ids(api_client.get(LIST)) == [shown.pk]
    # As on the web lists, even the author sees a pending idea on its page only.
    assert _ids(api_client.get(LIST, **bearer(user))) == [shown.pk]


@pytest.mark.parametrize("sort", ["trending", "top", "new"])
def test_cursor_walks_every_idea_once(api_client, challenge, sort):
    ideas = [IdeaFactory(challenge=challenge, vote_count=n % 3) for n in range(13)]
    seen = _walk(api_client, f"{LIST}?challenge={challenge.pk}&sort={sort}&page_size=5")
    assert sorted(seen) == sorted(idea.pk for idea in ideas)
    assert len(seen) == len(set(seen))


def test_cursor_is_stable_when_an_idea_is_added_between_pages(api_client, challenge):
    ideas = [IdeaFactory(challenge=challenge) for _ in range(6)]
    first = api_client.get(LIST, {"challenge": challenge.pk, "sort": "new", "page_size": 3})
    newest = IdeaFactory(challenge=challenge)
    rest = _walk(api_client, first.json()["next"])
    seen = _ids(first) + rest
    assert sorted(seen) == sorted(idea.pk for idea in ideas)
    assert newest.pk not in seen


def test_page_size_is_capped(api_client, challenge):
    IdeaFactory.create_batch(3, challenge=challenge)
    response = api_client.get(LIST, {"page_size": 1})
    assert len(response.json()["results"]) == 1 and response.json()["next"]


def _list_queries(client, challenge, headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"challenge": challenge.pk, "page_size": 50}, **headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_list_query_count_is_fixed(api_client, challenge, signed_in):
    viewer = UserFactory()
    headers = bearer(viewer) if signed_in else {}
    for n in range(5):
        IdeaFactory(challenge=challenge).tags.set([f"tag{n}", "shared"])
    _list_queries(api_client, challenge, headers)  # the token's last_used_at is written once
    small = _list_queries(api_client, challenge, headers)
    for n in range(35):
        idea = IdeaFactory(challenge=challenge)
        idea.tags.set([f"more{n}"])
        Vote.objects.create(user=viewer, idea=idea, challenge=challenge)
    assert _list_queries(api_client, challenge, headers) == small
    # The page itself and its tags, plus the token lookup when signed in.
    assert small == (3 if signed_in else 2)


def test_detail(api_client, idea):
    response = api_client.get(f"{LIST}{idea.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] == idea.pk and response.json()["viewer_has_voted"] is False
    mine = api_client.get(f"{LIST}{idea.pk}/", **bearer(idea.author))
    assert mine.json()["viewer_has_voted"] is True


def test_detail_query_count_is_fixed(api_client, idea):
    headers = bearer(idea.author)
    api_client.get(f"{LIST}{idea.pk}/", **headers)
    with CaptureQueriesContext(connection) as few:
        api_client.get(f"{LIST}{idea.pk}/", **headers)
    idea.tags.set([f"t{n}" for n in range(8)])
    for _ in range(10):
        Vote.objects.create(user=UserFactory(), idea=idea, challenge=idea.challenge)
    with CaptureQueriesContext(connection) as many:
        api_client.get(f"{LIST}{idea.pk}/", **headers)
    assert len(few) == len(many) == 4  # token, the viewer's brand roles, idea, tags


def test_detail_of_unknown_idea_is_404_json(api_client):
    response = api_client.get(f"{LIST}999999/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_hidden_idea_is_404_to_others_but_open_to_author_and_staff(api_client, challenge, manager):
    author = UserFactory()
    hidden = IdeaFactory(
        challenge=challenge, author=author, is_public=False, moderation=Moderation.HIDDEN
    )
    url = f"{LIST}{hidden.pk}/"
    assert api_client.get(url).status_code == 404
    assert api_client.get(url, **bearer(UserFactory())).status_code == 404
    assert api_client.get(url, **bearer(author)).status_code == 200
    assert api_client.get(url, **bearer(manager)).json()["is_public"] is False


def test_bad_token_is_401_even_on_reads(api_client, idea):
    response = api_client.get(LIST, HTTP_AUTHORIZATION="Bearer not-a-real-token")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert response["WWW-Authenticate"].startswith("Bearer")
