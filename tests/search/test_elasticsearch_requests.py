"""The Elasticsearch backend up to the wire: the exact request bodies it sends (built with
``elasticsearch.dsl``), the documents it stores, and what it does when no cluster answers —
a refused port and a port that accepts but never replies, both real sockets.

Behaviour against a real cluster lives in ``tests/search/live`` (``ELASTICSEARCH_URL``).
"""

import logging
import socket

import pytest
from elasticsearch import ConnectionError as EsConnectionError

from ideas import services
from search.backends import get_backend
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    alias_actions,
    build_idea_search,
    build_page_search,
    build_similar,
    facets_from,
    includes_pages,
    page_window,
    pick_highlight,
    to_hit,
)
from search.documents import (
    brand_page_document,
    bulk_actions,
    challenge_document,
    editorial_page_document,
    idea_document,
    index_body,
)
from search.query import SearchQuery
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge

ANALYSIS = {
    "analyzer": {
        "folded": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding"],
        },
        "en_folded": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["en_possessive", "lowercase", "asciifolding", "en_stemmer"],
        },
        "fr_folded": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["fr_elision", "lowercase", "asciifolding", "fr_stemmer"],
        },
    },
    "filter": {
        "en_possessive": {"type": "stemmer", "language": "possessive_english"},
        "en_stemmer": {"type": "stemmer", "language": "english"},
        "fr_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "lorsqu", "puisqu"],
        },
        "fr_stemmer": {"type": "stemmer", "language": "light_french"},
    },
    "normalizer": {
        "folded_keyword": {"type": "custom", "filter": ["lowercase", "asciifolding"]},
    },
}
LANGUAGE_TEXT = {
    "type": "text",
    "analyzer": "folded",
    "fields": {
        "en": {"type": "text", "analyzer": "en_folded"},
        "fr": {"type": "text", "analyzer": "fr_folded"},
    },
}
STORED_ONLY = {"type": "keyword", "index": False, "doc_values": False}
IDEA_FIELDS = ["title^3", "title.en^3", "title.fr^3", "tag_names^2", "body", "body.en", "body.fr"]
PAGE_FIELDS = ["title^3", "title.en^3", "title.fr^3", "body", "body.en", "body.fr"]
HIGHLIGHT = {
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "encoder": "html",
    "fields": {
        "title": {"number_of_fragments": 0},
        "title.en": {"number_of_fragments": 0},
        "title.fr": {"number_of_fragments": 0},
        "body.en": {"fragment_size": 180, "number_of_fragments": 1},
        "body.fr": {"fragment_size": 180, "number_of_fragments": 1},
        "body": {"fragment_size": 180, "number_of_fragments": 1, "no_match_size": 180},
    },
}
RANKING = [
    {"field_value_factor": {"field": "vote_count", "modifier": "log1p", "missing": 0}},
    {"gauss": {"created_at": {"origin": "now", "offset": "1d", "scale": "30d", "decay": 0.5}}},
]


def word_match(word: str, fields: list[str]) -> dict:
    return {
        "multi_match": {
            "query": word,
            "fields": fields,
            "fuzziness": "AUTO",
            "operator": "and",
            "tie_breaker": 0.3,
        }
    }


def facet_agg(field: str, *filters: dict) -> dict:
    scope = {"bool": {"filter": list(filters)}} if filters else {"match_all": {}}
    return {"filter": scope, "aggs": {"top": {"terms": {"field": field, "size": 30}}}}


# Index settings and mappings


def test_ideas_index_has_folding_analyzers_and_explicit_mappings():
    assert index_body("ideas") == {
        "settings": {"number_of_shards": 1, "auto_expand_replicas": "0-1", "analysis": ANALYSIS},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "pk": {"type": "integer"},
                "title": LANGUAGE_TEXT,
                "title_suggest": {"type": "search_as_you_type", "analyzer": "folded"},
                "body": LANGUAGE_TEXT,
                "tags": {"type": "keyword"},
                "tag_names": {"type": "keyword", "normalizer": "folded_keyword"},
                "brand": {"type": "keyword"},
                "challenge": {"type": "keyword"},
                "status": {"type": "keyword"},
                "language": {"type": "keyword"},
                "vote_count": {"type": "integer"},
                "hot_score": {"type": "float"},
                "created_at": {"type": "date"},
                "is_public": {"type": "boolean"},
                "url": STORED_ONLY,
            },
        },
    }


def test_pages_index_holds_challenges_and_brand_pages_with_the_same_analyzers():
    body = index_body("pages")

    assert body["settings"]["analysis"]["analyzer"] == ANALYSIS["analyzer"]
    assert body["mappings"] == {
        "dynamic": "strict",
        "properties": {
            "kind": {"type": "keyword"},
            "pk": {"type": "integer"},
            "title": LANGUAGE_TEXT,
            "body": LANGUAGE_TEXT,
            "brand": {"type": "keyword"},
            "language": {"type": "keyword"},
            "url": STORED_ONLY,
        },
    }


# Search bodies


def test_search_with_filters_sort_and_page():
    query = SearchQuery(
        text="écologique  jars",
        filters={"brand": "acme", "tag": "zero-waste", "colour": "red", "status": ""},
        sort="top",
        page=3,
        per_page=10,
    )
    brand, tag = {"term": {"brand": "acme"}}, {"term": {"tags": "zero-waste"}}

    assert build_idea_search(query).to_dict() == {
        "query": {
            "function_score": {
                "query": {
                    "bool": {
                        "must": [
                            {
                                "bool": {
                                    "must": [
                                        word_match("écologique", IDEA_FIELDS),
                                        word_match("jars", IDEA_FIELDS),
                                    ]
                                }
                            }
                        ],
                        "filter": [{"term": {"is_public": True}}],
                    }
                },
                "functions": RANKING,
                "score_mode": "sum",
                "boost_mode": "multiply",
            }
        },
        "post_filter": {"bool": {"filter": [brand, tag]}},
        "aggs": {
            "brand": facet_agg("brand", tag),
            "challenge": facet_agg("challenge", brand, tag),
            "status": facet_agg("status", brand, tag),
            "tag": facet_agg("tags", brand),
        },
        "sort": [{"vote_count": {"order": "desc"}}, {"pk": {"order": "desc"}}],
        "track_total_hits": True,
        "from": 20,
        "size": 10,
        "_source": ["pk", "title", "url"],
        "highlight": HIGHLIGHT,
    }


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("relevance", ["_score", {"created_at": {"order": "desc"}}, {"pk": {"order": "desc"}}]),
        ("new", [{"created_at": {"order": "desc"}}, {"pk": {"order": "desc"}}]),
        ("nonsense", ["_score", {"created_at": {"order": "desc"}}, {"pk": {"order": "desc"}}]),
    ],
)
def test_sorts(sort, expected):
    assert build_idea_search(SearchQuery("glass", sort=sort)).to_dict()["sort"] == expected


def test_browsing_without_words_matches_everything_by_trending_score():
    body = build_idea_search(SearchQuery("  ", filters={"status": "planned"})).to_dict()

    assert body["query"]["function_score"]["query"]["bool"]["must"] == [{"match_all": {}}]
    assert body["sort"] == [{"hot_score": {"order": "desc"}}, {"pk": {"order": "desc"}}]
    assert body["post_filter"] == {"bool": {"filter": [{"term": {"status": "planned"}}]}}


def test_each_facet_counts_with_the_other_filters_but_not_its_own():
    aggs = build_idea_search(SearchQuery("glass", filters={"status": "planned"})).to_dict()["aggs"]

    assert aggs == {
        "brand": facet_agg("brand", {"term": {"status": "planned"}}),
        "challenge": facet_agg("challenge", {"term": {"status": "planned"}}),
        "status": facet_agg("status"),
        "tag": facet_agg("tags", {"term": {"status": "planned"}}),
    }


def test_without_filters_there_is_no_post_filter():
    body = build_idea_search(SearchQuery("glass")).to_dict()

    assert "post_filter" not in body
    assert body["from"] == 0 and body["size"] == 20


def test_page_search_matches_titles_and_bodies_in_both_languages():
    assert build_page_search(SearchQuery("glass"), start=3, size=7).to_dict() == {
        "query": {"bool": {"must": [word_match("glass", PAGE_FIELDS)]}},
        "sort": ["_score", {"pk": {"order": "desc"}}],
        "track_total_hits": True,
        "from": 3,
        "size": 7,
        "_source": ["kind", "pk", "title", "url"],
        "highlight": HIGHLIGHT,
    }


def test_at_most_eight_words_are_searched():
    body = build_page_search(SearchQuery(" ".join(f"w{n}" for n in range(12))), start=0, size=1)

    assert len(body.to_dict()["query"]["bool"]["must"]) == 8


@pytest.mark.parametrize(
    "query, expected",
    [
        (SearchQuery("glass"), True),
        (SearchQuery("glass", sort="top"), False),
        (SearchQuery("glass", filters={"brand": "acme"}), False),
        (SearchQuery("glass", filters={"brand": ""}), True),
        (SearchQuery("  "), False),
    ],
)
def test_pages_follow_ideas_only_for_text_by_relevance_without_filters(query, expected):
    assert includes_pages(query) is expected


@pytest.mark.parametrize(
    "page, idea_total, window",
    [(1, 50, (0, 0)), (1, 15, (0, 5)), (2, 15, (5, 20)), (3, 15, (25, 20)), (1, 0, (0, 20))],
)
def test_pages_fill_the_page_after_the_last_idea(page, idea_total, window):
    assert page_window(SearchQuery("glass", page=page), idea_total) == window


def test_similar_ideas_query_is_search_as_you_type_with_typos():
    assert build_similar(title="glas jar", challenge_id=4, limit=3).to_dict() == {
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": "glas jar",
                            "type": "bool_prefix",
                            "fields": [
                                "title_suggest",
                                "title_suggest._2gram",
                                "title_suggest._3gram",
                            ],
                            "fuzziness": "AUTO",
                            "minimum_should_match": "2<75%",
                        }
                    }
                ],
                "filter": [{"term": {"is_public": True}}, {"term": {"challenge": "4"}}],
            }
        },
        "size": 3,
        "_source": ["pk", "title", "url"],
    }


def test_similar_ideas_across_challenges_has_no_challenge_filter():
    body = build_similar(title="glass").to_dict()

    assert body["query"]["bool"]["filter"] == [{"term": {"is_public": True}}]
    assert body["size"] == 5


def test_alias_switch_is_one_atomic_request():
    assert alias_actions("cocreate-ideas", "cocreate-ideas-v2", ["cocreate-ideas-v1"]) == [
        {"add": {"index": "cocreate-ideas-v2", "alias": "cocreate-ideas"}},
        {"remove": {"index": "cocreate-ideas-v1", "alias": "cocreate-ideas"}},
    ]
    assert alias_actions("cocreate-ideas", "cocreate-ideas-v1", []) == [
        {"add": {"index": "cocreate-ideas-v1", "alias": "cocreate-ideas"}}
    ]


# Reading responses


@pytest.mark.parametrize(
    "fragments, expected",
    [
        (
            {"title.en": ["<mark>Glass</mark> jar"], "body.fr": ["a <mark>glass</mark> &amp; b"]},
            "a <mark>glass</mark> &amp; b",
        ),
        (
            {"title.en": ["<mark>Glass</mark> jar"], "body": ["Return &lt;b&gt;"]},
            "<mark>Glass</mark> jar",
        ),
        ({"body": ["Return &lt;b&gt;"]}, "Return &lt;b&gt;"),
        ({}, ""),
    ],
)
def test_highlight_prefers_body_matches_then_title_matches_then_the_body_opening(
    fragments, expected
):
    assert pick_highlight(fragments) == expected


def test_hits_carry_kind_pk_title_url_and_score():
    raw = {
        "_score": None,
        "_source": {"kind": "brand", "pk": 7, "title": "Acme", "url": "/brands/acme/"},
        "highlight": {"body": ["About us"]},
    }

    hit = to_hit(raw)

    assert (hit.kind, hit.pk, hit.title, hit.url, hit.highlight, hit.score) == (
        "brand",
        7,
        "Acme",
        "/brands/acme/",
        "About us",
        0.0,
    )


def test_facets_are_labelled_from_the_database(challenge):
    def buckets(*pairs):
        return {"top": {"buckets": [{"key": key, "doc_count": n} for key, n in pairs]}}

    aggregations = {
        "brand": buckets((challenge.brand.slug, 3)),
        "challenge": buckets((str(challenge.pk), 3)),
        "status": buckets(("planned", 2), ("submitted", 1)),
        "tag": buckets(("unknown-tag", 1)),
    }

    facets = facets_from(aggregations, {"status": "planned"})

    assert [(v.value, v.label, v.count) for v in facets["brand"]] == [
        (challenge.brand.slug, challenge.brand.name, 3)
    ]
    assert [(v.label, v.count) for v in facets["challenge"]] == [(challenge.title, 3)]
    assert [(v.label, v.selected) for v in facets["status"]] == [
        ("Planned", True),
        ("Submitted", False),
    ]
    assert [(v.value, v.label) for v in facets["tag"]] == [("unknown-tag", "unknown-tag")]


# Documents


def test_idea_document(challenge):
    idea = services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title="Bocal écologique",
        body="Rapportez vos **bocaux** & gagnez.",
        tags=["Zéro déchet", "verre"],
    )

    document = idea_document(idea).to_dict()

    assert document == {
        "pk": idea.pk,
        "title": "Bocal écologique",
        "title_suggest": "Bocal écologique",
        "body": "Rapportez vos bocaux & gagnez.",
        "tags": ["verre", "zéro-déchet"],
        "tag_names": ["verre", "zéro déchet"],
        "brand": challenge.brand.slug,
        "challenge": str(challenge.pk),
        "status": "submitted",
        "language": getattr(challenge.brand, "language", "en"),
        "vote_count": idea.vote_count,
        "hot_score": idea.hot_score,
        "created_at": idea.created_at,
        "is_public": True,
        "url": idea.get_absolute_url(),
    }


def test_page_documents(challenge):
    brand_page = challenge.brand.page

    challenge_doc = challenge_document(challenge).to_dict()
    brand_doc = brand_page_document(brand_page).to_dict()

    assert challenge_doc["kind"] == "challenge"
    assert challenge_doc["pk"] == challenge.pk
    assert challenge_doc["body"] == "Help us design it. The brief."
    assert challenge_doc["url"] == challenge.get_url()
    assert brand_doc["kind"] == "brand"
    assert brand_doc["body"] == "A brand that listens."
    assert brand_doc["brand"] == challenge.brand.slug


def test_bulk_actions_index_public_ideas_and_delete_the_rest(challenge, settings):
    settings.SEARCH_INDEX_PREFIX = "t1"
    public = IdeaFactory(challenge=challenge)
    hidden = IdeaFactory(challenge=challenge, is_public=False)
    draft = IdeaFactory(challenge=make_challenge(challenge.brand, title="Draft", live=False))

    actions = bulk_actions("idea", [public.pk, hidden.pk, draft.pk, 999_999])

    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "t1-ideas", str(public.pk)),
        ("delete", "t1-ideas", str(hidden.pk)),
        ("delete", "t1-ideas", str(draft.pk)),
        ("delete", "t1-ideas", "999999"),
    ]
    assert actions[0]["_source"]["title"] == public.title


def test_bulk_actions_for_pages_use_kind_prefixed_ids(challenge, settings):
    settings.SEARCH_INDEX_PREFIX = "t1"
    draft = make_challenge(challenge.brand, title="Draft", live=False)

    actions = bulk_actions("challenge", [challenge.pk, draft.pk])

    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "t1-pages", f"challenge-{challenge.pk}"),
        ("delete", "t1-pages", f"challenge-{draft.pk}"),
    ]


# No cluster: real sockets, no mock


def test_get_backend_is_elasticsearch_with_the_database_behind_when_the_url_is_set(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"

    backend = get_backend()

    assert isinstance(backend, ElasticsearchBackend)
    assert backend.fallback.name == "database"


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers: a hung cluster."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


@pytest.fixture
def glass_idea(challenge):
    from search.backends.database import DatabaseBackend

    idea = services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title="Glass jar deposit",
        body="Return your jars for credit.",
        tags=[],
    )
    DatabaseBackend().index("idea", [idea.pk])
    return idea


@pytest.mark.parametrize("where", ["refused", "silent"])
def test_search_falls_back_to_the_database_and_warns(glass_idea, silent_port, caplog, where):
    from search.backends.database import DatabaseBackend

    url = "http://127.0.0.1:1" if where == "refused" else f"http://127.0.0.1:{silent_port}"
    backend = ElasticsearchBackend(fallback=DatabaseBackend(), url=url, timeout=0.3)

    with caplog.at_level(logging.WARNING, logger="search.backends.elasticsearch"):
        results = backend.search(SearchQuery("glass"))
        similar = backend.similar_ideas(title="glass jar")

    assert results.backend.startswith("database")
    assert [hit.pk for hit in results.hits] == [glass_idea.pk]
    assert [hit.pk for hit in similar] == [glass_idea.pk]
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name == "search.backends.elasticsearch" and r.levelno == logging.WARNING
    ]
    assert len(warnings) == 2
    assert all("the database answers" in message for message in warnings)


def test_index_errors_reach_the_caller_so_the_queue_retries(glass_idea):
    from search.backends.database import DatabaseBackend

    backend = ElasticsearchBackend(fallback=DatabaseBackend(), url="http://127.0.0.1:1")

    with pytest.raises(EsConnectionError):
        backend.index("idea", [glass_idea.pk])
    with pytest.raises(EsConnectionError):
        backend.delete("idea", [glass_idea.pk])


def test_brand_factory_pages_are_indexed_as_brand_kind(db, settings):
    settings.SEARCH_INDEX_PREFIX = "t1"
    brand = BrandFactory()

    actions = bulk_actions("brand", [brand.page.pk])

    assert actions[0]["_id"] == f"brand-{brand.page.pk}"
    assert actions[0]["_source"]["kind"] == "brand"


def test_wiki_and_changelog_documents(db, settings):
    from cms.models import ChangelogPage, WikiPage
    from tests.search.behaviour import FAQ, add_page, paragraph

    settings.SEARCH_INDEX_PREFIX = "t1"
    brand = BrandFactory(slug="footloose")
    wiki = add_page(brand.page, WikiPage, title="Soles", summary="Made well.", body=[FAQ])
    post = add_page(
        brand.page, ChangelogPage, title="Laces", intro="Shipped.", body=[paragraph("<p>Yes</p>")]
    )
    draft = add_page(brand.page, WikiPage, title="Draft", live=False)

    wiki_doc = editorial_page_document("wiki", wiki).to_dict()
    post_doc = editorial_page_document("changelog", post).to_dict()

    assert wiki_doc == {
        "kind": "wiki",
        "pk": wiki.pk,
        "title": "Soles",
        "body": "Made well. Questions How long do the soles last? About 1,000 km.",
        "brand": "footloose",
        "language": "en",
        "url": wiki.get_url(),
    }
    assert (post_doc["kind"], post_doc["body"]) == ("changelog", "Shipped. Yes")
    actions = bulk_actions("wiki", [wiki.pk, draft.pk]) + bulk_actions("changelog", [post.pk])
    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "t1-pages", f"wiki-{wiki.pk}"),
        ("delete", "t1-pages", f"wiki-{draft.pk}"),
        ("index", "t1-pages", f"changelog-{post.pk}"),
    ]
