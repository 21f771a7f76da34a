"""The default search backend: the database itself.

``DatabaseBackend`` hands storage and text matching to the implementation for the database
in use (``search.backends.postgres``: stored ``tsvector`` + pg_trgm; ``search.backends.sqlite``:
FTS5) and does the rest here, the same for both: visibility (only ``Idea.objects.public()``
and live pages, checked at query time, so a stale index never shows a hidden idea), filters,
facets, sorts, pagination, highlights and result objects.
"""

import html
import math
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.html import strip_tags

from challenges.models import ChallengePage
from cms.models import BrandPage, ChangelogPage, WikiPage
from ideas.models import Idea, IdeaTag
from ideas.roadmap import Status
from search.query import FACETS, FacetValue, Hit, SearchQuery, SearchResults

PAGE_MODELS = {
    "challenge": ChallengePage,
    "brand": BrandPage,
    "wiki": WikiPage,
    "changelog": ChangelogPage,
}
MAX_TERMS = 8
MAX_FACET_VALUES = 30
SNIPPET_LENGTH = 180
WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without accents: how both databases compare words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def query_words(text: str) -> list[str]:
    return WORD.findall(text)[:MAX_TERMS]


def relevance_boost(vote_count: int, age_days: float) -> float:
    """Votes and recency nudge the text rank (at most ×1.9 for a new idea with many votes);
    PostgreSQL computes the same formula in SQL (``postgres.BOOST_SQL``)."""
    return (1 + 0.1 * math.log1p(vote_count)) * (1 + 0.2 / (1 + max(age_days, 0) / 30))


@dataclass
class TextMatch:
    """A parsed query: what each implementation needs, plus the folded words (corrected
    ones included) used to highlight matches."""

    text: str
    words: list[str]
    highlight_words: list[str]
    data: dict = field(default_factory=dict)


def page_text(page) -> tuple[str, str]:
    """Tags and body text of a page, for indexing and highlights. Read from the
    StreamFields' raw data: no query per block (images, pages, ideas are ids there)."""
    tags = ""
    if isinstance(page, ChallengePage):
        tags = " ".join(tag.name for tag in page.tags.all())
        body = [page.summary, page.reward, *_stream_strings(page.brief.raw_data)]
    elif isinstance(page, BrandPage):
        body = [page.brand.description, *_stream_strings(page.body.raw_data)]
    elif isinstance(page, WikiPage):
        body = [page.summary, *_stream_strings(page.body.raw_data)]
    else:
        body = [page.intro, *_stream_strings(page.body.raw_data)]
    # A space before each tag keeps "<p>one</p><p>two</p>" two words.
    text = strip_tags(" ".join(part for part in body if part).replace("<", " <"))
    return tags, " ".join(html.unescape(text).split())


def _stream_strings(value) -> list[str]:
    """Every string inside a StreamField's raw data (block values, nested blocks)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = [value["value"]] if "type" in value and "value" in value else value.values()
    if isinstance(value, str | bytes | int | float | bool) or value is None:
        return []
    return [text for item in value for text in _stream_strings(item)]


def _word_matches(word: str, terms: list[str]) -> bool:
    word = fold(word)
    for term in terms:
        if word.startswith(term):
            return True
        common = len(term) if term.startswith(word) else len(_common_prefix(word, term))
        if common >= max(4, min(len(word), len(term)) - 2):
            return True
    return False


def _common_prefix(first: str, second: str) -> str:
    prefix = []
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        prefix.append(a)
    return "".join(prefix)


def highlight(text: str, terms: list[str], *, length: int = SNIPPET_LENGTH) -> str:
    """``text`` around its first match, escaped, with every matching word in ``<mark>``;
    empty when nothing matches."""
    spans = [m.span() for m in WORD.finditer(text) if _word_matches(m.group(), terms)]
    if not spans:
        return ""
    start = max(0, spans[0][0] - length // 3)
    if start:
        space = text.find(" ", start, spans[0][0])
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(html.escape(text[position:span_start]))
        parts.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(html.escape(text[position:end]))
    prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
    return prefix + "".join(parts).strip() + suffix


def _plain(markdown: str) -> str:
    return " ".join(re.sub(r"[*_`#>\[\]()!~|]+", " ", markdown).split())


def apply_filters(queryset: QuerySet, filters: dict[str, str]) -> QuerySet:
    for name, value in filters.items():
        if name == "brand":
            queryset = queryset.filter(brand__slug=value)
        elif name == "challenge":
            queryset = (
                queryset.filter(challenge_id=int(value))
                if str(value).isdigit()
                else queryset.none()
            )
        elif name == "status":
            queryset = queryset.filter(status=value)
        elif name == "tag":
            queryset = queryset.filter(
                pk__in=IdeaTag.objects.filter(tag__slug=value).values("content_object_id")
            )
    return queryset


def facet_counts(queryset: QuerySet, name: str, selected: str | None) -> list[FacetValue]:
    if name == "tag":
        rows = (
            IdeaTag.objects.filter(content_object_id__in=queryset.values("pk"))
            .values_list("tag__slug", "tag__name")
            .annotate(n=Count("pk"))
        )
    else:
        value, label = {
            "brand": ("brand__slug", "brand__name"),
            "challenge": ("challenge_id", "challenge__title"),
            "status": ("status", "status"),
        }[name]
        rows = queryset.order_by().values_list(value, label).annotate(n=Count("pk"))
    rows = sorted(rows.order_by(), key=lambda row: (-row[2], str(row[1])))[:MAX_FACET_VALUES]
    values = []
    for value, label, count in rows:
        if name == "status":
            label = Status(value).label if value in Status.values else value
        values.append(FacetValue(str(value), str(label), count, str(value) == selected))
    return values


# The facets read off one GROUP BY: a challenge belongs to one brand, so there are at most
# (challenges × statuses) rows, whatever the number of matching ideas.
_COMBO_FACETS = {"brand": 0, "challenge": 2, "status": 4}


def facets_and_total(matched: QuerySet, filters: dict) -> tuple[dict, int]:
    """Each facet counted with the other filters applied, not its own.

    Brand, challenge and status come from one query grouped by all three (with the tag
    filter applied), summed here per facet with the other two filters; tags need their own
    query. The idea total is the sum over the combinations every filter accepts.
    """
    combos = list(
        apply_filters(matched, {k: v for k, v in filters.items() if k == "tag"})
        .order_by()
        .values_list("brand__slug", "brand__name", "challenge_id", "challenge__title", "status")
        .annotate(n=Count("pk"))
    )

    def accepted(combo, skip: str | None = None) -> bool:
        return all(
            str(combo[index]) == str(filters[name])
            for name, index in _COMBO_FACETS.items()
            if name != skip and name in filters
        )

    facets = {}
    for name, index in _COMBO_FACETS.items():
        counts: dict[str, list] = {}
        for combo in combos:
            if accepted(combo, skip=name):
                value = str(combo[index])
                label = combo[index + 1] if name != "status" else combo[index]
                counts.setdefault(value, [label, 0])[1] += combo[5]
        facets[name] = _facet_values(name, counts, filters.get(name))
    others = {key: value for key, value in filters.items() if key != "tag"}
    facets["tag"] = facet_counts(apply_filters(matched, others), "tag", filters.get("tag"))
    total = sum(combo[5] for combo in combos if accepted(combo))
    return {name: facets[name] for name in FACETS}, total


def _facet_values(name: str, counts: dict[str, list], selected: str | None) -> list[FacetValue]:
    rows = sorted(counts.items(), key=lambda item: (-item[1][1], str(item[1][0])))
    values = []
    for value, (label, count) in rows[:MAX_FACET_VALUES]:
        if name == "status":
            label = Status(value).label if value in Status.values else value
        values.append(FacetValue(value, str(label), count, value == selected))
    return values


class DatabaseBackend:
    """Search served by the database in use; see the module docstring."""

    name = "database"

    @property
    def engine(self):
        if connection.vendor == "postgresql":
            from search.backends.postgres import PostgresEngine

            return PostgresEngine()
        from search.backends.sqlite import SqliteEngine

        return SqliteEngine()

    def index(self, kind: str, ids) -> None:
        ids = list(ids)
        if not ids:
            return
        engine = self.engine
        if kind == "idea":
            engine.index_ideas(ids)
        else:
            engine.index_pages(kind, ids)
            if kind == "challenge":
                # A challenge published or unpublished shows or hides its ideas.
                engine.index_ideas(
                    list(Idea.objects.filter(challenge_id__in=ids).values_list("pk", flat=True))
                )

    def delete(self, kind: str, ids) -> None:
        ids = list(ids)
        if ids:
            self.engine.delete(kind, ids)

    def count(self, kind: str) -> int:
        return self.engine.count(kind)

    def rebuild(self, progress=None, *, batch: int = 2000) -> int:
        """Index every searchable object from scratch, ``batch`` ideas at a time;
        ``progress(n)`` is called after each batch with the number just indexed."""
        engine = self.engine
        engine.clear()
        done = 0
        ids = list(Idea.objects.public().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            engine.index_ideas(chunk)
            done += len(chunk)
            if progress:
                progress(len(chunk))
        for kind, model in PAGE_MODELS.items():
            page_ids = list(model.objects.live().values_list("pk", flat=True))
            for start in range(0, len(page_ids), batch):
                chunk = page_ids[start : start + batch]
                engine.index_pages(kind, chunk)
                done += len(chunk)
                if progress:
                    progress(len(chunk))
        engine.analyze()
        return done

    def search(self, query: SearchQuery) -> SearchResults:
        engine = self.engine
        with engine.custom_plans():
            return self._search(engine, query)

    def _search(self, engine, query: SearchQuery) -> SearchResults:
        text = query.text.strip()
        match = engine.parse(text) if query_words(text) else None
        matched = Idea.objects.public()
        if match is not None:
            matched = matched.filter(engine.idea_condition(match))
        filters = {key: str(value) for key, value in query.filters.items() if value}
        facets, idea_total = facets_and_total(matched, filters)
        filtered = apply_filters(matched, filters)
        with_pages = match is not None and query.sort == "relevance" and not filters
        pages = engine.match_pages(match) if with_pages else []
        start, end = query.offset, query.offset + query.per_page
        ranked = self._ranked_ideas(engine, filtered, match, query.sort, start, end)
        hits = self._idea_hits(ranked, match)
        if len(hits) < query.per_page and with_pages:
            first = max(0, start - idea_total)
            hits += [
                self._page_hit(kind, page, score, match)
                for kind, page, score in pages[first : first + query.per_page - len(hits)]
            ]
        return SearchResults(
            query=query,
            hits=hits,
            total=idea_total + len(pages),
            facets=facets,
            backend=f"database ({connection.vendor})",
        )

    def similar_ideas(self, *, title: str, challenge_id=None, limit: int = 5) -> list[Hit]:
        if not query_words(title):
            return []
        engine = self.engine
        with engine.custom_plans():
            return self._similar_ideas(engine, title, challenge_id, limit)

    def _similar_ideas(self, engine, title: str, challenge_id, limit: int) -> list[Hit]:
        candidates = Idea.objects.public()
        if challenge_id:
            candidates = candidates.filter(challenge_id=challenge_id)
        ranked = engine.similar(title, candidates, limit)
        match = engine.parse(title)
        return self._idea_hits(ranked, match)

    @staticmethod
    def _ranked_ideas(engine, filtered, match, sort, start, end) -> list[tuple[int, float]]:
        if sort == "relevance" and match is not None:
            return engine.rank_ideas(filtered, match, start, end)
        order = {
            "top": ("-vote_count", "-id"),
            "new": ("-created_at", "-id"),
        }.get(sort, ("-hot_score", "-id"))
        return [
            (pk, 0.0) for pk in filtered.order_by(*order).values_list("pk", flat=True)[start:end]
        ]

    @staticmethod
    def _idea_hits(ranked: list[tuple[int, float]], match: TextMatch | None) -> list[Hit]:
        ideas = Idea.objects.only("pk", "title", "slug", "body").in_bulk([pk for pk, _ in ranked])
        terms = match.highlight_words if match else []
        hits = []
        for pk, score in ranked:
            idea = ideas.get(pk)
            if idea is None:
                continue
            snippet = highlight(_plain(idea.body), terms) or highlight(idea.title, terms)
            hits.append(
                Hit(
                    kind="idea",
                    pk=pk,
                    title=idea.title,
                    url=idea.get_absolute_url(),
                    highlight=snippet or html.escape(_plain(idea.body)[:SNIPPET_LENGTH]),
                    score=float(score),
                )
            )
        return hits

    @staticmethod
    def _page_hit(kind: str, page, score: float, match: TextMatch) -> Hit:
        _, body = page_text(page)
        snippet = highlight(body, match.highlight_words) or highlight(
            page.title, match.highlight_words
        )
        return Hit(
            kind=kind,
            pk=page.pk,
            title=page.title,
            url=page.get_url() or page.url_path,
            highlight=snippet or html.escape(body[:SNIPPET_LENGTH]),
            score=float(score),
        )


def age_days(created_at) -> float:
    return (timezone.now() - created_at).total_seconds() / 86400


def live_pages(kind: str, ids) -> QuerySet:
    return PAGE_MODELS[kind].objects.live().filter(pk__in=ids).select_related("brand")
