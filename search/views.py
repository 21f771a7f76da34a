"""``/search/``: ideas and pages (challenges, brand, wiki and changelog pages) matching a
text, with facets; and ``/search/similar/``: the ideas close to a title being typed on the
idea form (JSON).

The backend answers with hits (ids, titles, highlights); idea hits are then loaded as cards
in a fixed number of queries, whatever the page size.
"""

from dataclasses import replace

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from challenges.phases import phase_allows
from ideas.models import Idea, IdeaImage
from ideas.selectors import annotate_viewer_votes
from search.backends import get_backend
from search.forms import MAX_PAGE, SORT_LABELS, SearchForm, SimilarForm
from search.query import FACETS, SORTS, SearchQuery, SearchResults

FACET_LABELS = {
    "brand": _("Brand"),
    "challenge": _("Challenge"),
    "status": _("Status"),
    "tag": _("Tag"),
}
SIMILAR_MIN_LENGTH = 4
SIMILAR_LIMIT = 5


@require_GET
def search(request):
    form = SearchForm(request.GET)
    form.is_valid()
    query = form.search_query(per_page=settings.IDEAS_PER_PAGE)
    context = {"form": form, "query": query.text, "ignored": form.ignored(), "results": None}
    if query.text:
        context.update(_results_context(request, query))
    return TemplateResponse(request, "search/results.html", context)


@require_GET
def similar(request):
    """Public ideas whose title resembles ``title``, for the idea form's "Similar ideas"
    panel. Titles shorter than ``SIMILAR_MIN_LENGTH`` answer an empty list."""
    form = SimilarForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    title = form.cleaned_data["title"]
    if len(title) < SIMILAR_MIN_LENGTH:
        return JsonResponse({"results": []})
    hits = get_backend().similar_ideas(
        title=title, challenge_id=form.cleaned_data["challenge"], limit=SIMILAR_LIMIT
    )
    ideas = (
        Idea.objects.public()
        .only("pk", "title", "slug", "vote_count", "status")
        .in_bulk([hit.pk for hit in hits])
    )
    results = [
        {
            "title": idea.title,
            "url": idea.get_absolute_url(),
            "votes": idea.vote_count,
            "status": idea.status,
            "status_label": idea.get_status_display(),
        }
        for idea in (ideas.get(hit.pk) for hit in hits)
        if idea is not None
    ]
    return JsonResponse({"results": results})


def _results_context(request, query: SearchQuery) -> dict:
    backend = get_backend()
    results = backend.search(query)
    last_page = max(1, -(-min(results.total, MAX_PAGE * query.per_page) // query.per_page))
    if query.page > last_page:
        results = backend.search(replace(query, page=last_page))
    params = _params(query)
    rows = _rows(results, viewer=request.user)
    paginator = Paginator(range(min(results.total, MAX_PAGE * query.per_page)), query.per_page)
    page_obj = paginator.get_page(results.query.page)
    page_obj.object_list = [row["idea"] for row in rows if row["idea"]]
    return {
        "results": results,
        "rows": rows,
        "page_obj": page_obj,
        "filter_query": urlencode(params),
        "facets": _facets(results, params),
        "selected": _selected(results, params),
        "sorts": [
            {"label": SORT_LABELS[s], "url": _url(params, sort=s), "current": s == query.sort}
            for s in SORTS
        ],
        "hidden_params": [(name, params[name]) for name in (*FACETS, "sort") if name in params],
    }


def _rows(results: SearchResults, *, viewer) -> list[dict]:
    """The page's hits in their order, idea hits with their card (an idea hidden since it
    was indexed is left out)."""
    cards = _idea_cards([hit.pk for hit in results.hits if hit.kind == "idea"], viewer=viewer)
    rows = []
    for hit in results.hits:
        if hit.kind != "idea":
            rows.append({"hit": hit, "idea": None})
        elif hit.pk in cards:
            rows.append({"hit": hit, "idea": cards[hit.pk]})
    return rows


def _idea_cards(ids: list[int], *, viewer) -> dict[int, Idea]:
    """Ideas as ``idea_card.html`` shows them, in three queries (four for a logged-in viewer)."""
    if not ids:
        return {}
    cards = (
        Idea.objects.public()
        .select_related("author", "brand", "challenge")
        .prefetch_related(
            "tags",
            Prefetch("images", queryset=IdeaImage.objects.filter(position=0), to_attr="covers"),
        )
        .in_bulk(ids)
    )
    annotate_viewer_votes(list(cards.values()), viewer=viewer)
    for idea in cards.values():
        idea.voting_closed = not phase_allows(idea.challenge, "vote")
    return cards


def _params(query: SearchQuery) -> dict[str, str]:
    """The query as URL parameters, without the page and without defaults."""
    params = {"q": query.text, **query.filters}
    if query.sort != "relevance":
        params["sort"] = query.sort
    return params


def _url(params: dict[str, str], **changes: str | None) -> str:
    merged = {**params, **changes}
    return "?" + urlencode({key: value for key, value in merged.items() if value})


def _facets(results: SearchResults, params: dict[str, str]) -> list[dict]:
    facets = []
    for name in FACETS:
        values = [
            {
                "label": value.label,
                "count": value.count,
                "selected": value.selected,
                "url": _url(params, **{name: None if value.selected else value.value}),
            }
            for value in results.facets.get(name, [])
        ]
        if values:
            facets.append({"name": name, "label": FACET_LABELS[name], "values": values})
    return facets


def _selected(results: SearchResults, params: dict[str, str]) -> list[dict]:
    """The filters in use, each with the link that removes it."""
    selected = []
    for name, value in results.query.filters.items():
        labels = {facet.value: facet.label for facet in results.facets.get(name, [])}
        selected.append(
            {
                "facet": FACET_LABELS[name],
                "label": labels.get(value, value),
                "url": _url(params, **{name: None}),
            }
        )
    return selected
