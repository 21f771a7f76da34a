from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from ideas.selectors import annotate_viewer_votes, paginate
from search.backends import search_ideas


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    page = None
    if query:
        page = paginate(
            search_ideas(query=query, viewer=request.user),
            page_number=request.GET.get("page"),
            per_page=settings.IDEAS_PER_PAGE,
        )
        page.object_list = list(page.object_list)
        annotate_viewer_votes(page.object_list, viewer=request.user)
    return TemplateResponse(
        request,
        "search/results.html",
        {"query": query, "page_obj": page, "filter_query": urlencode({"q": query})},
    )
