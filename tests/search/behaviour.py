"""What every search backend must do, whatever stores the index.

Import these into a test module and define a ``backend`` fixture there (see
``test_database_backend.py``); an external backend may also override ``index_everything``
(e.g. to refresh its index after draining the queue).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from challenges.models import ChallengePage
from cms.models import BrandPage
from ideas.models import Idea, Moderation
from search.indexing import drain, mark_dirty
from search.query import SearchQuery
from tests.factories import BrandFactory, IdeaFactory, make_challenge


@pytest.fixture
def index_everything(backend):
    """Queue every idea and page as services would, then drain the queue into ``backend``."""

    def run():
        mark_dirty("idea", Idea.objects.values_list("pk", flat=True))
        mark_dirty("challenge", ChallengePage.objects.values_list("pk", flat=True))
        mark_dirty("brand", BrandPage.objects.values_list("pk", flat=True))
        drain(backend=backend)

    return run


@pytest.fixture
def corpus(db, index_everything):
    """Two brands (English, French), a draft challenge and ideas of every visibility."""
    now = timezone.now()
    green = BrandFactory(name="Green Co", slug="green-co")
    verte = BrandFactory(name="Maison Verte", slug="maison-verte", language="fr")
    greener = make_challenge(green, title="Greener packaging")
    emballage = make_challenge(verte, title="Emballage durable")
    draft = make_challenge(green, title="Secret roadmap", live=False)

    def idea(challenge, title, body, *, tags=(), days=0, votes=1, **fields):
        made = IdeaFactory(
            challenge=challenge,
            title=title,
            body=body,
            created_at=now - timedelta(days=days),
            vote_count=votes,
            **fields,
        )
        if tags:
            made.tags.set(list(tags))
        return made

    ideas = {
        "title": idea(
            greener,
            "Recyclable bottles for shampoo",
            "Glass bottles replace plastic ones.",
            tags=["packaging", "glass"],
            days=4,
        ),
        "body": idea(
            greener,
            "Refill station in stores",
            "Bring back a recyclable pouch <b>now</b>: less plastic.",
            tags=["refill", "packaging"],
            days=3,
            votes=10,
            status="under_review",
        ),
        "french": idea(
            emballage,
            "Emballage écologique en carton",
            "Moins de plastic dans nos boîtes.",
            tags=["carton"],
            days=2,
        ),
        "unaccented": idea(
            greener, "Ecologique cups for cafes", "Coffee cups without plastic.", days=1, votes=50
        ),
        "hidden": idea(
            greener,
            "Recyclable lids hidden",
            "Lids made of plastic.",
            is_public=False,
            moderation=Moderation.HIDDEN,
        ),
        "pending": idea(
            greener,
            "Recyclable caps pending",
            "Caps made of plastic.",
            is_public=False,
            moderation=Moderation.PENDING,
        ),
        "draft": idea(draft, "Recyclable straws draft", "Straws made of plastic."),
    }
    index_everything()
    return {
        "ideas": ideas,
        "challenges": {"greener": greener, "emballage": emballage, "draft": draft},
        "brands": {"green": green, "verte": verte},
    }


def ids(results, kind="idea"):
    return [hit.pk for hit in results.hits if hit.kind == kind]


def search(backend, text, **options):
    return backend.search(SearchQuery(text=text, **options))


def facet(results, name):
    return {value.value: value.count for value in results.facets[name]}


class TestRanking:
    def test_a_title_match_outranks_a_body_match(self, backend, corpus):
        found = ids(search(backend, "recyclable"))
        assert found[:2] == [corpus["ideas"]["title"].pk, corpus["ideas"]["body"].pk]

    def test_every_word_must_match(self, backend, corpus):
        found = ids(search(backend, "recyclable glass"))
        assert found == [corpus["ideas"]["title"].pk]

    def test_highlights_are_escaped_and_marked(self, backend, corpus):
        results = search(backend, "pouch")
        (hit,) = [hit for hit in results.hits if hit.pk == corpus["ideas"]["body"].pk]
        assert "<mark>pouch</mark>" in hit.highlight
        assert "<b>" not in hit.highlight
        assert hit.url == corpus["ideas"]["body"].get_absolute_url()


class TestLanguage:
    def test_an_unaccented_query_finds_accented_words(self, backend, corpus):
        found = ids(search(backend, "ecologique"))
        assert corpus["ideas"]["french"].pk in found
        assert corpus["ideas"]["unaccented"].pk in found

    def test_an_accented_query_finds_unaccented_words(self, backend, corpus):
        found = ids(search(backend, "écologique"))
        assert corpus["ideas"]["french"].pk in found
        assert corpus["ideas"]["unaccented"].pk in found

    def test_a_typo_still_finds_the_word(self, backend, corpus):
        found = ids(search(backend, "recyclabel"))
        assert corpus["ideas"]["title"].pk in found

    def test_nonsense_finds_nothing(self, backend, corpus):
        results = search(backend, "xylophonequartz")
        assert results.hits == []
        assert results.total == 0


class TestFacets:
    def test_counts_over_the_matching_ideas(self, backend, corpus):
        results = search(backend, "plastic")
        green, verte = corpus["challenges"]["greener"], corpus["challenges"]["emballage"]
        assert facet(results, "brand") == {"green-co": 3, "maison-verte": 1}
        assert facet(results, "challenge") == {str(green.pk): 3, str(verte.pk): 1}
        assert facet(results, "status") == {"submitted": 3, "under_review": 1}
        assert facet(results, "tag") == {"packaging": 2, "glass": 1, "refill": 1, "carton": 1}
        labels = {value.value: value.label for value in results.facets["brand"]}
        assert labels == {"green-co": "Green Co", "maison-verte": "Maison Verte"}

    def test_a_filter_narrows_the_others_but_not_its_own_facet(self, backend, corpus):
        results = search(backend, "plastic", filters={"brand": "green-co"})
        assert sorted(ids(results)) == sorted(
            corpus["ideas"][key].pk for key in ("title", "body", "unaccented")
        )
        assert results.total == 3
        assert facet(results, "brand") == {"green-co": 3, "maison-verte": 1}
        assert [v.value for v in results.facets["brand"] if v.selected] == ["green-co"]
        assert facet(results, "tag") == {"packaging": 2, "glass": 1, "refill": 1}

    @pytest.mark.parametrize(
        ("name", "value", "expected"),
        [
            ("status", "under_review", ["body"]),
            ("tag", "carton", ["french"]),
            ("tag", "packaging", ["title", "body"]),
        ],
    )
    def test_filters(self, backend, corpus, name, value, expected):
        results = search(backend, "plastic", filters={name: value})
        assert sorted(ids(results)) == sorted(corpus["ideas"][key].pk for key in expected)
        assert results.total == len(expected)

    def test_challenge_filter(self, backend, corpus):
        emballage = corpus["challenges"]["emballage"]
        results = search(backend, "plastic", filters={"challenge": str(emballage.pk)})
        assert ids(results) == [corpus["ideas"]["french"].pk]


class TestSorts:
    def test_top_sorts_by_votes(self, backend, corpus):
        found = ids(search(backend, "plastic", sort="top"))
        assert found[:2] == [corpus["ideas"]["unaccented"].pk, corpus["ideas"]["body"].pk]

    def test_new_sorts_by_creation(self, backend, corpus):
        found = ids(search(backend, "plastic", sort="new"))
        expected = ["unaccented", "french", "body", "title"]
        assert found == [corpus["ideas"][key].pk for key in expected]


class TestVisibility:
    @pytest.mark.parametrize("text", ["lids", "caps", "straws", "recyclable plastic"])
    def test_hidden_pending_and_draft_challenge_ideas_are_never_found(self, backend, corpus, text):
        found = ids(search(backend, text))
        hidden = [corpus["ideas"][key].pk for key in ("hidden", "pending", "draft")]
        assert not set(found) & set(hidden)

    def test_a_draft_challenge_is_not_found(self, backend, corpus):
        assert ids(search(backend, "Secret roadmap"), "challenge") == []

    def test_an_idea_hidden_after_indexing_disappears(self, backend, corpus, index_everything):
        idea = corpus["ideas"]["title"]
        Idea.objects.filter(pk=idea.pk).update(is_public=False, moderation=Moderation.HIDDEN)
        index_everything()
        assert idea.pk not in ids(search(backend, "shampoo"))


class TestPages:
    def test_challenges_are_found_by_title(self, backend, corpus):
        results = search(backend, "Greener packaging")
        assert corpus["challenges"]["greener"].pk in ids(results, "challenge")
        assert results.total == len(results.hits)

    def test_brand_pages_are_found_by_title(self, backend, corpus):
        found = ids(search(backend, "Maison Verte"), "brand")
        assert found == [corpus["brands"]["verte"].page.pk]

    def test_pages_are_left_out_when_filtering(self, backend, corpus):
        results = search(backend, "Greener packaging", filters={"brand": "green-co"})
        assert ids(results, "challenge") == []


class TestSimilarIdeas:
    def test_similar_titles_with_a_typo(self, backend, corpus):
        hits = backend.similar_ideas(title="Recyclabel bottles for conditioner")
        assert hits[0].pk == corpus["ideas"]["title"].pk
        assert all(hit.kind == "idea" for hit in hits)

    def test_limited_to_a_challenge_and_to_public_ideas(self, backend, corpus):
        emballage = corpus["challenges"]["emballage"]
        hits = backend.similar_ideas(title="Recyclable bottles", challenge_id=emballage.pk)
        assert hits == []
        hidden = [corpus["ideas"][key].pk for key in ("hidden", "pending", "draft")]
        found = [hit.pk for hit in backend.similar_ideas(title="Recyclable lids caps straws")]
        assert not set(found) & set(hidden)

    def test_limit(self, backend, corpus):
        assert len(backend.similar_ideas(title="plastic cups bottles", limit=2)) <= 2


@pytest.fixture
def many_ideas(db, index_everything):
    challenge = make_challenge(BrandFactory(), title="Garden")
    made = [
        IdeaFactory(challenge=challenge, title=f"Compost bin model {n}", body="Worms welcome.")
        for n in range(25)
    ]
    index_everything()
    return made


class TestPagination:
    @pytest.mark.parametrize("sort", ["relevance", "top", "new"])
    def test_pages_cover_every_result_once(self, backend, many_ideas, sort):
        seen = []
        for page in (1, 2, 3):
            results = search(backend, "compost", sort=sort, page=page, per_page=10)
            assert results.total == 25
            assert results.has_next == (page < 3)
            seen += ids(results)
        assert sorted(seen) == sorted(idea.pk for idea in many_ideas)

    def test_a_page_past_the_end_is_empty(self, backend, many_ideas):
        results = search(backend, "compost", page=4, per_page=10)
        assert results.hits == []
        assert results.total == 25
