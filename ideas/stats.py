"""Public responsiveness figures of a brand, stored in ``BrandResponsiveness``.

Counted over the brand's public ideas. The response time of an idea runs from its
``created_at`` to its ``first_response_at`` (set by the services on the first staff answer
or move).
"""

from datetime import timedelta

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.utils import timezone

from ideas.models import BrandResponsiveness, Idea
from ideas.roadmap import Status

ANSWER_WINDOW = timedelta(days=7)


class MedianDuration(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5) WITHIN GROUP (ORDER BY …)`` over an interval.

    NULLs (unanswered ideas) are ignored by ``percentile_cont``, as by every aggregate.
    """

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _response_time():
    return ExpressionWrapper(F("first_response_at") - F("created_at"), output_field=DurationField())


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


def _median_response(answered: QuerySet) -> timedelta | None:
    """Outside PostgreSQL: one query reading the sorted response times, median in Python."""
    times = (
        answered.annotate(response=_response_time())
        .order_by("response")
        .values_list("response", flat=True)
    )
    return _median(list(times))


def refresh_brand_responsiveness(*, brand) -> BrandResponsiveness:
    """Recompute and save ``brand``'s figures; safe to run at any time, from any process.

    - median hours from ``created_at`` to ``first_response_at``, over answered ideas;
    - the share (in %) of ideas answered within 7 days, over the ideas that are either
      answered or older than 7 days (a younger unanswered idea may still make it);
    - the number of shipped ideas.

    On PostgreSQL all three come from one aggregate query (``percentile_cont``); elsewhere
    the median is computed from a second, ordered query (see ``_median_response``).
    """
    now = timezone.now()
    ideas = Idea.objects.filter(brand=brand, is_public=True)
    answered = Q(first_response_at__isnull=False)
    in_time = answered & Q(first_response_at__lte=F("created_at") + ANSWER_WINDOW)
    counted = answered | Q(created_at__lte=now - ANSWER_WINDOW)
    figures = {
        "counted": Count("pk", filter=counted),
        "in_time": Count("pk", filter=in_time),
        "shipped": Count("pk", filter=Q(status=Status.SHIPPED)),
    }
    postgres = connection.vendor == "postgresql"
    if postgres:
        figures["median"] = MedianDuration(_response_time())
    result = ideas.aggregate(**figures)
    median = result["median"] if postgres else _median_response(ideas.filter(answered))
    share = 100 * result["in_time"] / result["counted"] if result["counted"] else None
    stats, _created = BrandResponsiveness.objects.update_or_create(
        brand=brand,
        defaults={
            "median_response_hours": None if median is None else median / timedelta(hours=1),
            "answered_within_7_days_pct": share,
            "shipped_count": result["shipped"],
            "computed_at": now,
        },
    )
    return stats
