"""The staff triage board of a brand: one column per status, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber

from challenges.models import ChallengePage
from ideas.models import Idea, IdeaTag
from ideas.roadmap import ALLOWED_TRANSITIONS, Status
from ideas.selectors import paginate_cards

CARDS_PER_COLUMN = 25
CARD_ORDER = ("-vote_count", "-id")


@dataclass
class BoardColumn:
    status: Status
    ideas: list[Idea]
    total: int
    page: Page | None = field(default=None)

    @property
    def more(self) -> int:
        return self.total - len(self.ideas) if self.page is None else 0


def board_ideas(*, brand, challenge_id: int | None = None, tag: str = "") -> QuerySet:
    """The brand's visible ideas the board shows, filtered by challenge and tag slug."""
    queryset = Idea.objects.filter(brand=brand, is_public=True)
    if challenge_id:
        queryset = queryset.filter(challenge_id=challenge_id)
    if tag:
        queryset = queryset.filter(tagged_items__tag__slug=tag)
    return queryset


def _with_card_data(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("author", "challenge", "staff_owner").prefetch_related("tags")


def _annotate_moves(ideas: list[Idea]) -> None:
    for idea in ideas:
        idea.next_statuses = [s for s in Status if s in ALLOWED_TRANSITIONS[idea.status]]


def board_for_brand(
    *, brand, challenge_id: int | None = None, tag: str = "", limit: int = CARDS_PER_COLUMN
) -> list[BoardColumn]:
    """Every status column with its top ``limit`` ideas by votes and its full count.

    Three queries whatever the data: counts per status, the top cards of all columns at
    once (a row number per status), and their tags.
    """
    queryset = board_ideas(brand=brand, challenge_id=challenge_id, tag=tag)
    totals = dict(
        queryset.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    ranked = queryset.annotate(
        position=Window(RowNumber(), partition_by=[F("status")], order_by=CARD_ORDER)
    ).filter(position__lte=limit)
    ideas = list(_with_card_data(ranked).order_by(*CARD_ORDER))
    _annotate_moves(ideas)
    by_status: dict[str, list[Idea]] = {status: [] for status in Status.values}
    for idea in ideas:
        by_status[idea.status].append(idea)
    return [
        BoardColumn(status=status, ideas=by_status[status], total=totals.get(status, 0))
        for status in Status
    ]


def board_column(
    *, brand, status: str, page_number, challenge_id: int | None = None, tag: str = ""
) -> BoardColumn:
    """One status column, paginated: where a capped column's "more" link leads."""
    queryset = board_ideas(brand=brand, challenge_id=challenge_id, tag=tag).filter(status=status)
    page = paginate_cards(
        _with_card_data(queryset).order_by(*CARD_ORDER),
        page_number=page_number,
        per_page=CARDS_PER_COLUMN,
    )
    _annotate_moves(page.object_list)
    return BoardColumn(
        status=Status(status), ideas=page.object_list, total=page.paginator.count, page=page
    )


def board_filters(*, brand) -> dict:
    """The brand's challenges and the tags its ideas use, for the board's filter menus."""
    return {
        "challenges": list(
            ChallengePage.objects.filter(brand=brand).order_by("title").values("id", "title")
        ),
        "tags": list(
            IdeaTag.objects.filter(content_object__brand=brand)
            .values("tag__name", "tag__slug")
            .distinct()
            .order_by("tag__name")
        ),
    }
