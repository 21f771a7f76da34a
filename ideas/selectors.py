"""Reads of ideas with their visibility rules and everything a page needs, in fixed queries."""

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ideas.models import Comment, Idea, IdeaImage, IdeaTag, StatusChange, Vote
from ideas.roadmap import Status

SORTS = {
    "trending": ("-hot_score", "-id"),
    "top": ("-vote_count", "-id"),
    "new": ("-created_at", "-id"),
}
DEFAULT_SORT = "trending"
TAG_COUNTS_CACHE_SECONDS = 60


def _card_data(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("author", "brand").prefetch_related(
        "tags",
        Prefetch("images", queryset=IdeaImage.objects.filter(position=0), to_attr="covers"),
    )


def ideas_for_challenge(
    *, challenge, viewer, sort: str = DEFAULT_SORT, tag: str = "", status: str = ""
) -> QuerySet:
    queryset = Idea.objects.public().filter(challenge=challenge)
    if tag:
        queryset = queryset.filter(tagged_items__tag__slug=tag)
    if status in Status.values:
        queryset = queryset.filter(status=status)
    return _card_data(queryset).order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def trending_ideas(*, viewer, limit: int = 10) -> list[Idea]:
    ideas = list(
        _card_data(Idea.objects.public().select_related("challenge")).order_by("-hot_score", "-id")[
            :limit
        ]
    )
    annotate_viewer_votes(ideas, viewer=viewer)
    return ideas


def tag_counts_for_challenge(*, challenge, limit: int = 30) -> list[dict]:
    """The challenge's most used tags, with how many public ideas carry each.

    Counting reads every tag of every idea of the challenge (thousands on a busy one), so
    the result is cached for ``TAG_COUNTS_CACHE_SECONDS``: the filter menu may lag a new
    idea by that much.
    """
    key = f"ideas:tag_counts:{challenge.pk}:{limit}"
    counts = cache.get(key)
    if counts is None:
        counts = list(
            IdeaTag.objects.filter(
                content_object__challenge=challenge, content_object__is_public=True
            )
            .values("tag__name", "tag__slug")
            .annotate(count=Count("id"))
            .order_by("-count", "tag__name")[:limit]
        )
        cache.set(key, counts, TAG_COUNTS_CACHE_SECONDS)
    return counts


def annotate_viewer_votes(ideas: list[Idea], *, viewer) -> None:
    """Set ``viewer_has_voted`` on each idea with one query."""
    voted: set[int] = set()
    if viewer is not None and viewer.is_authenticated and ideas:
        voted = set(
            Vote.objects.filter(user=viewer, idea__in=[idea.pk for idea in ideas]).values_list(
                "idea_id", flat=True
            )
        )
    for idea in ideas:
        idea.viewer_has_voted = idea.pk in voted


def paginate(queryset, *, page_number, per_page: int) -> Page:
    return Paginator(queryset, per_page).get_page(page_number)


def paginate_cards(queryset: QuerySet, *, page_number, per_page: int) -> Page:
    """One page of an ordered card queryset, its ``object_list`` a list of ideas.

    The page's ids come first from an index-only scan, then only those rows are loaded
    with their card data: a deep page skips index entries instead of sorting thousands
    of full rows.
    """
    ids = queryset.select_related(None).prefetch_related(None).values_list("pk", flat=True)
    page = paginate(ids, page_number=page_number, per_page=per_page)
    page_ids = list(page.object_list)
    cards = queryset.order_by().in_bulk(page_ids)
    page.object_list = [cards[pk] for pk in page_ids]
    return page


def access_idea(user, idea_id: int, *, for_update: bool = False) -> Idea:
    """The idea ``user`` may see, with what its page needs, or ``Http404``."""
    queryset = Idea.objects.visible_to(user).select_related(
        "author", "brand", "challenge", "challenge__cover_image"
    )
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    return get_object_or_404(queryset, pk=idea_id)


VOTE_FIELDS = (
    "id", "slug", "challenge_id", "brand_id", "author_id", "is_public", "merged_into_id",
    "status", "created_at", "vote_count",
    "challenge__opens_at", "challenge__closes_at", "challenge__vote_budget",
    "challenge__supporter_threshold",
)  # fmt: skip


def access_idea_to_vote(user, idea_id: int) -> Idea:
    """``access_idea`` for a vote, which reads only ``VOTE_FIELDS``.

    Only public ideas are open for support, so they come from one narrow query (the full
    one joins four wide tables and is planned each time); any other id goes through
    ``access_idea``, so a hidden idea still answers 404 to those who may not see it and the
    vote rule's refusal to those who may.
    """
    try:
        return Idea.objects.public().select_related("challenge").only(*VOTE_FIELDS).get(pk=idea_id)
    except Idea.DoesNotExist:
        return access_idea(user, idea_id)


def idea_page_data(*, idea: Idea, viewer, comments_page) -> dict:
    """Images, tags, timeline, one page of comment threads and the viewer's vote.

    A comment hidden by a moderator stays visible to its author only, with the reason.
    """
    shown = Q(is_public=True)
    if viewer is not None and viewer.is_authenticated:
        shown |= Q(author=viewer)
    threads = (
        Comment.objects.filter(shown, idea=idea, parent=None)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Comment.objects.filter(shown).select_related("author"),
            )
        )
    )
    annotate_viewer_votes([idea], viewer=viewer)
    return {
        "images": list(idea.images.all()),
        "tags": list(idea.tags.all()),
        "timeline": list(StatusChange.objects.filter(idea=idea).select_related("changed_by")),
        "comments": paginate(threads, page_number=comments_page, per_page=50),
    }
