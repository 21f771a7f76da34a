"""/search/?q=…: public ideas of published challenges, every term must match."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from ideas import services
from tests.factories import IdeaFactory, UserFactory, image_upload, make_challenge

URL = "/search/"


def found(response) -> list[str]:
    return [idea.title for idea in response.context["page_obj"]]


@pytest.fixture
def ideas(challenge):
    services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title="Glass jar deposit",
        body="Return your jars for credit.",
        tags=["zero waste"],
    )
    services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title="Refill station",
        body="Bring a GLASS bottle and fill it.",
        tags=["refill"],
    )
    IdeaFactory(challenge=challenge, title="Secret glass idea", is_public=False)
    IdeaFactory(challenge=make_challenge(challenge.brand, title="Draft", live=False), title="Glass")


def test_empty_query_shows_only_the_form(client, ideas):
    response = client.get(URL, {"q": "   "})

    assert response.status_code == 200
    assert response.context["page_obj"] is None
    assertNotContains(response, "result")


@pytest.mark.parametrize(
    "query, titles",
    [
        ("glass", ["Refill station", "Glass jar deposit"]),
        ("GLASS jars", ["Glass jar deposit"]),
        ("refill", ["Refill station"]),
        ("zero", []),
        ("nothing-matches", []),
    ],
)
def test_search_matches_titles_bodies_and_whole_tags(client, ideas, query, titles):
    response = client.get(URL, {"q": query})

    assert found(response) == titles
    assertContains(response, f"{len(titles)} result")
    assertContains(response, f'value="{query}"')


def test_private_and_unpublished_ideas_are_never_found(client, ideas):
    client.force_login(UserFactory())

    response = client.get(URL, {"q": "secret"})
    assert found(response) == []

    response = client.get(URL, {"q": "glass"})
    assert found(response) == ["Refill station", "Glass jar deposit"]
    assertNotContains(response, "Secret glass idea")


def test_results_show_the_viewers_votes_and_paginate(client, challenge, settings):
    settings.IDEAS_PER_PAGE = 2
    voter = UserFactory()
    created = [IdeaFactory(challenge=challenge, title=f"Lamp idea {n}") for n in range(3)]
    services.cast_vote(user=voter, idea=created[0])
    client.force_login(voter)

    first = client.get(URL, {"q": "lamp"})
    second = client.get(URL, {"q": "lamp", "page": 2})

    assert found(first) == ["Lamp idea 0", "Lamp idea 2"]
    assert [idea.viewer_has_voted for idea in first.context["page_obj"]] == [True, False]
    assertContains(first, 'href="?q=lamp&amp;page=2"')
    assert found(second) == ["Lamp idea 1"]


def test_results_show_the_cover_image_like_every_idea_list(client, challenge):
    idea = services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title="Lamp with photos",
        body="Two photos of the lamp.",
        images=[image_upload("front.png"), image_upload("back.png")],
    )
    services.make_thumbnails(image_ids=idea.images.values_list("pk", flat=True))

    response = client.get(URL, {"q": "lamp"})

    front, back = idea.images.all()
    assertContains(response, f'src="{front.thumbnail.url}"')
    assertNotContains(response, back.thumbnail.url)


def test_search_uses_a_fixed_number_of_queries(client, challenge, django_assert_max_num_queries):
    def queries() -> int:
        client.get(URL, {"q": "lamp"})
        with django_assert_max_num_queries(20) as captured:
            response = client.get(URL, {"q": "lamp"})
        assert response.status_code == 200
        return len(captured.captured_queries)

    client.force_login(UserFactory())
    for n in range(2):
        services.submit_idea(
            author=UserFactory(),
            challenge=challenge,
            title=f"Lamp {n}",
            body="A lamp idea",
            tags=["x"],
        )
    small = queries()
    for n in range(2, 20):
        services.submit_idea(
            author=UserFactory(),
            challenge=challenge,
            title=f"Lamp {n}",
            body="A lamp idea",
            tags=["y"],
        )

    assert queries() == small
