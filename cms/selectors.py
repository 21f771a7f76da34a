"""Reads for the editorial pages, each in a fixed number of queries.

Ideas appear only when public (``Idea.objects.public()``); people only by ``public_name``.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageLogEntry

from brands.models import Membership, Role
from challenges.models import ChallengePage
from challenges.phases import Phase
from challenges.selectors import challenges_for_brand_page, open_challenges, with_card_data
from cms.models import BrandPage, ChangelogIdea, ChangelogPage, HomeFeaturedChallenge, WikiPage
from ideas.models import Idea
from ideas.roadmap import Status
from ideas.selectors import trending_ideas
from ideas.selectors_roadmap import ROADMAP_COLUMNS, responsiveness_for_brand

LATEST_SHIPPED = 6
OPEN_ON_HOME = 12
TEASER_IDEAS = 3
LATEST_CHANGELOG_POSTS = 3
HISTORY_LIMIT = 100
TEAM_ROLES = (Role.OWNER, Role.MANAGER)

# Home


def featured_challenges_for_home(page) -> list[ChallengePage]:
    """The live challenges editors featured on ``page``, in their order."""
    featured = HomeFeaturedChallenge.objects.filter(page=page)
    order = featured.filter(challenge=OuterRef("pk")).order_by("sort_order").values("sort_order")
    return list(
        with_card_data(ChallengePage.objects.live().defer_streamfields())
        .filter(pk__in=featured.values("challenge_id"))
        .annotate(featured_order=Subquery(order[:1]))
        .order_by("featured_order", "pk")
    )


def latest_shipped_ideas(*, limit: int = LATEST_SHIPPED) -> list[Idea]:
    """Public shipped ideas, last shipped first, with author and brand for the credit."""
    return list(
        Idea.objects.public()
        .filter(status=Status.SHIPPED)
        .select_related("author", "brand")
        .defer("body", "body_html", "moderation_note")
        .order_by("-status_changed_at", "-pk")[:limit]
    )


def home_context(*, page=None, viewer) -> dict:
    featured = featured_challenges_for_home(page) if page is not None else []
    return {
        "featured_challenges": featured,
        "open_challenges": open_challenges(now=timezone.now())
        .defer_streamfields()
        .exclude(pk__in=[challenge.pk for challenge in featured])[:OPEN_ON_HOME],
        "trending_ideas": trending_ideas(viewer=viewer, limit=10),
        "latest_shipped_ideas": latest_shipped_ideas(),
    }


# Brand page


@dataclass
class TeaserColumn:
    status: str
    label: str
    total: int = 0
    ideas: list[Idea] = field(default_factory=list)


def team_for_brand(*, brand) -> list[Membership]:
    """The brand's owners, then managers, oldest seat first: the named people who answer
    (API keys' service accounts hold seats too, but are not people)."""
    owners_first = Case(When(role=Role.OWNER, then=Value(0)), default=Value(1))
    return list(
        Membership.objects.filter(brand=brand, role__in=TEAM_ROLES)
        .exclude(user__is_service_account=True)
        .select_related("user")
        .order_by(owners_first, "created_at", "pk")
    )


def roadmap_teaser_for_brand(*, brand, per_column: int = TEASER_IDEAS):
    """Per roadmap column its public idea count and its ``per_column`` latest moves.

    Two queries whatever the number of ideas: the counts, then the top ideas of every column
    at once, ranked by a window function.
    """
    ideas = Idea.objects.public().filter(brand=brand, status__in=ROADMAP_COLUMNS)
    totals = dict(
        ideas.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    columns = {
        status: TeaserColumn(status, Status(status).label, total=totals.get(status, 0))
        for status in ROADMAP_COLUMNS
    }
    if totals:
        ranked = (
            ideas.only("pk", "slug", "title", "status", "vote_count", "status_changed_at")
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("status")],
                    order_by=[F("status_changed_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=per_column)
            .order_by("status", "rank")
        )
        for idea in ranked:
            columns[idea.status].ideas.append(idea)
    return list(columns.values())


def changelog_posts_for_brand_page(brand_page, *, limit: int) -> list[ChangelogPage]:
    """The brand's live changelog posts, newest ``date`` first, without their bodies."""
    return list(
        ChangelogPage.objects.child_of(brand_page)
        .live()
        .select_related("brand")
        .defer_streamfields()
        .order_by("-date", "-pk")[:limit]
    )


def brand_page_context(*, page, viewer) -> dict:
    """What ``cms/brand_page.html`` shows; ``BrandPage.get_context`` adds it whole."""
    challenges = list(challenges_for_brand_page(page).defer_streamfields())
    by_phase = {phase: [] for phase in Phase}
    for challenge in challenges:
        by_phase[challenge.phase].append(challenge)
    by_phase[Phase.OPEN].sort(key=lambda challenge: challenge.closes_at)
    by_phase[Phase.UPCOMING].sort(key=lambda challenge: challenge.opens_at)
    return {
        "challenges": challenges,
        "open_challenges": by_phase[Phase.OPEN],
        "upcoming_challenges": by_phase[Phase.UPCOMING],
        "closed_challenges": by_phase[Phase.CLOSED],
        "team": team_for_brand(brand=page.brand),
        "roadmap_teaser": roadmap_teaser_for_brand(brand=page.brand),
        "responsiveness": responsiveness_for_brand(brand=page.brand),
        "wiki_pages": list(WikiPage.objects.child_of(page).live().defer_streamfields()),
        "changelog_posts": changelog_posts_for_brand_page(page, limit=LATEST_CHANGELOG_POSTS),
    }


def roadmap_counts_for_brands() -> list[tuple[BrandPage, list[TeaserColumn]]]:
    """Every live brand page with its public idea count per roadmap column, in two queries."""
    brand_pages = list(
        BrandPage.objects.live()
        .select_related("brand", "brand__logo")
        .defer_streamfields()
        .order_by("brand__name")
    )
    counts = {}
    rows = (
        Idea.objects.public()
        .filter(status__in=ROADMAP_COLUMNS, brand__in=[p.brand_id for p in brand_pages])
        .order_by()
        .values_list("brand_id", "status")
        .annotate(n=Count("pk"))
    )
    for brand_id, status, n in rows:
        counts[brand_id, status] = n
    return [
        (brand_page, [_count_column(counts, brand_page.brand_id, s) for s in ROADMAP_COLUMNS])
        for brand_page in brand_pages
    ]


def _count_column(counts: dict, brand_id: int, status: str) -> TeaserColumn:
    return TeaserColumn(status, Status(status).label, total=counts.get((brand_id, status), 0))


# Wiki


@dataclass(frozen=True)
class HistoryEntry:
    timestamp: datetime
    label: str


def brand_page_of(page) -> BrandPage | None:
    """The live brand page a brand-owned page belongs to, with its brand."""
    return BrandPage.objects.select_related("brand").filter(brand_id=page.brand_id).first()


def wiki_history(page) -> list[HistoryEntry]:
    """The date of each publication of ``page``, newest first; who published stays private."""
    timestamps = list(
        PageLogEntry.objects.filter(page=page, action="wagtail.publish")
        .order_by("-timestamp", "-pk")
        .values_list("timestamp", flat=True)[: HISTORY_LIMIT + 1]
    )
    first_shown_is_first = len(timestamps) <= HISTORY_LIMIT
    timestamps = timestamps[:HISTORY_LIMIT]
    return [
        HistoryEntry(
            timestamp,
            _("Published")
            if first_shown_is_first and index == len(timestamps) - 1
            else _("Changed"),
        )
        for index, timestamp in enumerate(timestamps)
    ]


def _neighbours(page) -> tuple[WikiPage | None, WikiPage | None]:
    """The live wiki pages just before and after ``page`` among its siblings, in tree order."""
    siblings = list(WikiPage.objects.sibling_of(page).live().defer_streamfields())
    pks = [sibling.pk for sibling in siblings]
    if page.pk not in pks:
        return None, None
    index = pks.index(page.pk)
    before = siblings[index - 1] if index > 0 else None
    after = siblings[index + 1] if index + 1 < len(siblings) else None
    return before, after


def wiki_context(*, page) -> dict:
    from cms.toc import body_with_toc

    body_html, toc = body_with_toc(page.body)
    brand_page = brand_page_of(page)
    ancestors = []
    if brand_page is not None:
        ancestors = list(
            Page.objects.ancestor_of(page)
            .filter(depth__gt=brand_page.depth)
            .live()
            .order_by("path")
        )
    previous_page, next_page = _neighbours(page)
    return {
        "body_html": body_html,
        "toc": toc,
        "brand_page": brand_page,
        "breadcrumb": ([brand_page] if brand_page else []) + ancestors,
        "children": list(WikiPage.objects.child_of(page).live().defer_streamfields()),
        "previous_page": previous_page,
        "next_page": next_page,
        "history": wiki_history(page),
    }


# Changelog posts


def ideas_for_changelog_post(page) -> list[Idea]:
    """The public ideas linked from ``page``, in the editor's order, with their authors."""
    links = ChangelogIdea.objects.filter(page=page)
    order = links.filter(idea=OuterRef("pk")).order_by("sort_order").values("sort_order")
    return list(
        Idea.objects.public()
        .filter(pk__in=links.values("idea_id"))
        .select_related("author")
        .defer("body", "body_html", "moderation_note")
        .annotate(post_order=Subquery(order[:1], output_field=IntegerField()))
        .order_by("post_order", "pk")
    )


def changelog_post_context(*, page, viewer) -> dict:
    return {
        "brand_page": brand_page_of(page),
        "linked_ideas": ideas_for_changelog_post(page),
    }
