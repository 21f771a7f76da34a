"""Reads for the API: idea lists and single ideas with the viewer's vote, in fixed queries."""

from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.shortcuts import get_object_or_404

from challenges.models import ChallengePage
from ideas.models import Comment, Idea, IdeaTag, Vote
from ideas.roadmap import Status

MAX_QUERY_LENGTH = 200
TAGS = IdeaTag.objects.select_related("tag")
# What an idea object shows: not the search vector, nor the challenge page's brief.
IDEA_FIELDS = (
    *(
        f"{name}"
        for name in (
            "challenge_id", "brand_id", "author_id", "title", "slug", "body", "body_html",
            "status", "vote_count", "comment_count", "hot_score", "is_public", "merged_into_id",
            "created_at", "updated_at",
        )
    ),
    "author__username", "author__display_name",
    "brand__slug", "brand__name",
    "challenge__title",
)  # fmt: skip


def _with_api_data(queryset: QuerySet, *, viewer) -> QuerySet:
    """Author, brand, challenge, tags and ``viewer_has_voted`` (an ``EXISTS`` subquery)."""
    if viewer is not None and viewer.is_authenticated:
        voted = Exists(Vote.objects.filter(user=viewer, idea=OuterRef("pk")))
    else:
        voted = Value(False, output_field=BooleanField())
    return (
        queryset.select_related("author", "brand", "challenge")
        .only(*IDEA_FIELDS)
        .prefetch_related(
            Prefetch(
                "tagged_items", queryset=IdeaTag.objects.select_related("tag"), to_attr="api_tags"
            )
        )
        .annotate(viewer_has_voted=voted)
    )


def ideas_for_api(
    *,
    viewer,
    challenge_id: int | None = None,
    brand_slug: str = "",
    status: str = "",
    tag: str = "",
    q: str = "",
) -> QuerySet:
    """Public ideas (as on the web lists), filtered; the caller orders and paginates.

    ``challenge_id`` filters on the leading column of the ``idea_challenge_*`` indexes,
    so with the cursor's ordering each page is one index range scan. ``q`` is a plain
    case-insensitive match on title and body; ranked full-text search lives at /search/.
    """
    queryset = Idea.objects.public()
    if challenge_id is not None:
        queryset = queryset.filter(challenge_id=challenge_id)
    if brand_slug:
        queryset = queryset.filter(brand__slug=brand_slug)
    if status in Status.values:
        queryset = queryset.filter(status=status)
    if tag:
        queryset = queryset.filter(tagged_items__tag__slug=tag)
    if q:
        q = q[:MAX_QUERY_LENGTH]
        queryset = queryset.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return _with_api_data(queryset, viewer=viewer)


def idea_for_api(*, viewer, idea_id: int) -> Idea:
    """One idea ``viewer`` may see (``Http404`` otherwise, as ``access_idea``), with what
    its object needs: two queries (the idea, its tags)."""
    queryset = _with_api_data(Idea.objects.visible_to(viewer), viewer=viewer)
    return get_object_or_404(queryset, pk=idea_id)


def comments_for_api(*, idea: Idea, viewer) -> QuerySet:
    """``idea``'s comments and replies, oldest first; a hidden one only for its author."""
    shown = Q(is_public=True)
    if viewer is not None and viewer.is_authenticated:
        shown |= Q(author=viewer)
    return Comment.objects.filter(shown, idea=idea).select_related("author")


def challenge_for_submission(challenge_id: int):
    """The live challenge ``challenge_id``, or None (its phase is the service's business)."""
    return ChallengePage.objects.live().select_related("brand").filter(pk=challenge_id).first()


def parent_comment_for(*, idea: Idea, viewer, comment_id: int) -> Comment | None:
    """A comment of ``idea`` that ``viewer`` can see, to reply to; None otherwise."""
    return comments_for_api(idea=idea, viewer=viewer).filter(pk=comment_id).first()
