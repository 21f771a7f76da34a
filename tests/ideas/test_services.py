"""``ideas.services`` against the real database: every write rule and every refusal."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from taggit.models import Tag

from challenges.models import ChallengePage
from ideas import services
from ideas.models import Comment, Idea, IdeaImage, IdeaTag, StatusChange, Vote
from ideas.ranking import hot_score
from tests.factories import (
    BrandFactory,
    IdeaFactory,
    UserFactory,
    image_upload,
    make_challenge,
    make_member,
)

CLOSED = {"opens_in": timedelta(days=-10), "closes_in": timedelta(days=-1)}
UPCOMING = {"opens_in": timedelta(days=1), "closes_in": timedelta(days=10)}


def submit(challenge, author=None, **overrides):
    fields = {
        "author": author or UserFactory(),
        "challenge": challenge,
        "title": "Refill stations in every shop",
        "body": "Bring your own jars and **save** packaging.",
    }
    return services.submit_idea(**(fields | overrides))


def assert_nothing_saved(stored_files):
    assert not Idea.objects.exists()
    assert not Vote.objects.exists()
    assert not IdeaImage.objects.exists()
    assert not IdeaTag.objects.exists()
    assert stored_files() == []


# submit_idea


def test_submit_idea_counts_the_authors_own_vote(challenge, customer):
    idea = submit(challenge, customer)

    idea.refresh_from_db()
    assert idea.vote_count == 1
    assert list(Vote.objects.filter(idea=idea).values_list("user", flat=True)) == [customer.pk]
    assert idea.hot_score == pytest.approx(hot_score(1, idea.created_at))
    assert idea.brand_id == challenge.brand_id
    assert idea.slug == "refill-stations-in-every-shop"
    assert "<strong>save</strong>" in idea.body_html


def test_submit_idea_cleans_and_stores_tags(challenge):
    idea = submit(challenge, tags=["Zero  Waste", "zero waste", " refill ", ""])

    assert sorted(idea.tags.names()) == ["refill", "zero waste"]


@pytest.mark.parametrize(
    "tags, message",
    [
        ([f"tag{n}" for n in range(9)], "at most 8 tags"),
        (["x" * 41], "at most 40 characters"),
    ],
)
def test_submit_idea_refuses_bad_tags(challenge, stored_files, tags, message):
    with pytest.raises(ValidationError) as error:
        submit(challenge, tags=tags)

    assert message in str(error.value.message_dict["tags"])
    assert_nothing_saved(stored_files)


@pytest.mark.parametrize(
    "field, overrides",
    [("title", {"title": "Shop"}), ("body", {"body": "   too short  "})],
)
def test_submit_idea_refuses_short_text(challenge, field, overrides):
    with pytest.raises(ValidationError) as error:
        submit(challenge, **overrides)

    assert set(error.value.message_dict) == {field}
    assert not Idea.objects.exists()


def test_submit_idea_stores_up_to_five_images_in_order(challenge, stored_files):
    uploads = [image_upload(f"p{n}.png", size=(40 + n, 30)) for n in range(5)]

    idea = submit(challenge, images=uploads)

    images = list(idea.images.all())
    assert [image.position for image in images] == [0, 1, 2, 3, 4]
    assert [image.width for image in images] == [40, 41, 42, 43, 44]
    assert len(stored_files()) == 5  # thumbnails are made by a task once this commits
    assert not any(image.thumbnail for image in images)
    assert all(image.image.name.startswith(f"ideas/{idea.pk}/") for image in images)


def test_submit_idea_refuses_a_sixth_image(challenge, stored_files):
    uploads = [image_upload(f"p{n}.png") for n in range(6)]

    with pytest.raises(ValidationError) as error:
        submit(challenge, images=uploads)

    assert "at most 5 images" in str(error.value.message_dict["images"])
    assert_nothing_saved(stored_files)


def test_submit_idea_refuses_a_closed_challenge_with_a_clear_message(brand, stored_files):
    closed = make_challenge(brand, title="Last year", **CLOSED)

    with pytest.raises(ValidationError) as error:
        submit(closed, images=[image_upload()])

    assert error.value.messages == [
        "This challenge is not accepting ideas: it is closed or not open yet."
    ]
    assert_nothing_saved(stored_files)


def test_submit_idea_refuses_an_upcoming_challenge(brand):
    upcoming = make_challenge(brand, title="Next month", **UPCOMING)

    with pytest.raises(ValidationError, match="not accepting ideas"):
        submit(upcoming)

    assert not Idea.objects.exists()


def test_submit_idea_refuses_anonymous_authors(challenge):
    with pytest.raises(PermissionDenied, match="Log in"):
        submit(challenge, author=AnonymousUser())


def test_one_bad_image_saves_nothing_at_all(challenge, stored_files):
    uploads = [
        image_upload("good1.png"),
        image_upload("good2.jpg", fmt="JPEG"),
        image_upload("bad.jpg", content=b"<html><body>not a photo</body></html>"),
    ]

    with pytest.raises(ValidationError) as error:
        submit(challenge, images=uploads, tags=["refill"])

    assert "bad.jpg is not an image we can read" in str(error.value.message_dict["images"])
    assert_nothing_saved(stored_files)


@pytest.mark.parametrize("failing_write", [1, 2], ids=["first-image", "second-image"])
def test_storage_failure_after_images_are_written_leaves_no_file(
    challenge, stored_files, monkeypatch, failing_write
):
    """The disk fills up on the n-th file written: the idea and every file are undone."""
    real_save = FileSystemStorage._save
    writes = []

    def save_until_disk_full(storage, name, content):
        writes.append(name)
        if len(writes) == failing_write:
            raise OSError("No space left on device")
        return real_save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save_until_disk_full)

    with pytest.raises(OSError, match="No space left"):
        submit(challenge, images=[image_upload("a.png"), image_upload("b.png")], tags=["x"])

    assert len(writes) == failing_write
    assert_nothing_saved(stored_files)


# cast_vote / withdraw_vote


def test_cast_vote_is_idempotent_and_counts_exactly(idea, customer):
    assert services.cast_vote(user=customer, idea=idea) is True
    assert services.cast_vote(user=customer, idea=idea) is False

    idea.refresh_from_db()
    assert idea.vote_count == 2 == Vote.objects.filter(idea=idea).count()


def test_withdraw_vote_is_idempotent_and_counts_exactly(idea, customer):
    services.cast_vote(user=customer, idea=idea)

    assert services.withdraw_vote(user=customer, idea=idea) is True
    assert services.withdraw_vote(user=customer, idea=idea) is False

    idea.refresh_from_db()
    assert idea.vote_count == 1 == Vote.objects.filter(idea=idea).count()


def test_authors_can_withdraw_their_own_support(idea):
    assert services.withdraw_vote(user=idea.author, idea=idea) is True
    assert services.withdraw_vote(user=idea.author, idea=idea) is False

    idea.refresh_from_db()
    assert idea.vote_count == 0 == Vote.objects.filter(idea=idea).count()


def test_votes_move_the_hot_score(idea, customer):
    before = idea.hot_score

    services.cast_vote(user=customer, idea=idea)
    services.cast_vote(user=UserFactory(), idea=idea)
    idea.refresh_from_db()
    assert idea.hot_score > before
    assert idea.hot_score == pytest.approx(hot_score(3, idea.created_at))

    services.withdraw_vote(user=customer, idea=idea)
    idea.refresh_from_db()
    assert idea.hot_score == pytest.approx(hot_score(2, idea.created_at))


def test_vote_budget_is_enforced_per_challenge(brand, customer):
    budgeted = make_challenge(brand, title="Pick one", vote_budget=1)
    first, second = IdeaFactory(challenge=budgeted), IdeaFactory(challenge=budgeted)
    elsewhere = IdeaFactory(challenge=make_challenge(brand, title="Other", vote_budget=1))

    assert services.cast_vote(user=customer, idea=first) is True
    with pytest.raises(ValidationError) as error:
        services.cast_vote(user=customer, idea=second)

    assert error.value.code == "vote_budget_exhausted"
    assert "used your 1 vote" in error.value.messages[0]
    second.refresh_from_db()
    assert second.vote_count == 1
    assert not Vote.objects.filter(user=customer, idea=second).exists()
    assert services.cast_vote(user=customer, idea=elsewhere) is True

    services.withdraw_vote(user=customer, idea=first)
    assert services.cast_vote(user=customer, idea=second) is True


def test_vote_budget_ignores_the_authors_support_for_their_own_ideas(brand, customer):
    budgeted = make_challenge(brand, title="Pick two", vote_budget=2)
    own = [submit(budgeted, customer, title=f"My own idea {n}") for n in range(3)]
    others = [IdeaFactory(challenge=budgeted) for _ in range(3)]

    assert services.cast_vote(user=customer, idea=others[0]) is True
    assert services.cast_vote(user=customer, idea=others[1]) is True
    with pytest.raises(ValidationError, match="all 2 of your votes"):
        services.cast_vote(user=customer, idea=others[2])

    services.withdraw_vote(user=customer, idea=own[0])
    assert services.cast_vote(user=customer, idea=own[0]) is True
    assert Vote.objects.filter(user=customer, challenge=budgeted).count() == 5


def test_repeating_a_vote_at_the_budget_is_a_no_op_not_an_error(brand, customer):
    budgeted = make_challenge(brand, title="Pick one", vote_budget=1)
    idea = IdeaFactory(challenge=budgeted)
    services.cast_vote(user=customer, idea=idea)

    assert services.cast_vote(user=customer, idea=idea) is False
    idea.refresh_from_db()
    assert idea.vote_count == 2


@pytest.mark.parametrize("phase", [CLOSED, UPCOMING], ids=["closed", "upcoming"])
def test_voting_is_refused_outside_the_open_phase(brand, customer, phase):
    idea = IdeaFactory(challenge=make_challenge(brand, title="Not open", **phase))

    with pytest.raises(ValidationError, match="Voting is closed"):
        services.cast_vote(user=customer, idea=idea)
    with pytest.raises(ValidationError, match="Voting is closed"):
        services.withdraw_vote(user=idea.author, idea=idea)

    idea.refresh_from_db()
    assert idea.vote_count == 1 == Vote.objects.filter(idea=idea).count()


def test_voting_closes_at_closes_at(brand, customer):
    challenge = make_challenge(brand, title="Closing")
    idea = IdeaFactory(challenge=challenge)
    assert services.cast_vote(user=customer, idea=idea) is True

    ChallengePage.objects.filter(pk=challenge.pk).update(closes_at=timezone.now())
    idea = Idea.objects.select_related("challenge").get(pk=idea.pk)

    with pytest.raises(ValidationError, match="Voting is closed"):
        services.withdraw_vote(user=customer, idea=idea)
    with pytest.raises(ValidationError, match="Voting is closed"):
        services.cast_vote(user=UserFactory(), idea=idea)
    assert Vote.objects.filter(idea=idea).count() == 2


def test_voting_is_refused_to_anonymous_users_and_on_private_ideas(idea, customer):
    with pytest.raises(PermissionDenied):
        services.cast_vote(user=AnonymousUser(), idea=idea)

    idea.is_public = False
    idea.save()
    with pytest.raises(PermissionDenied, match="not open for support"):
        services.cast_vote(user=customer, idea=idea)
    assert Vote.objects.filter(idea=idea).count() == 1


# add_comment


def test_customer_comment_is_not_official_and_counts(idea, customer):
    comment = services.add_comment(idea=idea, author=customer, body="  I *love* this  ")

    assert comment.is_official is False
    assert comment.parent is None
    assert comment.body == "I *love* this"
    assert comment.body_html == "<p>I <em>love</em> this</p>\n"
    idea.refresh_from_db()
    assert idea.comment_count == 1


@pytest.mark.parametrize("role", ["owner", "manager", "moderator"])
def test_brand_staff_comment_is_official(idea, role):
    staff = make_member(idea.brand, role)

    comment = services.add_comment(idea=idea, author=staff, body="We are on it.")

    assert comment.is_official is True


def test_staff_of_another_brand_is_not_official(idea):
    outsider = make_member(BrandFactory(), "owner")

    comment = services.add_comment(idea=idea, author=outsider, body="Nice idea.")

    assert comment.is_official is False


def test_replies_are_one_level_deep(idea, customer):
    top = services.add_comment(idea=idea, author=customer, body="Top-level")
    reply = services.add_comment(idea=idea, author=UserFactory(), body="Reply", parent=top)
    reply_to_reply = services.add_comment(idea=idea, author=customer, body="Again", parent=reply)

    assert reply.parent == top
    assert reply_to_reply.parent == top
    assert list(top.replies.all()) == [reply, reply_to_reply]
    idea.refresh_from_db()
    assert idea.comment_count == 3


def test_reply_to_a_comment_on_another_idea_is_refused(idea, challenge, customer):
    other = services.add_comment(idea=IdeaFactory(challenge=challenge), author=customer, body="Hi")

    with pytest.raises(ValidationError, match="same idea"):
        services.add_comment(idea=idea, author=customer, body="Sneaky", parent=other)

    assert Comment.objects.count() == 1
    idea.refresh_from_db()
    assert idea.comment_count == 0


@pytest.mark.parametrize("body", ["", " x ", "y" * 5001])
def test_comment_length_is_checked(idea, customer, body):
    with pytest.raises(ValidationError) as error:
        services.add_comment(idea=idea, author=customer, body=body)

    assert set(error.value.message_dict) == {"body"}
    assert not Comment.objects.exists()


def test_comments_stay_open_after_closing_but_not_before_opening(brand, customer):
    closed = IdeaFactory(challenge=make_challenge(brand, title="Closed", **CLOSED))
    upcoming = IdeaFactory(challenge=make_challenge(brand, title="Upcoming", **UPCOMING))

    assert services.add_comment(idea=closed, author=customer, body="Still thinking").pk

    with pytest.raises(ValidationError, match="Comments are not open"):
        services.add_comment(idea=upcoming, author=customer, body="Too early")
    with pytest.raises(PermissionDenied, match="Log in"):
        services.add_comment(idea=closed, author=AnonymousUser(), body="Anonymous")
    assert Comment.objects.count() == 1


# change_status


def test_change_status_moves_the_idea_and_writes_the_timeline(idea, manager):
    change = services.change_status(
        idea=idea, actor=manager, to_status="under_review", note=" Reading it. "
    )

    assert (change.from_status, change.to_status) == ("submitted", "under_review")
    assert change.changed_by == manager
    assert change.note == "Reading it."
    assert idea.status == "under_review"
    idea.refresh_from_db()
    assert idea.status == "under_review"


def test_owner_walks_an_idea_through_the_whole_pipeline(idea, owner):
    for status in ["under_review", "planned", "in_progress", "shipped"]:
        services.change_status(idea=idea, actor=owner, to_status=status)

    timeline = StatusChange.objects.filter(idea=idea).values_list("from_status", "to_status")
    assert list(timeline) == [
        ("submitted", "under_review"),
        ("under_review", "planned"),
        ("planned", "in_progress"),
        ("in_progress", "shipped"),
    ]
    idea.refresh_from_db()
    assert idea.status == "shipped"


@pytest.mark.parametrize(
    "to_status, note, field",
    [
        ("shipped", "", "to_status"),
        ("in_progress", "", "to_status"),
        ("submitted", "", "to_status"),
        ("launched", "", "to_status"),
        ("declined", "   ", "note"),
    ],
)
def test_change_status_refuses_what_the_pipeline_forbids(idea, manager, to_status, note, field):
    with pytest.raises(ValidationError) as error:
        services.change_status(idea=idea, actor=manager, to_status=to_status, note=note)

    assert set(error.value.message_dict) == {field}
    assert not StatusChange.objects.exists()
    idea.refresh_from_db()
    assert idea.status == "submitted"


def test_declining_with_a_public_note(idea, manager):
    services.change_status(idea=idea, actor=manager, to_status="declined", note="Too costly.")

    idea.refresh_from_db()
    assert idea.status == "declined"
    assert StatusChange.objects.get().note == "Too costly."


@pytest.mark.parametrize("who", ["anonymous", "customer", "author", "moderator", "outsider"])
def test_change_status_is_refused_to_everyone_but_owners_and_managers(idea, who):
    actor = {
        "anonymous": lambda: AnonymousUser(),
        "customer": UserFactory,
        "author": lambda: idea.author,
        "moderator": lambda: make_member(idea.brand, "moderator"),
        "outsider": lambda: make_member(BrandFactory(), "owner"),
    }[who]()

    with pytest.raises(PermissionDenied, match="owners and managers"):
        services.change_status(idea=idea, actor=actor, to_status="under_review")

    assert not StatusChange.objects.exists()
    idea.refresh_from_db()
    assert idea.status == "submitted"


def test_tags_are_shared_not_duplicated(challenge):
    submit(challenge, tags=["Refill"])
    submit(challenge, title="Another refill idea", tags=["refill"])

    assert list(Tag.objects.values_list("name", flat=True)) == ["refill"]
