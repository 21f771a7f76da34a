"""From one outbox event to a notification and an owed email per follower."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    EmailChoice,
    Event,
    Follow,
    Notification,
    NotificationSetting,
)

_BULK = 2_000


def fan_out_event(*, event_id: int) -> list[int]:
    """Write the in-app notifications and email deliveries of event ``event_id``.

    Idempotent: the event row is locked and stamped ``fanned_out_at`` in the same
    transaction, and both tables have a unique key per recipient (× channel), so a second
    run, a duplicated message or a concurrent sweeper write nothing twice. Returns the
    ids of the immediate emails still pending for the event (to queue in batches).
    """
    now = timezone.now()
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(skip_locked=True)
            .filter(pk=event_id, fanned_out_at__isnull=True)
            .first()
        )
        if event is not None:
            _write_rows(event, now)
            event.fanned_out_at = timezone.now()
            event.save(update_fields=["fanned_out_at"])
    return list(
        Delivery.objects.filter(
            event_id=event_id, channel=DeliveryChannel.EMAIL, status=DeliveryStatus.PENDING
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _write_rows(event: Event, now) -> None:
    followers = (
        Follow.objects.filter(idea_id=event.idea_id, is_active=True, user__is_active=True)
        .exclude(user_id=event.actor_id)
        .values_list("user_id", "reason", "user__email")
    )
    choices = dict(
        (user_id, (on_site, email))
        for user_id, on_site, email in NotificationSetting.objects.filter(
            kind=event.kind, user__follows__idea_id=event.idea_id
        ).values_list("user_id", "on_site", "email")
    )
    default = (NotificationSetting.DEFAULT_ON_SITE, NotificationSetting.DEFAULT_EMAIL)
    queued_until = now + timedelta(seconds=settings.NOTIFICATIONS_QUEUE_GRACE_SECONDS)
    notifications, deliveries = [], []
    for user_id, reason, address in followers.iterator(chunk_size=_BULK):
        on_site, email = choices.get(user_id, default)
        if on_site:
            notifications.append(Notification(user_id=user_id, event=event, reason=reason))
        if email != EmailChoice.NEVER and address:
            immediate = email == EmailChoice.IMMEDIATELY
            deliveries.append(
                Delivery(
                    recipient_id=user_id,
                    event=event,
                    reason=reason,
                    channel=DeliveryChannel.EMAIL if immediate else DeliveryChannel.DIGEST,
                    next_attempt_at=queued_until if immediate else now,
                )
            )
    Notification.objects.bulk_create(notifications, batch_size=_BULK, ignore_conflicts=True)
    Delivery.objects.bulk_create(deliveries, batch_size=_BULK, ignore_conflicts=True)
