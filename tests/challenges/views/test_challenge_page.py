"""The challenge page, served by Wagtail at the challenge's URL."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from ideas import services
from tests.factories import IdeaFactory, UserFactory, image_upload, make_challenge, make_member

CLOSED = {"opens_in": timedelta(days=-10), "closes_in": timedelta(days=-1)}
UPCOMING = {"opens_in": timedelta(days=1), "closes_in": timedelta(days=10)}


def idea_titles(response) -> list[str]:
    return [idea.title for idea in response.context["ideas"]]


def test_open_challenge_page_shows_brief_ideas_and_submit_link(client, challenge):
    IdeaFactory(challenge=challenge, title="Refill station")
    IdeaFactory(challenge=challenge, title="Hidden idea", is_public=False)

    response = client.get(challenge.url)

    assertContains(response, "<h1>Greener packaging</h1>", html=True)
    assertContains(response, "Help us design it.")
    assertContains(response, "<p>The brief.</p>", html=True)
    assertContains(response, '<span class="phase phase-open">Open</span>', html=True)
    assertContains(response, f'href="{challenge.url}submit/"')
    assertContains(response, "1 idea")
    assertContains(response, "Refill station")
    assertNotContains(response, "Hidden idea")
    assertContains(response, f'href="{challenge.brand.page.url}"')


@pytest.mark.parametrize(
    "phase, label, text",
    [(CLOSED, "Closed", "Closed on"), (UPCOMING, "Opens soon", "Opens")],
    ids=["closed", "upcoming"],
)
def test_challenge_not_open_has_no_submit_link(client, brand, phase, label, text):
    challenge = make_challenge(brand, title="Not open", **phase)

    response = client.get(challenge.url)

    assertContains(response, f">{label}</span>")
    assertContains(response, text)
    assertNotContains(response, "submit/")
    assert response.context["can_submit"] is False


def test_vote_budget_is_announced(client, brand):
    challenge = make_challenge(brand, title="Budgeted", vote_budget=3)

    assertContains(client.get(challenge.url), "You can support 3 ideas")


def test_unpublished_challenge_is_404(client, brand):
    draft = make_challenge(brand, title="Draft", live=False)

    assert client.get(draft.get_url_parts()[2]).status_code == 404


@pytest.fixture
def ranked_ideas(challenge):
    """ "Popular" has most votes but is two days old, "Tagged" has a tag, "Fresh" is newest."""
    popular = IdeaFactory(
        challenge=challenge, title="Popular", created_at=timezone.now() - timedelta(days=2)
    )
    tagged = services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title="Tagged",
        body="With a tag on it",
        tags=["Glass Jars"],
    )
    IdeaFactory(challenge=challenge, title="Fresh")
    for _ in range(3):
        services.cast_vote(user=UserFactory(), idea=popular)
    services.cast_vote(user=UserFactory(), idea=tagged)
    return popular, tagged


@pytest.mark.parametrize(
    "query, titles",
    [
        ({}, ["Tagged", "Fresh", "Popular"]),
        ({"sort": "trending"}, ["Tagged", "Fresh", "Popular"]),
        ({"sort": "top"}, ["Popular", "Tagged", "Fresh"]),
        ({"sort": "new"}, ["Fresh", "Tagged", "Popular"]),
        ({"sort": "bogus"}, ["Tagged", "Fresh", "Popular"]),
        ({"tag": "glass-jars"}, ["Tagged"]),
        ({"tag": "unknown"}, []),
        ({"status": "bogus"}, ["Tagged", "Fresh", "Popular"]),
    ],
)
def test_sort_and_filters(client, challenge, ranked_ideas, query, titles):
    response = client.get(challenge.url, query)

    assert response.status_code == 200
    assert idea_titles(response) == titles


def test_status_filter_and_tag_counts(client, challenge, ranked_ideas, brand):
    _popular, tagged = ranked_ideas
    services.change_status(idea=tagged, actor=make_member(brand), to_status="planned")

    response = client.get(challenge.url, {"status": "planned"})

    assert idea_titles(response) == ["Tagged"]
    assert response.context["tag_counts"] == [
        {"tag__name": "glass jars", "tag__slug": "glass-jars", "count": 1}
    ]
    assertContains(response, '<option value="glass-jars">glass jars (1)</option>', html=True)
    assertContains(response, '<option value="planned" selected>Planned</option>', html=True)


def test_pagination_keeps_the_filters(client, challenge, settings):
    settings.IDEAS_PER_PAGE = 2
    for n in range(5):
        IdeaFactory(challenge=challenge, title=f"Idea {n}")

    first = client.get(challenge.url, {"sort": "new"})
    last = client.get(challenge.url, {"sort": "new", "page": 3})
    beyond = client.get(challenge.url, {"sort": "new", "page": 99})

    assert idea_titles(first) == ["Idea 4", "Idea 3"]
    assertContains(first, 'href="?sort=new&amp;page=2"')
    assert idea_titles(last) == ["Idea 0"]
    assert idea_titles(beyond) == ["Idea 0"]
    assertContains(first, "5 ideas")


def test_logged_in_voter_sees_what_they_support(client, challenge):
    voter = UserFactory()
    supported = IdeaFactory(challenge=challenge, title="Supported")
    IdeaFactory(challenge=challenge, title="Not supported")
    services.cast_vote(user=voter, idea=supported)
    client.force_login(voter)

    response = client.get(challenge.url)

    flags = {idea.title: idea.viewer_has_voted for idea in response.context["ideas"]}
    assert flags == {"Supported": True, "Not supported": False}
    assert response.content.decode().count('aria-pressed="true"') == 1
    assert response.context["can_submit"] is True


# Query counts: fixed whatever the number of ideas, votes, tags and images.

# Logged-in viewers pay one query for the header's unread count (notifications.context_processors).
CHALLENGE_PAGE_QUERIES = {"anonymous": 17, "voter": 21}


def grow(challenge, voter, ideas: int) -> None:
    for n in range(ideas):
        idea = services.submit_idea(
            author=UserFactory(),
            challenge=challenge,
            title=f"Idea number {n} of {ideas}",
            body="With tags, images and votes.",
            tags=[f"tag {n}", "shared", f"group {n % 3}"],
            images=[image_upload(f"{n}-a.png"), image_upload(f"{n}-b.png")],
        )
        services.cast_vote(user=voter, idea=idea)
        services.cast_vote(user=UserFactory(), idea=idea)
        services.add_comment(idea=idea, author=UserFactory(), body="A comment")


def challenge_page_queries(client, challenge, django_assert_max_num_queries, bound) -> int:
    client.get(challenge.url)  # warms Wagtail's site root cache
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(challenge.url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("who", CHALLENGE_PAGE_QUERIES)
def test_challenge_page_uses_a_fixed_number_of_queries(
    client, brand, who, django_assert_max_num_queries
):
    voter = UserFactory()
    if who == "voter":
        client.force_login(voter)
    small = make_challenge(brand, title="Small")
    large = make_challenge(brand, title="Large")
    grow(small, voter, 3)
    grow(large, voter, 30)
    bound = CHALLENGE_PAGE_QUERIES[who]

    small_queries = challenge_page_queries(client, small, django_assert_max_num_queries, bound)
    large_queries = challenge_page_queries(client, large, django_assert_max_num_queries, bound)

    assert small_queries == large_queries == bound
