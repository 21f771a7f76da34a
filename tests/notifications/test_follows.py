"""Following ideas: automatically by taking part, explicitly with the button, and opting out."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from brands.models import Role
from ideas import services
from notifications.models import Follow, FollowReason
from notifications.services import unfollow_idea
from tests.factories import IdeaFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


def reasons(idea) -> dict[int, str]:
    return dict(Follow.objects.filter(idea=idea, is_active=True).values_list("user_id", "reason"))


def test_author_voter_and_commenter_follow_automatically(challenge):
    author, voter, commenter = UserFactory(), UserFactory(), UserFactory()
    idea = services.submit_idea(
        author=author, challenge=challenge, title="Refill oil", body="Bring your own bottle"
    )
    services.cast_vote(user=voter, idea=idea)
    services.add_comment(idea=idea, author=commenter, body="Yes please")
    services.add_comment(idea=idea, author=voter, body="And vinegar")

    assert reasons(idea) == {
        author.pk: FollowReason.AUTHOR,
        voter.pk: FollowReason.VOTER,
        commenter.pk: FollowReason.COMMENTER,
    }


def test_an_unfollow_sticks_when_the_person_takes_part_again(idea):
    voter = UserFactory()
    services.cast_vote(user=voter, idea=idea)
    unfollow_idea(user=voter, idea=idea)
    services.withdraw_vote(user=voter, idea=idea)
    services.cast_vote(user=voter, idea=idea)
    services.add_comment(idea=idea, author=voter, body="Still here")

    assert voter.pk not in reasons(idea)
    assert Follow.objects.filter(user=voter, idea=idea).count() == 1


def test_merge_makes_the_source_author_and_voters_follow_the_target(challenge):
    manager = make_member(challenge.brand, Role.MANAGER)
    source, target = IdeaFactory(challenge=challenge), IdeaFactory(challenge=challenge)
    voter = UserFactory()
    services.cast_vote(user=voter, idea=source)

    services.merge_ideas(actor=manager, source=source, target=target)

    assert reasons(target)[source.author_id] == FollowReason.CO_CONTRIBUTOR
    assert reasons(target)[voter.pk] == FollowReason.VOTER


def test_follow_button_says_why_and_unfollows_in_one_click(client, idea):
    voter = UserFactory()
    services.cast_vote(user=voter, idea=idea)
    client.force_login(voter)

    page = client.get(idea.get_absolute_url())
    assertContains(page, "You follow this idea because you support it.")

    response = client.post(f"/notifications/follow/{idea.pk}/", {"action": "unfollow"})
    assert response.status_code == 302
    page = client.get(idea.get_absolute_url())
    assertNotContains(page, "You follow this idea because")
    assertContains(page, "Follow this idea")

    client.post(f"/notifications/follow/{idea.pk}/", {"action": "follow"})
    assert reasons(idea)[voter.pk] == FollowReason.VOTER


def test_explicit_follow_by_a_visitor_who_never_took_part(client, idea, user):
    client.force_login(user)
    client.post(f"/notifications/follow/{idea.pk}/")
    assert reasons(idea)[user.pk] == FollowReason.CHOSEN
    assertContains(client.get(idea.get_absolute_url()), "because you chose to follow it")


def test_anonymous_must_log_in_and_get_is_refused(client, idea, user):
    response = client.post(f"/notifications/follow/{idea.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(user)
    assert client.get(f"/notifications/follow/{idea.pk}/").status_code == 405
    assert client.post("/notifications/follow/999999/").status_code == 404
    assert not Follow.objects.filter(user=user).exists()
