"""Reads: visibility, sorting, filters and what each page needs, prefetched."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from ideas import services
from ideas.models import Idea
from ideas.selectors import (
    access_idea,
    annotate_viewer_votes,
    idea_page_data,
    ideas_for_challenge,
    tag_counts_for_challenge,
    trending_ideas,
)
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    StatusChangeFactory,
    UserFactory,
    image_upload,
    make_challenge,
)

ANONYMOUS = AnonymousUser()


def titles(ideas) -> list[str]:
    return [idea.title for idea in ideas]


@pytest.fixture
def three_ideas(challenge):
    """Old and popular, a few hours old, brand new and unpopular."""
    now = timezone.now()
    old = IdeaFactory(challenge=challenge, title="Old", created_at=now - timedelta(days=9))
    mid = IdeaFactory(challenge=challenge, title="Mid", created_at=now - timedelta(hours=6))
    new = IdeaFactory(challenge=challenge, title="New", created_at=now)
    for _ in range(5):
        services.cast_vote(user=UserFactory(), idea=old)
    services.cast_vote(user=UserFactory(), idea=mid)
    return old, mid, new


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("trending", ["New", "Mid", "Old"]),
        ("top", ["Old", "Mid", "New"]),
        ("new", ["New", "Mid", "Old"]),
        ("bogus", ["New", "Mid", "Old"]),
    ],
)
def test_ideas_for_challenge_sorts(challenge, three_ideas, sort, expected):
    assert titles(ideas_for_challenge(challenge=challenge, viewer=ANONYMOUS, sort=sort)) == expected


def test_trending_balances_votes_and_age(challenge, three_ideas):
    old, mid, new = three_ideas
    for _ in range(2):  # 4 votes outweigh 6 hours; 6 votes never outweigh 9 days
        services.cast_vote(user=UserFactory(), idea=mid)

    ranked = ideas_for_challenge(challenge=challenge, viewer=ANONYMOUS, sort="trending")

    assert titles(ranked) == ["Mid", "New", "Old"]


def test_ideas_for_challenge_hides_private_ideas_and_other_challenges(brand, challenge):
    IdeaFactory(challenge=challenge, title="Visible")
    IdeaFactory(challenge=challenge, title="Hidden", is_public=False)
    IdeaFactory(challenge=make_challenge(brand, title="Other"), title="Elsewhere")

    assert titles(ideas_for_challenge(challenge=challenge, viewer=ANONYMOUS)) == ["Visible"]


def test_ideas_of_an_unpublished_challenge_are_invisible(brand):
    draft = make_challenge(brand, title="Draft", live=False)
    IdeaFactory(challenge=draft)

    assert not ideas_for_challenge(challenge=draft, viewer=UserFactory()).exists()
    assert not Idea.objects.visible_to(ANONYMOUS).exists()


def test_ideas_for_challenge_filters_by_tag_and_status(challenge, manager):
    author = UserFactory()
    tagged = services.submit_idea(
        author=author,
        challenge=challenge,
        title="Tagged one",
        body="Some body text",
        tags=["Zero Waste"],
    )
    services.submit_idea(
        author=author, challenge=challenge, title="Other tag", body="Some body text", tags=["app"]
    )
    planned = IdeaFactory(challenge=challenge, title="Planned one")
    services.change_status(idea=planned, actor=manager, to_status="planned")

    def filtered(**filters):
        return titles(ideas_for_challenge(challenge=challenge, viewer=ANONYMOUS, **filters))

    assert filtered(tag="zero-waste") == [tagged.title]
    assert filtered(tag="nope") == []
    assert filtered(status="planned") == ["Planned one"]
    assert filtered(status="unknown") == ["Planned one", "Other tag", "Tagged one"]


def test_cards_carry_only_the_first_image_as_cover(challenge):
    idea = services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title="With images",
        body="Two photos attached",
        images=[image_upload("a.png", size=(30, 30)), image_upload("b.png", size=(50, 50))],
    )
    IdeaFactory(challenge=challenge, title="Without images")

    cards = {card.title: card for card in ideas_for_challenge(challenge=challenge, viewer=None)}

    assert [cover.width for cover in cards["With images"].covers] == [30]
    assert cards["Without images"].covers == []
    assert cards["With images"].pk == idea.pk


def test_tag_counts_count_public_ideas_of_the_challenge(brand, challenge):
    author = UserFactory()
    for title, tags in [("First idea", ["refill", "glass"]), ("Second idea", ["refill"])]:
        services.submit_idea(
            author=author, challenge=challenge, title=title, body="Some body text", tags=tags
        )
    hidden = services.submit_idea(
        author=author,
        challenge=challenge,
        title="Hidden idea",
        body="Some body text",
        tags=["glass"],
    )
    Idea.objects.filter(pk=hidden.pk).update(is_public=False)
    services.submit_idea(
        author=author,
        challenge=make_challenge(brand, title="Other"),
        title="Elsewhere",
        body="Some body text",
        tags=["glass"],
    )

    counts = tag_counts_for_challenge(challenge=challenge)

    assert counts == [
        {"tag__name": "refill", "tag__slug": "refill", "count": 2},
        {"tag__name": "glass", "tag__slug": "glass", "count": 1},
    ]


def test_annotate_viewer_votes(challenge):
    voter = UserFactory()
    voted, not_voted = IdeaFactory(challenge=challenge), IdeaFactory(challenge=challenge)
    services.cast_vote(user=voter, idea=voted)
    ideas = [voted, not_voted]

    annotate_viewer_votes(ideas, viewer=voter)
    assert [idea.viewer_has_voted for idea in ideas] == [True, False]

    annotate_viewer_votes(ideas, viewer=ANONYMOUS)
    assert [idea.viewer_has_voted for idea in ideas] == [False, False]

    annotate_viewer_votes(ideas, viewer=voted.author)
    assert [idea.viewer_has_voted for idea in ideas] == [True, False]


def test_trending_ideas_span_challenges_and_know_the_viewers_votes(brand, challenge):
    voter = UserFactory()
    first = IdeaFactory(challenge=challenge, title="Here")
    IdeaFactory(challenge=make_challenge(brand, title="Other"), title="There")
    IdeaFactory(challenge=make_challenge(brand, title="Draft", live=False), title="Draft idea")
    services.cast_vote(user=voter, idea=first)

    ideas = trending_ideas(viewer=voter, limit=10)

    assert titles(ideas) == ["Here", "There"]  # two votes against one
    assert [idea.viewer_has_voted for idea in ideas] == [True, False]
    assert titles(trending_ideas(viewer=voter, limit=1)) == [first.title]


def test_access_idea_returns_visible_ideas_only(brand, idea):
    assert access_idea(ANONYMOUS, idea.pk) == idea

    private = IdeaFactory(challenge=idea.challenge, is_public=False)
    in_draft = IdeaFactory(challenge=make_challenge(brand, title="Draft", live=False))
    stranger = UserFactory()
    for idea_id in (private.pk, in_draft.pk, 10_000):
        with pytest.raises(Http404):
            access_idea(stranger, idea_id)
    assert access_idea(private.author, private.pk) == private


def test_idea_page_data_has_threads_replies_images_tags_and_timeline(challenge, manager):
    idea = services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title="Everything at once",
        body="Some body text",
        tags=["b", "a"],
        images=[image_upload("1.png", size=(10, 10)), image_upload("2.png", size=(20, 20))],
    )
    first = services.add_comment(idea=idea, author=UserFactory(), body="First")
    reply = services.add_comment(idea=idea, author=manager, body="Reply", parent=first)
    CommentFactory(idea=idea, parent=first, body="Hidden reply", is_public=False)
    CommentFactory(idea=idea, body="Hidden thread", is_public=False)
    second = services.add_comment(idea=idea, author=UserFactory(), body="Second")
    services.change_status(idea=idea, actor=manager, to_status="under_review")
    StatusChangeFactory(idea=IdeaFactory(challenge=challenge))

    data = idea_page_data(idea=idea, viewer=idea.author, comments_page=None)

    assert [image.width for image in data["images"]] == [10, 20]
    assert sorted(tag.name for tag in data["tags"]) == ["a", "b"]
    assert [change.to_status for change in data["timeline"]] == ["under_review"]
    threads = list(data["comments"])
    assert threads == [first, second]
    assert list(threads[0].replies.all()) == [reply]
    assert idea.viewer_has_voted is True


def test_idea_page_data_paginates_threads_by_fifty(idea):
    for n in range(51):
        CommentFactory(idea=idea, body=f"Comment {n}")

    first_page = idea_page_data(idea=idea, viewer=None, comments_page=None)["comments"]
    last_page = idea_page_data(idea=idea, viewer=None, comments_page="2")["comments"]
    out_of_range = idea_page_data(idea=idea, viewer=None, comments_page="99")["comments"]

    assert len(first_page) == 50
    assert [c.body for c in last_page] == ["Comment 50"]
    assert out_of_range.number == 2
