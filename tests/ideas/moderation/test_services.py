"""Moderation services: reports, approve, hide, restore, dismiss; refused without MODERATE."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from brands.models import Role
from ideas import services
from ideas.models import Comment, Flag, Idea, Moderation
from tests.factories import BrandFactory, CommentFactory, UserFactory, make_challenge, make_member


@pytest.fixture
def comment(idea):
    Idea.objects.filter(pk=idea.pk).update(comment_count=1)
    return CommentFactory(idea=idea)


def snapshot(idea: Idea):
    idea = Idea.objects.get(pk=idea.pk)
    return (idea.moderation, idea.is_public, idea.moderation_note, idea.comment_count)


def outsiders():
    """Everyone who must be refused: anonymous, a customer, another brand's owner."""
    return {
        "anonymous": AnonymousUser(),
        "customer": UserFactory(),
        "foreign owner": make_member(BrandFactory(), Role.OWNER),
    }


# Pre- and post-moderation


def test_post_moderated_brand_publishes_at_once(challenge):
    idea = services.submit_idea(
        author=UserFactory(), challenge=challenge, title="Refill station", body="Bring your jars."
    )

    assert (idea.moderation, idea.is_public) == (Moderation.APPROVED, True)


def test_pre_moderated_brand_keeps_the_idea_pending(brand, challenge, moderator):
    brand.moderation_mode = "pre"
    brand.save()
    author = UserFactory()

    idea = services.submit_idea(
        author=author, challenge=challenge, title="Refill station", body="Bring your jars."
    )

    assert (idea.moderation, idea.is_public) == (Moderation.PENDING, False)
    assert list(Idea.objects.public()) == []
    assert list(Idea.objects.visible_to(author)) == [idea]
    assert list(Idea.objects.visible_to(moderator)) == [idea]
    assert list(Idea.objects.visible_to(UserFactory())) == []

    services.approve_idea(moderator=moderator, idea=idea)

    assert snapshot(idea)[:2] == (Moderation.APPROVED, True)
    assert list(Idea.objects.public()) == [idea]


def test_approving_an_idea_that_is_not_pending_is_refused(idea, moderator):
    with pytest.raises(ValidationError, match="not waiting for approval"):
        services.approve_idea(moderator=moderator, idea=idea)


# Flags


def test_member_flags_an_idea_and_a_comment(idea, comment):
    reporter = UserFactory()

    flag = services.flag_idea(reporter=reporter, idea=idea, reason="  This is spam.  ")
    comment_flag = services.flag_comment(reporter=reporter, comment=comment, reason="Rude words")

    assert (flag.brand_id, flag.idea, flag.reason, flag.resolved_at) == (
        idea.brand_id,
        idea,
        "This is spam.",
        None,
    )
    assert (comment_flag.brand_id, comment_flag.comment) == (idea.brand_id, comment)


def test_anonymous_cannot_flag(idea, comment):
    with pytest.raises(PermissionDenied, match="Log in to report"):
        services.flag_idea(reporter=AnonymousUser(), idea=idea, reason="This is spam.")
    with pytest.raises(PermissionDenied, match="Log in to report"):
        services.flag_comment(reporter=AnonymousUser(), comment=comment, reason="This is spam.")
    assert not Flag.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "spam", "x" * 1001])
def test_flag_reason_needs_5_to_1000_characters(idea, reason):
    with pytest.raises(ValidationError) as error:
        services.flag_idea(reporter=UserFactory(), idea=idea, reason=reason)

    assert "reason" in error.value.message_dict
    assert not Flag.objects.exists()


def test_second_open_flag_by_the_same_person_is_refused(idea, comment, moderator):
    reporter = UserFactory()
    services.flag_idea(reporter=reporter, idea=idea, reason="This is spam.")
    services.flag_comment(reporter=reporter, comment=comment, reason="This is spam.")

    with pytest.raises(ValidationError, match="already reported"):
        services.flag_idea(reporter=reporter, idea=idea, reason="Still spam!")
    with pytest.raises(ValidationError, match="already reported"):
        services.flag_comment(reporter=reporter, comment=comment, reason="Still spam!")
    assert Flag.objects.count() == 2

    services.dismiss_flag(moderator=moderator, flag=Flag.objects.get(idea=idea))
    services.flag_idea(reporter=reporter, idea=idea, reason="Spam again, new text.")
    assert Flag.objects.filter(idea=idea).count() == 2


# Hiding and restoring ideas


@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER, Role.MODERATOR])
def test_brand_staff_hide_and_restore_an_idea(brand, idea, role):
    staff = make_member(brand, role)
    flags = [
        services.flag_idea(reporter=UserFactory(), idea=idea, reason="This is spam.")
        for _ in range(2)
    ]

    services.hide_idea(moderator=staff, idea=idea, reason="Advertising.")

    assert (idea.moderation, idea.is_public) == (Moderation.HIDDEN, False)
    assert snapshot(idea)[:3] == (Moderation.HIDDEN, False, "Advertising.")
    assert list(Idea.objects.public()) == []
    for flag in flags:
        flag.refresh_from_db()
        assert flag.resolved_at is not None and flag.resolved_by == staff

    services.restore_idea(moderator=staff, idea=idea, reason="It was fine after all.")

    assert snapshot(idea)[:3] == (Moderation.APPROVED, True, "It was fine after all.")
    assert list(Idea.objects.public()) == [idea]


def test_superuser_moderates_every_brand(idea):
    admin = UserFactory(is_superuser=True)

    services.hide_idea(moderator=admin, idea=idea, reason="Advertising.")

    assert snapshot(idea)[0] == Moderation.HIDDEN


def test_hiding_a_pending_idea_rejects_it(brand, challenge, moderator):
    brand.moderation_mode = "pre"
    brand.save()
    idea = services.submit_idea(
        author=UserFactory(), challenge=challenge, title="Refill station", body="Bring your jars."
    )

    services.hide_idea(moderator=moderator, idea=idea, reason="Off topic.")

    assert snapshot(idea)[:3] == (Moderation.HIDDEN, False, "Off topic.")


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_hiding_needs_a_reason(idea, moderator, comment, reason):
    before = snapshot(idea)
    with pytest.raises(ValidationError) as error:
        services.hide_idea(moderator=moderator, idea=idea, reason=reason)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.hide_comment(moderator=moderator, comment=comment, reason=reason)
    assert snapshot(idea) == before
    assert Comment.objects.get(pk=comment.pk).is_public


def test_hiding_twice_or_restoring_a_visible_idea_is_refused(idea, moderator):
    with pytest.raises(ValidationError, match="not hidden"):
        services.restore_idea(moderator=moderator, idea=idea)
    services.hide_idea(moderator=moderator, idea=idea, reason="Advertising.")
    with pytest.raises(ValidationError, match="already hidden"):
        services.hide_idea(moderator=moderator, idea=idea, reason="Again.")
    assert snapshot(idea)[2] == "Advertising."


@pytest.mark.parametrize("who", ["anonymous", "customer", "foreign owner", "author"])
def test_outsiders_cannot_moderate_and_nothing_changes(idea, comment, moderator, who):
    user = idea.author if who == "author" else outsiders()[who]
    flag = services.flag_idea(reporter=UserFactory(), idea=idea, reason="This is spam.")
    before = snapshot(idea)
    calls = [
        lambda: services.approve_idea(moderator=user, idea=idea),
        lambda: services.hide_idea(moderator=user, idea=idea, reason="Advertising."),
        lambda: services.restore_idea(moderator=user, idea=idea),
        lambda: services.hide_comment(moderator=user, comment=comment, reason="Rude."),
        lambda: services.restore_comment(moderator=user, comment=comment),
        lambda: services.dismiss_flag(moderator=user, flag=flag),
    ]

    for call in calls:
        with pytest.raises(PermissionDenied, match="moderators"):
            call()

    assert snapshot(idea) == before
    assert Comment.objects.get(pk=comment.pk).is_public
    flag.refresh_from_db()
    assert flag.resolved_at is None


def test_outsiders_cannot_restore_hidden_content(idea, comment, moderator):
    services.hide_idea(moderator=moderator, idea=idea, reason="Advertising.")
    services.hide_comment(moderator=moderator, comment=comment, reason="Rude.")
    before = snapshot(idea)

    for user in outsiders().values():
        with pytest.raises(PermissionDenied):
            services.restore_idea(moderator=user, idea=idea)
        with pytest.raises(PermissionDenied):
            services.restore_comment(moderator=user, comment=comment)

    assert snapshot(idea) == before
    assert not Comment.objects.get(pk=comment.pk).is_public


# Comments


def test_hiding_and_restoring_a_comment_moves_the_count(idea, comment, moderator):
    services.flag_comment(reporter=UserFactory(), comment=comment, reason="Rude words")

    services.hide_comment(moderator=moderator, comment=comment, reason="Rude.")

    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.is_public, stored.moderation_note) == (False, "Rude.")
    assert snapshot(idea)[3] == 0
    assert not Flag.objects.filter(resolved_at=None).exists()
    with pytest.raises(ValidationError, match="already hidden"):
        services.hide_comment(moderator=moderator, comment=comment, reason="Rude.")
    assert snapshot(idea)[3] == 0

    services.restore_comment(moderator=moderator, comment=comment)

    stored.refresh_from_db()
    assert (stored.is_public, stored.moderation_note) == (True, "")
    assert snapshot(idea)[3] == 1
    with pytest.raises(ValidationError, match="not hidden"):
        services.restore_comment(moderator=moderator, comment=comment)
    assert snapshot(idea)[3] == 1
    assert Comment.objects.count() == 1


def test_foreign_brand_moderator_cannot_hide_a_comment(idea, comment):
    other_brand = BrandFactory()
    make_challenge(other_brand, title="Other challenge")
    foreign = make_member(other_brand, Role.MODERATOR)

    with pytest.raises(PermissionDenied):
        services.hide_comment(moderator=foreign, comment=comment, reason="Rude.")

    assert Comment.objects.get(pk=comment.pk).is_public
    assert snapshot(idea)[3] == 1


# Dismissing


def test_dismissing_closes_every_open_report_on_the_same_content(idea, comment, moderator):
    idea_flags = [
        services.flag_idea(reporter=UserFactory(), idea=idea, reason="This is spam.")
        for _ in range(3)
    ]
    comment_flag = services.flag_comment(reporter=UserFactory(), comment=comment, reason="Rude!")

    closed = services.dismiss_flag(moderator=moderator, flag=idea_flags[0])

    assert closed == 3
    assert Flag.objects.filter(resolved_at=None).get() == comment_flag
    assert set(Flag.objects.filter(idea=idea).values_list("resolved_by", flat=True)) == {
        moderator.pk
    }
    assert snapshot(idea)[:2] == (Moderation.APPROVED, True)
    assert Flag.objects.count() == 4

    with pytest.raises(ValidationError, match="already handled"):
        services.dismiss_flag(moderator=moderator, flag=idea_flags[1])
