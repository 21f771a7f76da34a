"""What every search backend must do, whatever stores the index.

Import these into a test module and define a ``backend`` fixture there (see
``test_database_backend.py``); an external backend may also override ``index_everything``
(e.g. to refresh its index after draining the queue).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from challenges.models import ChallengePage
from cms.models import BrandPage, ChangelogPage, WikiPage
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
        mark_dirty("wiki", WikiPage.objects.values_list("pk", flat=True))
        mark_dirty("changelog", ChangelogPage.objects.values_list("pk", flat=True))
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


FAQ = {
    "type": "faq",
    "value": {
        "title": "Questions",
        "items": [
            {"question": "How long do the soles last?", "answer": "<p>About 1,000 km.</p>"},
        ],
    },
}
COSTS = {
    "type": "cost_breakdown",
    "value": {
        "product": "Trail trainer",
        "currency": "EUR",
        "price": "120.00",
        "parts": [
            {"label": "Natural rubber", "kind": "materials", "amount": "30.00"},
            {"label": "Stitching", "kind": "labour", "amount": "90.00"},
        ],
        "note": "",
    },
}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def add_page(parent, model, *, title: str, live: bool = True, **fields):
    page = parent.add_child(instance=model(title=title, live=live, **fields))
    if live:
        page.save_revision().publish()
    return page


@pytest.fixture
def editorial(db, index_everything):
    """A brand's wiki (nested pages, an FAQ, a cost breakdown), a changelog post, and wiki
    text nobody may find: a draft page and an unpublished edit of a live page."""
    brand = BrandFactory(name="Footloose", slug="footloose").page
    made = add_page(
        brand,
        WikiPage,
        title="How our trainers are made",
        summary="Materials and suppliers.",
        body=[paragraph("<p>Every pair is <b>glued</b> &amp; stitched.</p>"), FAQ, COSTS],
    )
    pages = {
        "made": made,
        "repair": add_page(
            made, WikiPage, title="Repair guide", body=[paragraph("<p>Cobblers.</p>")]
        ),
        "laces": add_page(
            brand,
            ChangelogPage,
            title="Recycled laces shipped",
            intro="You asked for laces made of bottles.",
            body=[paragraph("<p>They arrive in stores this spring.</p>")],
        ),
        "draft": add_page(brand, WikiPage, title="Unreleased sandals", live=False),
        "care": add_page(brand, WikiPage, title="Care", body=[paragraph("<p>Brush gently.</p>")]),
    }
    care = pages["care"]
    care.body = [paragraph("<p>Waterproofing spray.</p>")]
    care.save_revision()
    index_everything()
    return pages


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


class TestEditorialPages:
    def test_a_wiki_page_is_found_by_its_faq_with_url_and_highlight(self, backend, editorial):
        results = search(backend, "soles")
        (hit,) = results.hits
        assert (hit.kind, hit.pk) == ("wiki", editorial["made"].pk)
        assert hit.title == "How our trainers are made"
        assert hit.url == editorial["made"].get_url()
        assert "<mark>soles</mark>" in hit.highlight
        assert results.total == 1

    @pytest.mark.parametrize("text", ["rubber", "suppliers", "glued stitched", "trainers"])
    def test_wiki_summary_body_and_cost_breakdown_are_searched(self, backend, editorial, text):
        assert ids(search(backend, text), "wiki") == [editorial["made"].pk]

    def test_highlights_of_rich_text_are_plain_and_escaped(self, backend, editorial):
        (hit,) = search(backend, "glued").hits
        assert "<b>" not in hit.highlight
        assert "<mark>glued</mark> &amp; stitched" in hit.highlight

    def test_nested_wiki_pages_are_found(self, backend, editorial):
        assert ids(search(backend, "repair guide"), "wiki") == [editorial["repair"].pk]

    def test_changelog_posts_are_found_by_title_intro_and_body(self, backend, editorial):
        for text in ("recycled laces", "bottles", "spring"):
            results = search(backend, text)
            assert ids(results, "changelog") == [editorial["laces"].pk], text
        (hit,) = search(backend, "bottles").hits
        assert hit.url == editorial["laces"].get_url()
        assert "<mark>bottles</mark>" in hit.highlight

    @pytest.mark.parametrize("text", ["sandals", "waterproofing"])
    def test_drafts_and_unpublished_edits_are_never_found(self, backend, editorial, text):
        assert search(backend, text).hits == []

    def test_the_published_text_of_an_edited_page_is_found(self, backend, editorial):
        assert ids(search(backend, "brush"), "wiki") == [editorial["care"].pk]

    def test_an_unpublished_page_disappears(self, backend, editorial, index_everything):
        editorial["laces"].unpublish()
        index_everything()
        assert search(backend, "bottles").hits == []

    def test_pages_are_left_out_when_filtering(self, backend, editorial):
        assert search(backend, "soles", filters={"brand": "footloose"}).hits == []


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
