"""What a search asks and what it answers, the same for every backend.

Views build a ``SearchQuery`` and get ``SearchResults``; they never know whether
PostgreSQL, SQLite or Elasticsearch answered (``SearchResults.backend`` says, for logs).
"""

from dataclasses import dataclass, field

KINDS = ("idea", "challenge", "brand", "wiki", "changelog")
PAGE_KINDS = KINDS[1:]
SORTS = ("relevance", "top", "new")
FACETS = ("brand", "challenge", "status", "tag")


@dataclass(frozen=True)
class SearchQuery:
    """``filters`` maps a facet name to the selected value: brand slug, challenge page id
    (as a string), status value, tag slug. Filters and facets apply to ideas only; pages
    (challenges, brand pages, wiki pages, changelog posts) match on text alone (and only
    without filters)."""

    text: str
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Hit:
    """One result. ``highlight`` is a safe HTML fragment: the text around the matches,
    escaped, with matches wrapped in ``<mark>``. ``pk`` is the idea's or page's id."""

    kind: str
    pk: int
    title: str
    url: str
    highlight: str = ""
    score: float = 0.0


@dataclass
class SearchResults:
    """``hits`` is one page (ideas first by the chosen sort, then pages when sorting by
    relevance); ``total`` counts every matching idea and page;
    ``facets`` maps each name of ``FACETS`` to its values with counts over the matching
    ideas (the other filters applied, not the facet's own, so choices stay visible)."""

    query: SearchQuery
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    backend: str

    @property
    def has_next(self) -> bool:
        return self.query.page * self.query.per_page < self.total
