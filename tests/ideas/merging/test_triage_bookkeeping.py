"""Status bookkeeping, the staff owner and the supporter threshold."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from brands.models import Role
from ideas import services
from ideas.models import Idea, StatusChange
from ideas.roadmap import Status
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge, make_member


def fresh(idea) -> Idea:
    return Idea.objects.get(pk=idea.pk)


def test_change_status_stamps_time_and_first_response(idea, triager):
    start = timezone.now()
    services.change_status(idea=idea, actor=triager, to_status=Status.UNDER_REVIEW)
    first = fresh(idea)
    assert first.status_changed_at >= start
    assert first.first_response_at == first.status_changed_at

    services.change_status(idea=idea, actor=triager, to_status=Status.PLANNED)
    second = fresh(idea)
    assert second.status_changed_at > first.status_changed_at
    assert second.first_response_at == first.first_response_at


def test_official_comment_is_the_first_response_customer_comment_is_not(idea, triager):
    services.add_comment(idea=idea, author=UserFactory(), body="Me too!")
    assert fresh(idea).first_response_at is None
    comment = services.add_comment(idea=idea, author=triager, body="We are on it.")
    assert fresh(idea).first_response_at == comment.created_at
    services.add_comment(idea=idea, author=triager, body="Still on it.")
    assert fresh(idea).first_response_at == comment.created_at


def test_staff_owner_is_a_member_of_the_brand(idea, brand, triager):
    moderator = make_member(brand, Role.MODERATOR)
    services.assign_staff_owner(actor=triager, idea=idea, owner=moderator)
    assert fresh(idea).staff_owner == moderator
    services.assign_staff_owner(actor=triager, idea=idea, owner=None)
    assert fresh(idea).staff_owner is None


@pytest.mark.parametrize("kind", ["customer", "foreign_staff"])
def test_staff_owner_outside_the_brand_is_refused(kind, idea, triager):
    owner = UserFactory() if kind == "customer" else make_member(BrandFactory(), Role.OWNER)
    with pytest.raises(ValidationError, match="staff member of this brand"):
        services.assign_staff_owner(actor=triager, idea=idea, owner=owner)
    assert fresh(idea).staff_owner is None


def test_only_triagers_assign_owners(idea, brand, triager):
    moderator = make_member(brand, Role.MODERATOR)
    with pytest.raises(PermissionDenied):
        services.assign_staff_owner(actor=moderator, idea=idea, owner=triager)
    assert fresh(idea).staff_owner is None


@pytest.fixture
def threshold_challenge(brand):
    brand.response_days = 10
    brand.save()
    challenge = make_challenge(brand, title="With threshold")
    challenge.supporter_threshold = 3
    challenge.save()
    return challenge


def test_reaching_the_threshold_starts_review_with_a_deadline(threshold_challenge):
    idea = IdeaFactory(challenge=threshold_challenge)
    services.cast_vote(user=UserFactory(), idea=idea)
    assert fresh(idea).status == Status.SUBMITTED  # 2 of 3

    services.cast_vote(user=UserFactory(), idea=idea)

    idea = fresh(idea)
    assert idea.vote_count == 3 and idea.status == Status.UNDER_REVIEW
    assert idea.response_due_at == idea.status_changed_at + timedelta(days=10)
    assert idea.first_response_at is None  # not a staff response
    change = StatusChange.objects.get(idea=idea)
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        "submitted",
        "under_review",
        None,
        "Reached 3 supporters",
    )
    services.cast_vote(user=UserFactory(), idea=idea)
    assert StatusChange.objects.filter(idea=idea).count() == 1


def test_threshold_leaves_ideas_past_submitted_alone(threshold_challenge):
    idea = IdeaFactory(challenge=threshold_challenge, status=Status.PLANNED)
    for _ in range(3):
        services.cast_vote(user=UserFactory(), idea=idea)
    idea = fresh(idea)
    assert idea.status == Status.PLANNED and idea.response_due_at is None
    assert not StatusChange.objects.filter(idea=idea).exists()


def test_no_threshold_no_review(idea):
    for _ in range(5):
        services.cast_vote(user=UserFactory(), idea=idea)
    assert fresh(idea).status == Status.SUBMITTED
