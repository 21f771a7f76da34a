"""/search/?q=&brand=&challenge=&status=&tag=&sort=&page=: ideas as cards with their
highlight, challenges and brands as rows, facets with counts, sort and pagination."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from ideas import services
from ideas.roadmap import Status
from search.backends import get_backend
from tests.factories import BrandFactory, IdeaFactory, UserFactory, image_upload, make_challenge

URL = "/search/"


def reindex() -> None:
    get_backend().rebuild()


def found(response) -> list[str]:
    return [row["idea"].title for row in response.context["rows"] if row["idea"]]


def facet(response, name: str) -> dict[str, tuple[int, bool]]:
    for group in response.context["facets"]:
        if group["name"] == name:
            return {
                value["label"]: (value["count"], value["selected"]) for value in group["values"]
            }
    return {}


def idea(challenge, title: str, *, tags=(), status=Status.SUBMITTED, votes=1, days_ago=0, **kw):
    created = IdeaFactory(
        challenge=challenge,
        title=title,
        status=status,
        vote_count=votes,
        created_at=timezone.now() - timedelta(days=days_ago),
        **kw,
    )
    if tags:
        created.tags.add(*tags)
    return created


@pytest.fixture
def catalogue(db):
    """Three public glass ideas over two brands, and glass ideas nobody may find."""
    coop = BrandFactory(name="Fieldfare Co-op", slug="fieldfare")
    mobile = BrandFactory(name="Nimbus Mobile", slug="nimbus")
    aisles = make_challenge(coop, title="Zero-waste aisles")
    plans = make_challenge(mobile, title="Family plans")
    idea(aisles, "Glass jar deposit", tags=["zero waste"], votes=3, days_ago=5, body="Jars back.")
    idea(
        aisles,
        "Refill station",
        tags=["refill"],
        status=Status.PLANNED,
        votes=9,
        days_ago=9,
        body="Bring a GLASS bottle and fill it.",
    )
    idea(plans, "Glass screen protector", tags=["accessories"], votes=1, days_ago=1)
    idea(aisles, "Secret glass idea", is_public=False)
    idea(make_challenge(coop, title="Draft", live=False), "Glass in a draft")
    reindex()
    return {"coop": coop, "mobile": mobile, "aisles": aisles, "plans": plans}


def test_empty_query_shows_a_helpful_empty_state(client, catalogue):
    response = client.get(URL, {"q": "   "})

    assert response.status_code == 200
    assert response.context["results"] is None
    assertContains(response, "What are you looking for?")
    assertNotContains(response, "search-facets")


def test_ideas_render_as_cards_with_facets_and_counts(client, catalogue):
    response = client.get(URL, {"q": "glass"})

    assert sorted(found(response)) == [
        "Glass jar deposit",
        "Glass screen protector",
        "Refill station",
    ]
    assertContains(response, "3 results for “glass”")
    assertContains(response, 'class="idea-card"', count=3)
    assert facet(response, "brand") == {"Fieldfare Co-op": (2, False), "Nimbus Mobile": (1, False)}
    assert facet(response, "challenge") == {
        "Zero-waste aisles": (2, False),
        "Family plans": (1, False),
    }
    assert facet(response, "status")["Planned"] == (1, False)
    assert facet(response, "tag")["refill"] == (1, False)
    assertContains(response, '<span class="facet-count">2</span>', html=False)
    assertContains(response, 'href="?q=glass&amp;brand=nimbus"')
    assertNotContains(response, "Secret glass idea")
    assertNotContains(response, "Glass in a draft")


@pytest.mark.parametrize(
    "params, titles",
    [
        ({"brand": "nimbus"}, ["Glass screen protector"]),
        ({"status": "planned"}, ["Refill station"]),
        ({"tag": "zero-waste"}, ["Glass jar deposit"]),
        ({"brand": "fieldfare", "status": "submitted"}, ["Glass jar deposit"]),
    ],
)
def test_filters_narrow_the_results(client, catalogue, params, titles):
    response = client.get(URL, {"q": "glass", **params})

    assert found(response) == titles
    assert response.context["results"].total == len(titles)


def test_a_challenge_filter_narrows_and_can_be_removed(client, catalogue):
    response = client.get(URL, {"q": "glass", "challenge": catalogue["plans"].pk})

    assert found(response) == ["Glass screen protector"]
    assert facet(response, "challenge")["Family plans"] == (1, True)
    # Other values of the selected facet stay visible, with their counts.
    assert facet(response, "challenge")["Zero-waste aisles"] == (2, False)
    chip = response.context["selected"][0]
    assert (chip["facet"], chip["label"], chip["url"]) == ("Challenge", "Family plans", "?q=glass")
    assertContains(response, 'href="?q=glass"')


@pytest.mark.parametrize(
    "sort, titles",
    [
        ("top", ["Refill station", "Glass jar deposit", "Glass screen protector"]),
        ("new", ["Glass screen protector", "Glass jar deposit", "Refill station"]),
    ],
)
def test_sort_by_votes_or_date(client, catalogue, sort, titles):
    response = client.get(URL, {"q": "glass", "sort": sort})

    assert found(response) == titles
    current = [s["label"] for s in response.context["sorts"] if s["current"]]
    assert current == [{"top": "Most votes", "new": "Newest"}[sort]]
    assertContains(response, 'aria-current="true"')


def test_relevance_puts_the_title_match_first(client, catalogue):
    response = client.get(URL, {"q": "glass jar"})

    assert found(response)[0] == "Glass jar deposit"


def test_highlights_are_shown_and_the_text_around_them_escaped(client, challenge):
    idea(challenge, "Lamp for the desk", body="A <script>alert(1)</script> lamp that dims.")
    reindex()

    response = client.get(URL, {"q": "lamp"})

    assertContains(response, "<mark>")
    assertContains(response, 'class="search-highlight"')
    assertNotContains(response, "<script>alert(1)")


def test_challenges_and_brands_are_rows(client, catalogue):
    response = client.get(URL, {"q": "Nimbus"})
    assertContains(response, 'data-kind="brand"')
    assertContains(response, "Nimbus Mobile")

    response = client.get(URL, {"q": "aisles"})
    rows = [row for row in response.context["rows"] if row["hit"].kind == "challenge"]
    assert [row["hit"].title for row in rows] == ["Zero-waste aisles"]
    assertContains(response, f'href="{catalogue["aisles"].url}"')


def test_wiki_pages_and_changelog_posts_are_labelled_rows(client, db):
    from cms.models import ChangelogPage, WikiPage
    from tests.search.behaviour import FAQ, add_page

    brand = BrandFactory(slug="footloose").page
    wiki = add_page(brand, WikiPage, title="Trainers", body=[FAQ])
    add_page(brand, ChangelogPage, title="New soles shipped")
    reindex()

    response = client.get(URL, {"q": "soles"})

    assert sorted(row["hit"].kind for row in response.context["rows"]) == ["changelog", "wiki"]
    assertContains(response, 'data-kind="wiki"')
    assertContains(response, "Wiki page")
    assertContains(response, "Changelog post")
    assertContains(response, f'href="{wiki.url}"')


def test_pagination_keeps_the_query_and_the_filters(client, challenge, settings):
    settings.IDEAS_PER_PAGE = 2
    for n in range(3):
        idea(challenge, f"Lamp idea {n}", votes=n + 1, tags=["lights"])
    reindex()
    params = {"q": "lamp", "tag": "lights", "sort": "top"}

    first = client.get(URL, params)
    second = client.get(URL, {**params, "page": 2})

    assert found(first) == ["Lamp idea 2", "Lamp idea 1"]
    assertContains(first, 'href="?q=lamp&amp;tag=lights&amp;sort=top&amp;page=2"')
    assert found(second) == ["Lamp idea 0"]
    assertContains(second, 'href="?q=lamp&amp;tag=lights&amp;sort=top&amp;page=1"')
    assertContains(second, "Page 2 of 2")


def test_a_page_past_the_end_shows_the_last_page(client, challenge, settings):
    settings.IDEAS_PER_PAGE = 2
    for n in range(3):
        idea(challenge, f"Lamp idea {n}")
    reindex()

    response = client.get(URL, {"q": "lamp", "page": 40})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(found(response)) == 1


@pytest.mark.parametrize(
    "params, ignored",
    [
        ({"status": "bogus"}, "Status"),
        ({"challenge": "abc"}, "Challenge"),
        ({"brand": "not a slug!"}, "Brand"),
        ({"sort": "loudest"}, "Sort"),
        ({"page": "0"}, "Page"),
        ({"page": "99999999999999999999"}, "Page"),
    ],
)
def test_bad_parameters_are_ignored_with_a_message(client, catalogue, params, ignored):
    response = client.get(URL, {"q": "glass", **params})

    assert response.status_code == 200
    assert len(found(response)) == 3
    assertContains(response, f"“{ignored}” was ignored")


@pytest.mark.parametrize("q", ["glass" * 100, "glass\x00", "'\"); DROP TABLE --", "** (glass |"])
def test_odd_texts_never_fail(client, catalogue, q):
    response = client.get(URL, {"q": q})

    assert response.status_code == 200


def test_a_long_query_is_cut_not_refused(client, catalogue):
    response = client.get(URL, {"q": "glass " + "x" * 500})

    assert len(response.context["query"]) == 200


def test_only_get_is_allowed(client):
    assert client.post(URL, {"q": "glass"}).status_code == 405


def test_results_show_the_viewers_votes(client, challenge):
    voter = UserFactory()
    created = [idea(challenge, f"Lamp idea {n}", votes=5 - n) for n in range(2)]
    services.cast_vote(user=voter, idea=created[0])
    reindex()
    client.force_login(voter)

    response = client.get(URL, {"q": "lamp", "sort": "top"})

    cards = [row["idea"] for row in response.context["rows"]]
    assert [(c.title, c.viewer_has_voted) for c in cards] == [
        ("Lamp idea 0", True),
        ("Lamp idea 1", False),
    ]
    assertContains(response, 'aria-pressed="true"', count=1)


def test_results_show_the_cover_image_like_every_idea_list(client, challenge):
    created = services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title="Lamp with photos",
        body="Two photos of the lamp.",
        images=[image_upload("front.png"), image_upload("back.png")],
    )
    services.make_thumbnails(image_ids=created.images.values_list("pk", flat=True))
    reindex()

    response = client.get(URL, {"q": "lamp"})

    front, back = created.images.all()
    assertContains(response, f'src="{front.thumbnail.url}"')
    assertNotContains(response, back.thumbnail.url)


def test_an_idea_hidden_since_it_was_indexed_is_not_shown(client, catalogue):
    from ideas.models import Idea

    Idea.objects.filter(title="Refill station").update(is_public=False)

    response = client.get(URL, {"q": "glass"})

    assert "Refill station" not in found(response)


# The backend's match, ranking, four facet counts and highlight texts (8 with SQLite FTS5),
# then the cards (ideas, tags, covers), the viewer's votes, session, user and the bell.
SEARCH_QUERIES = 15


def test_the_number_of_queries_stays_fixed_as_results_grow(
    client, brand, django_assert_max_num_queries
):
    """Ideas of three challenges, with many tags: the page's cards load with their author,
    brand, challenge, tags, cover and the viewer's votes in one query each."""
    challenges = [make_challenge(brand, title=f"Lamps {n}") for n in range(3)]

    def queries() -> int:
        reindex()
        client.get(URL, {"q": "lamp", "tag": "lights"})
        with django_assert_max_num_queries(SEARCH_QUERIES) as captured:
            response = client.get(URL, {"q": "lamp", "tag": "lights"})
        assert response.status_code == 200
        return len(captured.captured_queries)

    client.force_login(UserFactory())
    idea(challenges[0], "Lamp 0", tags=["lights", "desk"])
    small = queries()
    for n in range(1, 20):
        idea(challenges[n % 3], f"Lamp {n}", tags=["lights", f"tag{n}"])

    assert queries() == small
    assert small <= SEARCH_QUERIES
