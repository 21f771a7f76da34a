"""Reads for a brand's public roadmap and changelog, in a fixed number of queries.

Only public ideas (``Idea.objects.public()``) appear. Every column is read with its own
query on the ``idea_brand_roadmap`` index (brand, is_public, status, -status_changed_at),
so a column costs a short index scan whatever the number of ideas the brand has.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery

from challenges.models import ChallengePage
from ideas.models import BrandResponsiveness, Idea, IdeaTag, StatusChange
from ideas.roadmap import Status

ROADMAP_COLUMNS = (Status.UNDER_REVIEW, Status.PLANNED, Status.IN_PROGRESS, Status.SHIPPED)
COLUMN_LIMIT = 30
TAG_CHOICES_CACHE_SECONDS = 60


@dataclass
class RoadmapColumn:
    status: str
    label: str
    ideas: list[Idea] = field(default_factory=list)
    total: int = 0

    @property
    def rest(self) -> int:
        return self.total - len(self.ideas)


@dataclass
class Roadmap:
    columns: list[RoadmapColumn]
    declined: RoadmapColumn


def _roadmap_ideas(*, brand, challenge_id: int | None, tag: str) -> QuerySet:
    queryset = Idea.objects.public().filter(brand=brand)
    if challenge_id is not None:
        queryset = queryset.filter(challenge_id=challenge_id)
    if tag:
        queryset = queryset.filter(tagged_items__tag__slug=tag)
    return queryset


def live_challenges_for_brand(*, brand) -> dict[int, ChallengePage]:
    """The brand's live challenges by id, by title, without their StreamFields."""
    pages = ChallengePage.objects.live().filter(brand=brand).defer_streamfields().order_by("title")
    return {page.pk: page for page in pages}


def roadmap_for_brand(
    *,
    brand,
    challenges: dict[int, ChallengePage] | None = None,
    challenge_id: int | None = None,
    tag: str = "",
    limit: int | None = None,
) -> Roadmap:
    """The four pipeline columns and the declined ideas, each capped at ``limit`` newest moves
    (default ``COLUMN_LIMIT``).

    At most six queries: the counts per status, then one per non-empty column (plus one
    for the challenges when ``challenges``, from ``live_challenges_for_brand``, is not
    given). Each card's
    ``challenge`` is taken from ``challenges`` rather than joined: a page row is wide and
    slow to build, and a brand has few challenges. Declined ideas carry ``decline_reason``,
    the note of their latest move to declined.
    """
    if challenges is None:
        challenges = live_challenges_for_brand(brand=brand)
    ideas = _roadmap_ideas(brand=brand, challenge_id=challenge_id, tag=tag)
    statuses = [*ROADMAP_COLUMNS, Status.DECLINED]
    totals = dict(
        ideas.filter(status__in=statuses)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    cards = (
        ideas.select_related("staff_owner")
        .defer("body", "body_html", "moderation_note")
        .order_by("-status_changed_at", "-pk")
    )
    reason = (
        StatusChange.objects.filter(idea=OuterRef("pk"), to_status=Status.DECLINED)
        .order_by("-created_at", "-pk")
        .values("note")[:1]
    )
    columns = []
    for status in statuses:
        column = RoadmapColumn(status, Status(status).label, total=totals.get(status, 0))
        if column.total:
            queryset = cards.filter(status=status)
            if status == Status.DECLINED:
                queryset = queryset.annotate(decline_reason=Subquery(reason))
            column.ideas = list(queryset[: limit or COLUMN_LIMIT])
            for idea in column.ideas:
                idea.challenge = challenges[idea.challenge_id]
        columns.append(column)
    return Roadmap(columns=columns[:-1], declined=columns[-1])


def roadmap_tags_for_brand(*, brand) -> list[tuple[str, str]]:
    """(slug, name) of the tags of the brand's public ideas on the roadmap.

    Cached for ``TAG_CHOICES_CACHE_SECONDS``: the filter menu may lag a move by that much.
    """
    key = f"ideas:roadmap_tags:{brand.pk}"
    tags = cache.get(key)
    if tags is None:
        tags = list(
            IdeaTag.objects.filter(
                content_object__brand=brand,
                content_object__is_public=True,
                content_object__status__in=[*ROADMAP_COLUMNS, Status.DECLINED],
            )
            .values_list("tag__slug", "tag__name")
            .distinct()
            .order_by("tag__name")
        )
        cache.set(key, tags, TAG_CHOICES_CACHE_SECONDS)
    return tags


def shipped_ideas_for_brand(*, brand) -> QuerySet:
    """Public shipped ideas, last shipped first, each with ``co_contributors``.

    Co-contributors are the authors of the public ideas merged into it (``merged_into``),
    other than the idea's own author, each once: the people whose duplicate it absorbed.
    Commenters are not credited.
    """
    merged = Idea.objects.filter(is_public=True).select_related("author").order_by("created_at")
    return (
        Idea.objects.public()
        .filter(brand=brand, status=Status.SHIPPED)
        .select_related("author", "challenge")
        .prefetch_related(Prefetch("merged_ideas", queryset=merged, to_attr="merged_public"))
        .order_by("-status_changed_at", "-pk")
    )


def co_contributors(idea: Idea) -> list:
    """The distinct authors of ``idea.merged_public`` other than its author, in merge order."""
    seen = {idea.author_id}
    people = []
    for merged in idea.merged_public:
        if merged.author_id not in seen:
            seen.add(merged.author_id)
            people.append(merged.author)
    return people


def responsiveness_for_brand(*, brand) -> BrandResponsiveness | None:
    return BrandResponsiveness.objects.filter(brand=brand).first()
