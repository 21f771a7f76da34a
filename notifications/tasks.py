"""Celery tasks of notifications: thin, ids as arguments, safe to run twice."""

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from cocreate.tasks import enqueue_on_commit
from notifications.services import delivery, digests, fanout, sweeper


def _queue_in_batches(delivery_ids: list[int]) -> None:
    size = settings.NOTIFICATIONS_BATCH_SIZE
    for start in range(0, len(delivery_ids), size):
        enqueue_on_commit(send_emails, delivery_ids[start : start + size])


@shared_task(name="notifications.fan_out_event")
def fan_out_event(event_id: int) -> None:
    """Write the event's notifications and deliveries, then queue its emails in batches."""
    _queue_in_batches(fanout.fan_out_event(event_id=event_id))


@shared_task(name="notifications.send_emails")
def send_emails(delivery_ids: list[int]) -> int:
    return delivery.send_emails(delivery_ids=delivery_ids)


@shared_task(name="notifications.send_digest")
def send_digest(digest_id: int) -> bool:
    return digests.send_digest(digest_id=digest_id)


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests() -> None:
    """The beat schedule's daily entry: today's digests, one task each."""
    for digest_id in digests.open_daily_digests():
        enqueue_on_commit(send_digest, digest_id)


@shared_task(name="notifications.deliver_pending")
def deliver_pending() -> None:
    """The sweeper (every minute, and when a worker starts): fan out events and queue emails
    and digests that no task is taking care of."""
    for event_id in sweeper.stale_event_ids():
        _queue_in_batches(fanout.fan_out_event(event_id=event_id))
    _queue_in_batches(sweeper.due_delivery_ids())
    for digest_id in sweeper.due_digest_ids():
        enqueue_on_commit(send_digest, digest_id)


@worker_ready.connect
def _sweep_when_a_worker_starts(sender, **kwargs) -> None:
    """A worker coming back after a crash or an outage catches up at once."""
    enqueue_on_commit(deliver_pending)
