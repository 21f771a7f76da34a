"""Celery tasks of webhooks: thin, ids as arguments, safe to run twice."""

from celery import shared_task

from cocreate.tasks import enqueue_on_commit
from webhooks import services


@shared_task(name="webhooks.deliver")
def deliver(delivery_id: int) -> bool:
    return services.deliver_one(delivery_id=delivery_id)


@shared_task(name="webhooks.deliver_due")
def deliver_due() -> None:
    """The sweeper (every minute): deliveries stuck in "sending" go back to their retry
    schedule, and every due delivery gets a task (a duplicate task finds it claimed)."""
    services.recover_stuck()
    for delivery_id in services.due_delivery_ids():
        enqueue_on_commit(deliver, delivery_id)
