"""Reads for a brand's moderation queue, each page in a fixed number of queries."""

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, Min, Q

from ideas.models import Comment, Flag, Idea, Moderation
from ideas.selectors import paginate

PER_PAGE = 25


@dataclass
class FlaggedItem:
    """Open reports about one idea or one comment."""

    flag_id: int
    count: int
    first_reported_at: object
    idea: Idea | None = None
    comment: Comment | None = None
    reasons: list[str] = field(default_factory=list)


def _brand_ideas_in(brand, moderation: str, *ordering: str, page_number) -> Page:
    queryset = (
        Idea.objects.filter(brand=brand, moderation=moderation)
        .select_related("author")
        .order_by(*ordering)
    )
    return paginate(queryset, page_number=page_number, per_page=PER_PAGE)


def pending_ideas_for_brand(*, brand, page_number) -> Page:
    """Oldest first: the author has waited longest."""
    return _brand_ideas_in(brand, Moderation.PENDING, "created_at", "id", page_number=page_number)


def flagged_items_for_brand(*, brand, page_number) -> Page:
    """Open flags grouped by their target, oldest report first; four queries per page."""
    groups = (
        Flag.objects.filter(brand=brand, resolved_at=None)
        .values("idea_id", "comment_id")
        .annotate(count=Count("id"), flag_id=Min("id"), first=Min("created_at"))
        .order_by("first", "flag_id")
    )
    page = paginate(groups, page_number=page_number, per_page=PER_PAGE)
    rows = list(page.object_list)
    idea_ids = [row["idea_id"] for row in rows if row["idea_id"]]
    comment_ids = [row["comment_id"] for row in rows if row["comment_id"]]
    ideas = Idea.objects.select_related("author").in_bulk(idea_ids) if idea_ids else {}
    comments = (
        Comment.objects.select_related("author", "idea").in_bulk(comment_ids) if comment_ids else {}
    )
    reasons: dict[tuple, list[str]] = {}
    if rows:
        for idea_id, comment_id, reason in (
            Flag.objects.filter(
                Q(idea_id__in=idea_ids) | Q(comment_id__in=comment_ids), resolved_at=None
            )
            .order_by("created_at", "id")
            .values_list("idea_id", "comment_id", "reason")
        ):
            reasons.setdefault((idea_id, comment_id), []).append(reason)
    page.object_list = [
        FlaggedItem(
            flag_id=row["flag_id"],
            count=row["count"],
            first_reported_at=row["first"],
            idea=ideas.get(row["idea_id"]),
            comment=comments.get(row["comment_id"]),
            reasons=reasons.get((row["idea_id"], row["comment_id"]), []),
        )
        for row in rows
    ]
    return page


def hidden_ideas_for_brand(*, brand, page_number) -> Page:
    return _brand_ideas_in(brand, Moderation.HIDDEN, "-updated_at", "-id", page_number=page_number)


def hidden_comments_for_brand(*, brand, page_number) -> Page:
    queryset = (
        Comment.objects.filter(idea__brand=brand, is_public=False)
        .select_related("author", "idea")
        .order_by("-created_at", "-id")
    )
    return paginate(queryset, page_number=page_number, per_page=PER_PAGE)
