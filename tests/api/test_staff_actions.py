"""POST /api/v1/ideas/{id}/status and /merge: brand staff only, the pipeline's rules."""

import pytest

from api.services import create_brand_api_key
from ideas.models import Idea, Merge, StatusChange, Vote
from tests.api.conftest import bearer
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge

pytestmark = pytest.mark.django_db


def status_url(idea) -> str:
    return f"/api/v1/ideas/{idea.pk}/status"


def merge_url(idea) -> str:
    return f"/api/v1/ideas/{idea.pk}/merge"


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code, error
    return error


class TestStatus:
    def test_manager_moves_an_idea_with_a_public_note(self, api_client, idea, manager):
        response = api_client.post(
            status_url(idea),
            {"status": "planned", "note": "On it."},
            format="json",
            **bearer(manager),
        )
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "planned"
        change = StatusChange.objects.get(idea=idea)
        assert (change.from_status, change.to_status, change.note) == (
            "submitted",
            "planned",
            "On it.",
        )
        assert change.changed_by == manager

    def test_a_brand_api_key_acts_as_its_role(self, api_client, idea, owner):
        _key, secret = create_brand_api_key(
            actor=owner, brand=idea.brand, name="CRM", role="manager"
        )
        response = api_client.post(
            status_url(idea),
            {"status": "under_review"},
            format="json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        assert response.status_code == 200, response.content

    @pytest.mark.parametrize("who", ["customer", "author", "moderator", "other_brand_manager"])
    def test_others_are_403(self, api_client, idea, moderator, who):
        from brands.models import Role
        from tests.factories import make_member

        user = {
            "customer": UserFactory,
            "author": lambda: idea.author,
            "moderator": lambda: moderator,
            "other_brand_manager": lambda: make_member(BrandFactory(), Role.MANAGER),
        }[who]()
        response = api_client.post(
            status_url(idea), {"status": "planned"}, format="json", **bearer(user)
        )
        _error(response, 403, "permission_denied")
        idea.refresh_from_db()
        assert idea.status == "submitted"

    def test_anonymous_is_401(self, api_client, idea):
        _error(
            api_client.post(status_url(idea), {"status": "planned"}, format="json"),
            401,
            "not_authenticated",
        )

    def test_unknown_status_is_400(self, api_client, idea, manager):
        response = api_client.post(
            status_url(idea), {"status": "done"}, format="json", **bearer(manager)
        )
        assert "status" in _error(response, 400, "invalid")["fields"]

    def test_declining_without_a_note_is_400_on_note(self, api_client, idea, manager):
        response = api_client.post(
            status_url(idea), {"status": "declined"}, format="json", **bearer(manager)
        )
        assert "note" in _error(response, 400, "invalid")["fields"]

    def test_a_move_the_pipeline_does_not_allow_is_422(self, api_client, idea, manager):
        response = api_client.post(
            status_url(idea), {"status": "shipped"}, format="json", **bearer(manager)
        )
        _error(response, 422, "transition_not_allowed")
        assert not StatusChange.objects.filter(idea=idea).exists()

    def test_unknown_idea_is_404(self, api_client, manager):
        response = api_client.post(
            "/api/v1/ideas/999999/status", {"status": "planned"}, format="json", **bearer(manager)
        )
        _error(response, 404, "not_found")


class TestMerge:
    @pytest.fixture
    def pair(self, challenge):
        return IdeaFactory(challenge=challenge), IdeaFactory(challenge=challenge)

    def test_manager_merges_and_votes_move(self, api_client, pair, manager):
        source, target = pair
        voter = UserFactory()
        Vote.objects.create(user=voter, idea=source, challenge=source.challenge)
        response = api_client.post(
            merge_url(source), {"into": target.pk}, format="json", **bearer(manager)
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "duplicate" and body["merged_into"] == target.pk
        assert Merge.objects.filter(source=source, target=target).exists()
        assert Vote.objects.filter(idea=target, user=voter).exists()

    def test_merging_an_idea_already_merged_is_409(self, api_client, pair, manager, challenge):
        source, target = pair
        headers = bearer(manager)
        api_client.post(merge_url(source), {"into": target.pk}, format="json", **headers)
        third = IdeaFactory(challenge=challenge)
        response = api_client.post(merge_url(source), {"into": third.pk}, format="json", **headers)
        _error(response, 409, "already_merged")

    def test_merging_into_a_merged_idea_is_409(self, api_client, pair, manager, challenge):
        source, target = pair
        headers = bearer(manager)
        api_client.post(merge_url(target), {"into": source.pk}, format="json", **headers)
        third = IdeaFactory(challenge=challenge)
        response = api_client.post(merge_url(third), {"into": target.pk}, format="json", **headers)
        error = _error(response, 409, "target_merged")
        assert f"#{source.pk}" in error["message"]

    def test_bad_targets_are_400(self, api_client, pair, manager):
        source, _target = pair
        headers = bearer(manager)
        foreign = IdeaFactory(challenge=make_challenge(BrandFactory(), title="Elsewhere"))
        for into in (source.pk, 999999, foreign.pk, "x"):
            response = api_client.post(merge_url(source), {"into": into}, format="json", **headers)
            assert "into" in _error(response, 400, "invalid")["fields"], into
        assert (
            "into"
            in _error(
                api_client.post(merge_url(source), {}, format="json", **headers), 400, "invalid"
            )["fields"]
        )

    def test_a_customer_is_403(self, api_client, pair):
        source, target = pair
        response = api_client.post(
            merge_url(source), {"into": target.pk}, format="json", **bearer(source.author)
        )
        _error(response, 403, "permission_denied")
        assert Idea.objects.get(pk=source.pk).merged_into_id is None

    def test_a_moderator_cannot_merge(self, api_client, pair, moderator):
        source, target = pair
        response = api_client.post(
            merge_url(source), {"into": target.pk}, format="json", **bearer(moderator)
        )
        _error(response, 403, "permission_denied")

    def test_anonymous_is_401(self, api_client, pair):
        source, target = pair
        _error(
            api_client.post(merge_url(source), {"into": target.pk}, format="json"),
            401,
            "not_authenticated",
        )
