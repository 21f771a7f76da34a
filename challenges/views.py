"""``/challenges/``: every live challenge, as cards, open ones first."""

from django.template.response import TemplateResponse
from django.utils import timezone

from challenges.selectors import challenges_for_listing
from ideas.selectors import paginate

CHALLENGES_PER_PAGE = 24


def challenge_list(request):
    page_obj = paginate(
        challenges_for_listing(now=timezone.now()),
        page_number=request.GET.get("page"),
        per_page=CHALLENGES_PER_PAGE,
    )
    return TemplateResponse(request, "challenges/challenge_list.html", {"page_obj": page_obj})
