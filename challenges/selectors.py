from datetime import datetime

from django.db.models import Count, Q, QuerySet

from challenges.models import ChallengePage


def _with_listing_data(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("brand", "cover_image").annotate(
        idea_total=Count("ideas", filter=Q(ideas__is_public=True))
    )


def open_challenges(*, now: datetime) -> QuerySet:
    return _with_listing_data(
        ChallengePage.objects.live().filter(opens_at__lte=now, closes_at__gt=now)
    ).order_by("closes_at")


def challenges_for_brand_page(brand_page) -> QuerySet:
    return _with_listing_data(ChallengePage.objects.child_of(brand_page).live()).order_by(
        "-opens_at"
    )
