"""/search/similar/?title=&challenge=: the idea form's "Similar ideas" panel, as JSON."""

import pytest
from pytest_django.asserts import assertContains

from ideas.roadmap import Status
from search.backends import get_backend
from tests.factories import IdeaFactory, UserFactory, make_challenge

URL = "/search/similar/"
# SQLite FTS5: a vocabulary lookup per word, the match, the candidates, the texts, the ideas.
SIMILAR_QUERIES = 8


@pytest.fixture
def existing(challenge):
    glass = IdeaFactory(
        challenge=challenge, title="Glass jar deposit", vote_count=7, status=Status.PLANNED
    )
    IdeaFactory(challenge=challenge, title="Glass jar deposit scheme (secret)", is_public=False)
    IdeaFactory(challenge=challenge, title="Night running headlamp", body="Bright, light.")
    get_backend().rebuild()
    return glass


def titles(response) -> list[str]:
    return [result["title"] for result in response.json()["results"]]


def test_similar_ideas_come_with_their_link_votes_and_status(client, challenge, existing):
    response = client.get(URL, {"title": "deposit for glass jars", "challenge": challenge.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"][0] == {
        "title": "Glass jar deposit",
        "url": existing.get_absolute_url(),
        "votes": 7,
        "status": "planned",
        "status_label": "Planned",
    }
    assert "Night running headlamp" not in titles(response)


def test_a_typo_still_finds_the_idea(client, challenge, existing):
    response = client.get(URL, {"title": "glas jar depossit", "challenge": challenge.pk})

    assert "Glass jar deposit" in titles(response)


def test_private_ideas_are_never_suggested(client, challenge, existing):
    response = client.get(URL, {"title": "glass jar deposit scheme secret"})

    assert "Glass jar deposit scheme (secret)" not in titles(response)


def test_ideas_of_other_challenges_are_suggested_without_a_challenge(client, brand, existing):
    other = make_challenge(brand, title="Another challenge")

    response = client.get(URL, {"title": "glass jar deposit"})

    assert "Glass jar deposit" in titles(response)
    assert client.get(URL, {"title": "glass jar deposit", "challenge": other.pk}).status_code == 200


@pytest.mark.parametrize("title", ["", "   ", "gla"])
def test_a_short_title_answers_nothing(client, existing, title):
    response = client.get(URL, {"title": title})

    assert response.status_code == 200
    assert response.json() == {"results": []}


@pytest.mark.parametrize("value", ["abc", "0", "-3"])
def test_a_bad_challenge_is_a_400_with_the_reason(client, existing, value):
    response = client.get(URL, {"title": "glass jar", "challenge": value})

    assert response.status_code == 400
    assert "challenge" in response.json()["errors"]


def test_only_get_is_allowed(client):
    assert client.post(URL, {"title": "glass jar"}).status_code == 405


def test_the_number_of_queries_is_fixed(client, challenge, django_assert_max_num_queries):
    """The backend's lookups, then one query for the suggested ideas, however many."""

    def queries() -> int:
        get_backend().rebuild()
        client.get(URL, {"title": "glass jar deposit"})
        with django_assert_max_num_queries(SIMILAR_QUERIES) as captured:
            response = client.get(URL, {"title": "glass jar deposit"})
        assert response.status_code == 200
        return len(captured.captured_queries)

    IdeaFactory(challenge=challenge, title="Glass jar deposit")
    one = queries()
    for n in range(6):
        IdeaFactory(challenge=challenge, title=f"Glass jar deposit {n}")

    assert queries() == one
    assert len(client.get(URL, {"title": "glass jar deposit"}).json()["results"]) == 5


def test_the_idea_form_has_the_panel_and_still_posts_without_script(client, challenge):
    author = UserFactory()
    client.force_login(author)

    form = client.get(f"{challenge.url}submit/")

    assertContains(form, "data-similar-ideas")
    assertContains(form, 'aria-live="polite"')
    assertContains(form, 'data-for="id_title"')
    assertContains(form, "js/similar.js")
    posted = client.post(
        f"{challenge.url}submit/", {"title": "Glass jar deposit", "body": "Jars back for credit."}
    )
    assert posted.status_code == 302
    assert author.ideas.get().title == "Glass jar deposit"
