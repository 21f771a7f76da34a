"""Search served by Elasticsearch (``ELASTICSEARCH_URL``), built with ``elasticsearch.dsl``.

Reads degrade, writes retry:

- ``search()`` and ``similar_ideas()`` answer from the database backend (``fallback``) and
  log a warning when the cluster is unreachable, times out or refuses the request (a missing
  alias included: before the first ``search_reindex`` the database answers).
- ``index()``, ``delete()``, ``rebuild()`` and ``count()`` let errors propagate: the task
  draining the indexing queue then keeps its rows and retries them later. Bulk writes go to
  the alias only (``require_alias``), so a write before the first rebuild fails instead of
  auto-creating an index without our mappings.

``rebuild()`` fills a new ``<alias>-v<timestamp>`` index, then moves the alias in one atomic
``_aliases`` call and deletes the old versions, so search never sees a half-built index.
Updates drained from the queue while a rebuild runs land in the old index and are lost
with it; ``search_reindex --check`` reports the drift, or run a rebuild at a quiet time.

The ``build_*`` functions and ``alias_actions`` are pure: they return the exact request
bodies, which ``tests/search/test_elasticsearch_requests.py`` asserts.
"""

import functools
import logging

from django.conf import settings
from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.function import SF
from elasticsearch.helpers import BulkIndexError, bulk, streaming_bulk
from taggit.models import Tag

from brands.models import Brand
from challenges.models import ChallengePage
from ideas.models import Idea
from ideas.roadmap import Status
from search.documents import (
    IDEAS,
    INDEX_OF_KIND,
    PAGES,
    alias_name,
    bulk_actions,
    delete_action,
    index_action,
    index_body,
    searchable,
)
from search.query import FACETS, PAGE_KINDS, FacetValue, Hit, SearchQuery, SearchResults

logger = logging.getLogger(__name__)

UNAVAILABLE = (TransportError, ApiError)
BATCH = 500
MAX_TERMS = 8
MAX_FACET_VALUES = 30
SNIPPET_LENGTH = 180
REBUILD_TIMEOUT = 120

IDEA_FIELDS = ["title^3", "title.en^3", "title.fr^3", "tag_names^2", "body", "body.en", "body.fr"]
PAGE_FIELDS = ["title^3", "title.en^3", "title.fr^3", "body", "body.en", "body.fr"]
SUGGEST_FIELDS = ["title_suggest", "title_suggest._2gram", "title_suggest._3gram"]
FACET_FIELDS = {"brand": "brand", "challenge": "challenge", "status": "status", "tag": "tags"}
SORTS = {
    "relevance": ["_score", {"created_at": {"order": "desc"}}, {"pk": {"order": "desc"}}],
    "top": [{"vote_count": {"order": "desc"}}, {"pk": {"order": "desc"}}],
    "new": [{"created_at": {"order": "desc"}}, {"pk": {"order": "desc"}}],
}
BROWSE_SORT = [{"hot_score": {"order": "desc"}}, {"pk": {"order": "desc"}}]
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}
MARKED_FIELDS = ("body.en", "body.fr", "body", "title.en", "title.fr", "title")


def active_filters(query: SearchQuery) -> dict[str, str]:
    return {name: str(value) for name, value in query.filters.items() if name in FACETS and value}


def filter_clauses(filters: dict[str, str]) -> list[Q]:
    return [Q("term", **{FACET_FIELDS[name]: value}) for name, value in filters.items()]


def text_query(text: str, fields: list[str]) -> Q:
    """Every word must match one of ``fields`` (typos allowed); no words: everything."""
    words = text.split()[:MAX_TERMS]
    if not words:
        return Q("match_all")
    return Q(
        "bool",
        must=[
            Q(
                "multi_match",
                query=word,
                fields=fields,
                fuzziness="AUTO",
                operator="and",
                tie_breaker=0.3,
            )
            for word in words
        ],
    )


def ranked(query: Q) -> Q:
    """Text relevance × (log10(1 + votes) + recency), recency halving over ~30 days."""
    return Q(
        "function_score",
        query=query,
        functions=[
            SF("field_value_factor", field="vote_count", modifier="log1p", missing=0),
            SF("gauss", created_at={"origin": "now", "offset": "1d", "scale": "30d", "decay": 0.5}),
        ],
        score_mode="sum",
        boost_mode="multiply",
    )


def with_highlight(search: Search) -> Search:
    return (
        search.highlight_options(**HIGHLIGHT)
        .highlight("title", "title.en", "title.fr", number_of_fragments=0)
        .highlight("body.en", "body.fr", fragment_size=SNIPPET_LENGTH, number_of_fragments=1)
        .highlight(
            "body",
            fragment_size=SNIPPET_LENGTH,
            number_of_fragments=1,
            no_match_size=SNIPPET_LENGTH,
        )
    )


def build_idea_search(query: SearchQuery) -> Search:
    """Ideas matching ``query.text``; each facet counts with the other filters applied
    (filtered aggregations), the hits with all of them (``post_filter``)."""
    filters = active_filters(query)
    text = query.text.strip()
    search = Search().query(
        ranked(Q("bool", must=[text_query(text, IDEA_FIELDS)], filter=[Q("term", is_public=True)]))
    )
    if filters:
        search = search.post_filter(Q("bool", filter=filter_clauses(filters)))
    for facet, field in FACET_FIELDS.items():
        others = {name: value for name, value in filters.items() if name != facet}
        scope = Q("bool", filter=filter_clauses(others)) if others else Q("match_all")
        search.aggs.bucket(facet, "filter", filter=scope).bucket(
            "top", "terms", field=field, size=MAX_FACET_VALUES
        )
    sort = SORTS.get(query.sort, SORTS["relevance"])
    if query.sort == "relevance" and not text.split():
        sort = BROWSE_SORT
    search = search.sort(*sort).source(["pk", "title", "url"]).extra(track_total_hits=True)
    return with_highlight(search)[query.offset : query.offset + query.per_page]


def includes_pages(query: SearchQuery) -> bool:
    """Pages (challenges, brand, wiki and changelog pages) follow the ideas only for a text
    search by relevance without filters (they have no votes, dates or facets)."""
    return bool(query.text.split()) and query.sort == "relevance" and not active_filters(query)


def page_window(query: SearchQuery, idea_total: int) -> tuple[int, int]:
    """``(from, size)`` of the pages shown on ``query.page``, after all ``idea_total`` ideas."""
    start = max(0, query.offset - idea_total)
    end = max(0, query.offset + query.per_page - idea_total)
    return start, end - start


def build_page_search(query: SearchQuery, *, start: int, size: int) -> Search:
    search = (
        Search()
        .query(text_query(query.text.strip(), PAGE_FIELDS))
        .sort("_score", {"pk": {"order": "desc"}})
        .source(["kind", "pk", "title", "url"])
        .extra(track_total_hits=True)
    )
    return with_highlight(search)[start : start + size]


def build_similar(*, title: str, challenge_id=None, limit: int = 5) -> Search:
    """Public ideas whose titles look like ``title`` as it is being typed: the last word
    is a prefix, the others may carry typos; up to two words all must match, then 75%."""
    filters = [Q("term", is_public=True)]
    if challenge_id:
        filters.append(Q("term", challenge=str(challenge_id)))
    match = Q(
        "multi_match",
        query=title,
        type="bool_prefix",
        fields=SUGGEST_FIELDS,
        fuzziness="AUTO",
        minimum_should_match="2<75%",
    )
    return (
        Search()
        .query(Q("bool", must=[match], filter=filters))
        .source(["pk", "title", "url"])[:limit]
    )


def alias_actions(alias: str, new_index: str, old_indexes: list[str]) -> list[dict]:
    """One atomic ``_aliases`` request: readers see the old version or the new, never none."""
    return [
        {"add": {"index": new_index, "alias": alias}},
        *({"remove": {"index": index, "alias": alias}} for index in sorted(old_indexes)),
    ]


def versioned_name(alias: str) -> str:
    return f"{alias}-v{timezone.now():%Y%m%d%H%M%S%f}"


def pick_highlight(fragments: dict) -> str:
    """Body matches first, then title matches, else the escaped opening of the body."""
    for field in MARKED_FIELDS:
        for fragment in fragments.get(field, []):
            if "<mark>" in fragment:
                return fragment
    return next(iter(fragments.get("body", [])), "")


def to_hit(raw: dict, kind: str = "idea") -> Hit:
    source = raw["_source"]
    return Hit(
        kind=source.get("kind", kind),
        pk=source["pk"],
        title=source["title"],
        url=source["url"],
        highlight=pick_highlight(raw.get("highlight", {})),
        score=float(raw.get("_score") or 0.0),
    )


def facet_labels(facet: str, values: list[str]) -> dict[str, str]:
    if facet == "brand":
        rows = Brand.objects.filter(slug__in=values).values_list("slug", "name")
    elif facet == "challenge":
        ids = [int(value) for value in values if value.isdigit()]
        rows = ChallengePage.objects.filter(pk__in=ids).values_list("pk", "title")
    elif facet == "tag":
        rows = Tag.objects.filter(slug__in=values).values_list("slug", "name")
    else:
        rows = [(value, Status(value).label) for value in values if value in Status.values]
    return {str(value): str(label) for value, label in rows}


def facets_from(aggregations: dict, filters: dict[str, str]) -> dict[str, list[FacetValue]]:
    facets = {}
    for facet in FACETS:
        buckets = aggregations[facet]["top"]["buckets"]
        labels = facet_labels(facet, [str(bucket["key"]) for bucket in buckets])
        facets[facet] = [
            FacetValue(
                value=str(bucket["key"]),
                label=labels.get(str(bucket["key"]), str(bucket["key"])),
                count=bucket["doc_count"],
                selected=filters.get(facet) == str(bucket["key"]),
            )
            for bucket in buckets
        ]
    return facets


@functools.cache
def client_for(url: str, timeout: float) -> Elasticsearch:
    """One client (and connection pool) per process; short timeouts so a sick cluster
    costs a search at most ~2 × ``timeout`` before the database answers."""
    return Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False)


class ElasticsearchBackend:
    """See the module docstring. ``fallback`` answers reads when the cluster cannot."""

    name = "elasticsearch"

    def __init__(self, *, fallback, url: str | None = None, timeout: float | None = None):
        self.fallback = fallback
        self.client = client_for(
            url or settings.ELASTICSEARCH_URL,
            timeout or getattr(settings, "ELASTICSEARCH_TIMEOUT", 2.0),
        )

    def search(self, query: SearchQuery) -> SearchResults:
        try:
            return self._search(query)
        except UNAVAILABLE as error:
            logger.warning("Elasticsearch search failed, the database answers: %r", error)
            return self.fallback.search(query)

    def similar_ideas(self, *, title: str, challenge_id=None, limit: int = 5) -> list[Hit]:
        if not title.split():
            return []
        try:
            search = build_similar(title=title, challenge_id=challenge_id, limit=limit)
            response = self._execute(search, IDEAS)
        except UNAVAILABLE as error:
            logger.warning("Elasticsearch similar ideas failed, the database answers: %r", error)
            return self.fallback.similar_ideas(title=title, challenge_id=challenge_id, limit=limit)
        return [to_hit(raw) for raw in response["hits"]["hits"]]

    def index(self, kind: str, ids) -> None:
        """Index the searchable objects among ``ids`` and delete the others; a challenge
        brings its ideas along (publishing or unpublishing it shows or hides them)."""
        ids = sorted({int(pk) for pk in ids})
        for start in range(0, len(ids), BATCH):
            self._bulk(bulk_actions(kind, ids[start : start + BATCH]))
        if kind == "challenge" and ids:
            idea_ids = Idea.objects.filter(challenge_id__in=ids).values_list("pk", flat=True)
            self.index("idea", list(idea_ids))

    def delete(self, kind: str, ids) -> None:
        self._bulk([delete_action(kind, int(pk)) for pk in ids])

    def count(self, kind: str) -> int:
        name = INDEX_OF_KIND[kind]
        body = {} if name == IDEAS else {"query": {"term": {"kind": kind}}}
        return self.client.count(index=alias_name(name), **body)["count"]

    def rebuild(self, progress=None) -> int:
        """Fill new index versions and switch the aliases; ``progress(n)`` is called after
        each batch with the number just indexed. A failure leaves the aliases untouched."""
        client = self.client.options(request_timeout=REBUILD_TIMEOUT)
        done = 0
        for name, kinds in ((IDEAS, ("idea",)), (PAGES, PAGE_KINDS)):
            alias = alias_name(name)
            new_index = versioned_name(alias)
            body = index_body(name)
            body["settings"]["refresh_interval"] = "-1"
            client.indices.create(index=new_index, **body)
            try:
                done += self._fill(client, new_index, kinds, progress)
                client.indices.put_settings(index=new_index, settings={"refresh_interval": None})
                client.indices.refresh(index=new_index)
            except Exception:
                client.indices.delete(index=new_index, ignore_unavailable=True)
                raise
            self._switch(client, alias, new_index)
        return done

    def _search(self, query: SearchQuery) -> SearchResults:
        filters = active_filters(query)
        response = self._execute(build_idea_search(query), IDEAS)
        idea_total = response["hits"]["total"]["value"]
        hits = [to_hit(raw) for raw in response["hits"]["hits"]]
        total = idea_total
        if includes_pages(query):
            start, size = page_window(query, idea_total)
            pages = self._execute(build_page_search(query, start=start, size=size), PAGES)
            total += pages["hits"]["total"]["value"]
            hits += [to_hit(raw) for raw in pages["hits"]["hits"]]
        return SearchResults(
            query=query,
            hits=hits,
            total=total,
            facets=facets_from(response["aggregations"], filters),
            backend=self.name,
        )

    def _execute(self, search: Search, name: str) -> dict:
        return search.using(self.client).index(alias_name(name)).execute().to_dict()

    def _fill(self, client, new_index: str, kinds, progress) -> int:
        done = 0

        def actions():
            for kind in kinds:
                for obj in searchable(kind).iterator(chunk_size=BATCH):
                    yield index_action(kind, obj, index=new_index)

        for _ in streaming_bulk(client, actions(), chunk_size=BATCH):
            done += 1
            if progress and done % BATCH == 0:
                progress(BATCH)
        if progress and done % BATCH:
            progress(done % BATCH)
        return done

    @staticmethod
    def _switch(client, alias: str, new_index: str) -> None:
        holding = (
            list(client.indices.get_alias(name=alias))
            if client.indices.exists_alias(name=alias)
            else []
        )
        client.indices.update_aliases(actions=alias_actions(alias, new_index, holding))
        stale = [name for name in client.indices.get(index=f"{alias}-v*") if name != new_index]
        if stale:
            client.indices.delete(index=",".join(stale))

    def _bulk(self, actions: list[dict]) -> None:
        """Errors raise, except deleting what is already gone."""
        if not actions:
            return
        _, errors = bulk(self.client, actions, raise_on_error=False, require_alias=True)
        failed = [error for error in errors if error.get("delete", {}).get("status") != 404]
        if failed:
            raise BulkIndexError(f"{len(failed)} document(s) failed to index.", failed)
