"""What the periodic sweeper catches up: events and emails whose task never ran.

A task can be missing because the broker was down at commit time, or because a worker was
killed after taking it; the database rows are the truth, so the sweeper finds them there.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from notifications.models import Delivery, DeliveryChannel, DeliveryStatus, Digest, Event

MAX_PER_SWEEP = 10_000


def stale_event_ids() -> list[int]:
    """Events not fanned out a little while after they were written."""
    return list(
        Event.objects.filter(
            fanned_out_at__isnull=True,
            created_at__lte=timezone.now()
            - timedelta(seconds=settings.NOTIFICATIONS_FAN_OUT_AFTER_SECONDS),
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:1_000]
    )


def claim_due(model) -> list[int]:
    """Ids of pending immediate emails (or digests) whose time has come, pushed forward by
    the queue grace so the next sweep leaves them to the tasks about to be queued."""
    now = timezone.now()
    due = model.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    if model is Delivery:
        due = due.filter(channel=DeliveryChannel.EMAIL)
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:MAX_PER_SWEEP])
    if ids:
        model.objects.filter(pk__in=ids).update(
            next_attempt_at=now + timedelta(seconds=settings.NOTIFICATIONS_QUEUE_GRACE_SECONDS)
        )
    return ids


def due_digest_ids() -> list[int]:
    return claim_due(Digest)


def due_delivery_ids() -> list[int]:
    return claim_due(Delivery)
