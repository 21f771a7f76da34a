from django.conf import settings
from django.utils.translation import gettext_lazy as _

from challenges.phases import phase_allows, phase_of
from ideas import rules as idea_rules
from ideas.roadmap import Status
from ideas.selectors import (
    SORTS,
    annotate_viewer_votes,
    ideas_for_challenge,
    paginate_cards,
    tag_counts_for_challenge,
)

SORT_LABELS = [("trending", _("Trending")), ("top", _("Top")), ("new", _("Newest"))]


def challenge_ideas_context(request, *, challenge) -> dict:
    """What a challenge page shows: one page of ideas with the sort and filters applied."""
    sort = request.GET.get("sort", "trending")
    sort = sort if sort in SORTS else "trending"
    tag = request.GET.get("tag", "")[:100]
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    page = paginate_cards(
        ideas_for_challenge(
            challenge=challenge, viewer=request.user, sort=sort, tag=tag, status=status
        ),
        page_number=request.GET.get("page"),
        per_page=settings.IDEAS_PER_PAGE,
    )
    annotate_viewer_votes(page.object_list, viewer=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page_obj": page,
        "ideas": page.object_list,
        "sort": sort,
        "sorts": SORT_LABELS,
        "active_tag": tag,
        "active_status": status,
        "statuses": Status.choices,
        "tag_counts": tag_counts_for_challenge(challenge=challenge),
        "phase": phase_of(challenge),
        "voting_closed": not phase_allows(challenge, "vote"),
        "can_submit": idea_rules.SUBMIT_IDEA.allows(request.user, challenge),
        "filter_query": query.urlencode(),
    }
