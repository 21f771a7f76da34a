"""``edit_idea``: author only, same validation as submitting, refused on closed/merged/hidden."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from brands.models import Role
from ideas.models import Idea, Moderation
from ideas.rules import EDIT_IDEA
from ideas.services.editing import edit_idea
from search.models import IndexEntry
from tests.factories import IdeaFactory, UserFactory, make_challenge, make_member

pytestmark = pytest.mark.django_db


def test_edit_rewrites_text_html_slug_and_tags(idea):
    before = idea.updated_at
    edit_idea(
        idea=idea,
        actor=idea.author,
        title="  Deposit on jars  ",
        body="Use **glass**.",
        tags=["Jar", "jar"],
    )
    idea.refresh_from_db()
    assert idea.title == "Deposit on jars" and idea.slug == "deposit-on-jars"
    assert idea.body == "Use **glass**." and "<strong>glass</strong>" in idea.body_html
    assert [t.name for t in idea.tags.all()] == ["jar"]
    assert idea.updated_at > before
    assert IndexEntry.objects.filter(kind="idea", object_id=idea.pk).exists()


def test_parts_left_as_none_stay(idea):
    idea.tags.set(["keep"])
    edit_idea(idea=idea, actor=idea.author, body="Only a new description.")
    idea.refresh_from_db()
    assert idea.title.startswith("Refill station") and [t.name for t in idea.tags.all()] == ["keep"]


def test_body_is_sanitised(idea):
    edit_idea(
        idea=idea, actor=idea.author, body="<script>alert(1)</script> [x](javascript:alert(1))"
    )
    idea.refresh_from_db()
    assert "<script>" not in idea.body_html and 'href="javascript' not in idea.body_html


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "abc"}, "title"),
        ({"body": "short"}, "body"),
        ({"tags": [f"t{n}" for n in range(9)]}, "tags"),
    ],
)
def test_invalid_changes_are_refused_on_their_field(idea, changes, field):
    with pytest.raises(ValidationError) as caught:
        edit_idea(idea=idea, actor=idea.author, **changes)
    assert field in caught.value.message_dict


@pytest.mark.parametrize("role", [None, Role.OWNER, Role.MANAGER, Role.MODERATOR])
def test_only_the_author_may_edit(idea, role):
    other = UserFactory() if role is None else make_member(idea.brand, role)
    assert not EDIT_IDEA.allows(other, idea)
    with pytest.raises(PermissionDenied):
        edit_idea(idea=idea, actor=other, title="Someone else's words")


def test_closed_challenge_refuses(brand):
    idea = IdeaFactory(
        challenge=make_challenge(brand, opens_in=timedelta(days=-9), closes_in=timedelta(days=-1))
    )
    with pytest.raises(ValidationError) as caught:
        edit_idea(idea=idea, actor=idea.author, title="Too late for this")
    assert caught.value.code == "not_allowed_now"


def test_merged_idea_refuses(idea):
    Idea.objects.filter(pk=idea.pk).update(merged_into=IdeaFactory(challenge=idea.challenge))
    idea.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        edit_idea(idea=idea, actor=idea.author, title="After the merge")
    assert caught.value.code == "merged"


def test_hidden_idea_refuses_but_pending_may_be_edited(idea):
    Idea.objects.filter(pk=idea.pk).update(is_public=False, moderation=Moderation.PENDING)
    idea.refresh_from_db()
    edit_idea(idea=idea, actor=idea.author, title="Pending but fixed")
    idea.refresh_from_db()
    assert idea.moderation == Moderation.PENDING and not idea.is_public
    Idea.objects.filter(pk=idea.pk).update(moderation=Moderation.HIDDEN)
    idea.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        edit_idea(idea=idea, actor=idea.author, title="Around moderation")
    assert caught.value.code == "hidden"
