"""Bulk staff actions: all ideas change, or none."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ideas import services
from ideas.models import StatusChange
from ideas.roadmap import Status
from tests.factories import BrandFactory, IdeaFactory, make_challenge

pytestmark = pytest.mark.django_db


def statuses(ideas):
    return [type(i).objects.get(pk=i.pk).status for i in ideas]


def test_bulk_move_writes_one_status_change_per_idea(brand, challenge, manager):
    ideas = IdeaFactory.create_batch(3, challenge=challenge)
    changes = services.bulk_change_status(
        actor=manager, brand=brand, ideas=ideas, to_status=Status.UNDER_REVIEW, note="Reading"
    )
    assert len(changes) == 3
    assert statuses(ideas) == [Status.UNDER_REVIEW] * 3
    assert {c.note for c in changes} == {"Reading"}


def test_bulk_move_is_all_or_nothing_and_names_the_stuck_idea(brand, challenge, manager):
    movable = IdeaFactory(challenge=challenge)
    stuck = IdeaFactory(challenge=challenge, title="Shipped already", status=Status.SHIPPED)
    with pytest.raises(ValidationError, match="Shipped already"):
        services.bulk_change_status(
            actor=manager, brand=brand, ideas=[movable, stuck], to_status=Status.PLANNED, note=""
        )
    assert statuses([movable, stuck]) == [Status.SUBMITTED, Status.SHIPPED]
    assert StatusChange.objects.count() == 0


def test_bulk_decline_needs_a_note(brand, challenge, manager):
    idea = IdeaFactory(challenge=challenge)
    with pytest.raises(ValidationError, match="Explain publicly"):
        services.bulk_change_status(
            actor=manager, brand=brand, ideas=[idea], to_status=Status.DECLINED, note=" "
        )
    assert statuses([idea]) == [Status.SUBMITTED]


def test_bulk_move_refuses_an_idea_of_another_brand(brand, challenge, manager):
    own = IdeaFactory(challenge=challenge)
    foreign = IdeaFactory(challenge=make_challenge(BrandFactory(), title="Elsewhere"))
    with pytest.raises(PermissionDenied):
        services.bulk_change_status(
            actor=manager,
            brand=brand,
            ideas=[own, foreign],
            to_status=Status.UNDER_REVIEW,
            note="",
        )
    assert statuses([own, foreign]) == [Status.SUBMITTED, Status.SUBMITTED]


@pytest.mark.parametrize("role_fixture", ["moderator", "customer"])
def test_bulk_actions_refuse_non_triagers(request, brand, challenge, role_fixture):
    actor = request.getfixturevalue(role_fixture)
    idea = IdeaFactory(challenge=challenge)
    with pytest.raises(PermissionDenied):
        services.bulk_change_status(
            actor=actor, brand=brand, ideas=[idea], to_status=Status.PLANNED, note=""
        )
    with pytest.raises(PermissionDenied):
        services.bulk_tag(actor=actor, brand=brand, ideas=[idea], tag="later")
    assert statuses([idea]) == [Status.SUBMITTED]
    assert list(idea.tags.names()) == []


def test_bulk_move_needs_a_selection(brand, manager):
    with pytest.raises(ValidationError, match="at least one"):
        services.bulk_change_status(
            actor=manager, brand=brand, ideas=[], to_status=Status.PLANNED, note=""
        )


def test_bulk_tag_cleans_the_tag_and_skips_ideas_that_have_it(brand, challenge, manager):
    first, second = IdeaFactory.create_batch(2, challenge=challenge)
    first.tags.add("zero waste")
    services.bulk_tag(actor=manager, brand=brand, ideas=[first, second], tag="  Zero   WASTE ")
    assert list(first.tags.names()) == ["zero waste"]
    assert list(second.tags.names()) == ["zero waste"]


def test_bulk_tag_is_all_or_nothing_when_an_idea_has_too_many_tags(brand, challenge, manager):
    roomy = IdeaFactory(challenge=challenge)
    full = IdeaFactory(challenge=challenge, title="Tagged to the brim")
    full.tags.add(*[f"tag {n}" for n in range(8)])
    with pytest.raises(ValidationError, match="Tagged to the brim"):
        services.bulk_tag(actor=manager, brand=brand, ideas=[roomy, full], tag="new")
    assert list(roomy.tags.names()) == []


@pytest.mark.parametrize("tag", ["", "   ", "x" * 41])
def test_bulk_tag_refuses_invalid_tags(brand, challenge, manager, tag):
    idea = IdeaFactory(challenge=challenge)
    with pytest.raises(ValidationError):
        services.bulk_tag(actor=manager, brand=brand, ideas=[idea], tag=tag)
    assert list(idea.tags.names()) == []
