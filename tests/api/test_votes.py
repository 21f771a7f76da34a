"""PUT and DELETE /api/v1/ideas/{id}/vote: idempotent, with the site's voting rules."""

from datetime import timedelta

import pytest

from ideas.models import Idea, Moderation, Vote
from tests.api.conftest import bearer
from tests.factories import IdeaFactory, UserFactory, make_challenge

pytestmark = pytest.mark.django_db


def vote_url(idea) -> str:
    return f"/api/v1/ideas/{idea.pk}/vote"


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code, error
    return error


def test_put_votes_once_however_often_it_is_sent(api_client, idea):
    headers = bearer(UserFactory())
    first = api_client.put(vote_url(idea), **headers)
    second = api_client.put(vote_url(idea), **headers)
    assert first.status_code == second.status_code == 200
    assert first.json() == {"idea": idea.pk, "vote_count": 2, "viewer_has_voted": True}
    assert second.json() == first.json()
    assert Vote.objects.filter(idea=idea).count() == 2  # the author's and this one
    idea.refresh_from_db()
    assert idea.vote_count == 2


def test_delete_is_204_every_time(api_client, idea):
    voter = UserFactory()
    headers = bearer(voter)
    api_client.put(vote_url(idea), **headers)
    first = api_client.delete(vote_url(idea), **headers)
    second = api_client.delete(vote_url(idea), **headers)
    assert first.status_code == second.status_code == 204
    assert first.content == b""
    assert not Vote.objects.filter(idea=idea, user=voter).exists()
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_detail_shows_the_vote(api_client, idea):
    headers = bearer(UserFactory())
    api_client.put(vote_url(idea), **headers)
    assert api_client.get(f"/api/v1/ideas/{idea.pk}/", **headers).json()["viewer_has_voted"]


@pytest.mark.parametrize("method", ["put", "delete"])
def test_anonymous_is_401(api_client, idea, method):
    _error(getattr(api_client, method)(vote_url(idea)), 401, "not_authenticated")


@pytest.mark.parametrize("method", ["put", "delete"])
def test_revoked_or_wrong_token_is_401(api_client, idea, method):
    response = getattr(api_client, method)(vote_url(idea), HTTP_AUTHORIZATION="Bearer nope")
    _error(response, 401, "authentication_failed")


def test_unknown_or_hidden_idea_is_404(api_client, idea):
    headers = bearer(UserFactory())
    _error(api_client.put("/api/v1/ideas/999999/vote", **headers), 404, "not_found")
    Idea.objects.filter(pk=idea.pk).update(is_public=False, moderation=Moderation.HIDDEN)
    _error(api_client.put(vote_url(idea), **headers), 404, "not_found")


def test_a_pending_idea_its_author_sees_is_not_open_for_votes(api_client, idea):
    Idea.objects.filter(pk=idea.pk).update(is_public=False, moderation=Moderation.PENDING)
    _error(api_client.put(vote_url(idea), **bearer(idea.author)), 403, "permission_denied")


def test_closed_challenge_is_422(api_client, brand):
    closed = make_challenge(brand, opens_in=timedelta(days=-9), closes_in=timedelta(days=-1))
    idea = IdeaFactory(challenge=closed)
    _error(api_client.put(vote_url(idea), **bearer(UserFactory())), 422, "not_allowed_now")


def test_vote_budget_exhausted_is_422_and_repeating_a_vote_is_still_fine(api_client, brand):
    challenge = make_challenge(brand, vote_budget=1)
    first, second = IdeaFactory(challenge=challenge), IdeaFactory(challenge=challenge)
    headers = bearer(UserFactory())
    assert api_client.put(vote_url(first), **headers).status_code == 200
    _error(api_client.put(vote_url(second), **headers), 422, "vote_budget_exhausted")
    assert api_client.put(vote_url(first), **headers).status_code == 200
    assert api_client.delete(vote_url(first), **headers).status_code == 204
    assert api_client.put(vote_url(second), **headers).status_code == 200


def test_voting_on_a_merged_idea_is_409(api_client, idea):
    target = IdeaFactory(challenge=idea.challenge)
    Idea.objects.filter(pk=idea.pk).update(merged_into=target)
    _error(api_client.put(vote_url(idea), **bearer(UserFactory())), 409, "merged")


def test_get_is_405_in_the_error_shape(api_client, idea):
    response = api_client.get(vote_url(idea), **bearer(UserFactory()))
    _error(response, 405, "method_not_allowed")


def test_vote_query_counts_are_fixed(api_client, idea, django_assert_num_queries):
    """Token, idea, then the vote's own statements inside its transaction (a savepoint
    here, BEGIN/COMMIT in production): a new vote inserts the vote, moves the counter and
    the score in one UPDATE … RETURNING and follows the idea; a repeated one stops at the
    INSERT that found the vote."""
    headers = bearer(UserFactory())
    api_client.put(vote_url(idea), **headers)
    api_client.delete(vote_url(idea), **headers)
    with django_assert_num_queries(7):
        assert api_client.put(vote_url(idea), **headers).status_code == 200
    with django_assert_num_queries(5):
        assert api_client.put(vote_url(idea), **headers).status_code == 200
    with django_assert_num_queries(6):
        assert api_client.delete(vote_url(idea), **headers).status_code == 204
    with django_assert_num_queries(5):
        assert api_client.delete(vote_url(idea), **headers).status_code == 204
