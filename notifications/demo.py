"""Demo data for notifications: everyone who took part follows, and the first demo customers
find past news in their bell. That history is backfilled, so it is never emailed."""

from django.db import transaction
from django.db.models import F

from ideas.models import Comment, Idea, StatusChange, Vote
from notifications.models import (
    Delivery,
    DeliveryStatus,
    Event,
    Follow,
    FollowReason,
    Notification,
)
from notifications.services.events import official_response_fields, status_changed_fields
from notifications.services.fanout import fan_out_event

NEWS_PER_CUSTOMER = 6


def seed_notifications(*, customers) -> None:
    """Idempotent: follows are inserted ignoring conflicts; history only on the first run."""
    with transaction.atomic():
        _follow_participants()
    if Event.objects.exists():
        return
    told: set[tuple[str, int]] = set()
    for person in customers:
        _past_news_for(person, told)
    Delivery.objects.filter(status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.CANCELLED, last_error="Demo history: not emailed."
    )


def _follow_participants() -> None:
    sources = (
        (Idea.objects.values_list("author_id", "pk"), FollowReason.AUTHOR),
        (Vote.objects.values_list("user_id", "idea_id"), FollowReason.VOTER),
        (Comment.objects.values_list("author_id", "idea_id"), FollowReason.COMMENTER),
    )
    for rows, reason in sources:
        Follow.objects.bulk_create(
            [Follow(user_id=user_id, idea_id=idea_id, reason=reason) for user_id, idea_id in rows],
            batch_size=2_000,
            ignore_conflicts=True,
        )


def _past_news_for(person, told: set[tuple[str, int]]) -> None:
    """Events for the latest staff moves and answers on ideas ``person`` follows; ``told``
    keeps one event per change or answer across customers."""
    followed = Follow.objects.filter(user=person, is_active=True).values("idea_id")
    changes = (
        StatusChange.objects.filter(idea_id__in=followed, changed_by__isnull=False)
        .select_related("idea", "changed_by")
        .order_by("-created_at")[:NEWS_PER_CUSTOMER]
    )
    answers = (
        Comment.objects.filter(idea_id__in=followed, is_official=True)
        .select_related("idea", "author")
        .order_by("-created_at")[: NEWS_PER_CUSTOMER // 2]
    )
    dated = [(("change", c.pk), status_changed_fields(c), c.created_at) for c in changes]
    dated += [(("answer", c.pk), official_response_fields(c), c.created_at) for c in answers]
    for key, fields, when in sorted(dated, key=lambda item: item[2]):
        if key in told:
            continue
        told.add(key)
        event = Event.objects.create(**fields)
        Event.objects.filter(pk=event.pk).update(created_at=when)
        fan_out_event(event_id=event.pk)
        Notification.objects.filter(event=event).update(created_at=when)
    oldest_first = Notification.objects.filter(user=person).order_by("created_at")
    read = list(oldest_first.values_list("pk", flat=True)[: NEWS_PER_CUSTOMER // 2])
    Notification.objects.filter(pk__in=read).update(read_at=F("created_at"))
