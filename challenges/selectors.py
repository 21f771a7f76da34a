from datetime import datetime

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from challenges.models import ChallengePage


def with_card_data(queryset: QuerySet) -> QuerySet:
    """What ``challenges/includes/challenge_card.html`` reads: brand, cover and public idea
    count, in the same query."""
    return queryset.select_related("brand", "cover_image").annotate(
        idea_total=Count("ideas", filter=Q(ideas__is_public=True))
    )


def open_challenges(*, now: datetime) -> QuerySet:
    return with_card_data(
        ChallengePage.objects.live().filter(opens_at__lte=now, closes_at__gt=now)
    ).order_by("closes_at")


def challenges_for_brand_page(brand_page) -> QuerySet:
    return with_card_data(ChallengePage.objects.child_of(brand_page).live()).order_by("-opens_at")


def challenges_for_listing(*, now: datetime) -> QuerySet:
    """Every live challenge: open ones closing soonest first, then upcoming ones opening
    soonest, then closed ones, last closed first. The order is stable for pagination."""
    is_open = Q(opens_at__lte=now, closes_at__gt=now)
    is_upcoming = Q(opens_at__gt=now)
    return (
        with_card_data(ChallengePage.objects.live().defer_streamfields())
        .annotate(
            phase_rank=Case(
                When(is_open, then=Value(0)),
                When(is_upcoming, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            phase_date=Case(
                When(is_open, then=F("closes_at")),
                When(is_upcoming, then=F("opens_at")),
                default=None,
                output_field=DateTimeField(),
            ),
        )
        .order_by("phase_rank", "phase_date", "-closes_at", "pk")
    )
