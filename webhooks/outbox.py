"""Writing webhook deliveries in the transaction of the change they announce.

Services call these functions inside their ``transaction.atomic``: the delivery rows commit
or roll back with the change, and the sending task is queued only after the commit (a lost
task is caught up by the ``webhooks.deliver_due`` sweeper). Nothing is built, and only one
query runs, when the brand has no endpoint subscribed to the event.
"""

import secrets

from django.utils import timezone

from cocreate.tasks import enqueue_on_commit
from webhooks import payloads
from webhooks.models import EventType, WebhookDelivery, WebhookEndpoint


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def subscribers(brand_id: int, event_type: str) -> list[WebhookEndpoint]:
    endpoints = WebhookEndpoint.objects.filter(brand_id=brand_id, is_active=True).only(
        "pk", "events"
    )
    return [endpoint for endpoint in endpoints if event_type in endpoint.events]


def record_event(
    *, brand_id: int, event_type: str, data: dict, endpoints: list | None = None
) -> list[int]:
    """One pending delivery of ``data`` per active endpoint of the brand subscribed to
    ``event_type`` (or per endpoint in ``endpoints``), all with the same message id."""
    if endpoints is None:
        endpoints = subscribers(brand_id, event_type)
    if not endpoints:
        return []
    payload = payloads.envelope(event_type, data)
    message_id, now = new_message_id(), timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint_id=endpoint.pk,
            event_type=event_type,
            message_id=message_id,
            payload=payload,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    )
    ids = [delivery.pk for delivery in deliveries]
    if ids[0] is None:  # databases that do not return ids from a bulk insert
        ids = list(
            WebhookDelivery.objects.filter(message_id=message_id).values_list("pk", flat=True)
        )
    from webhooks import tasks

    for delivery_id in ids:
        enqueue_on_commit(tasks.deliver, delivery_id)
    return ids


def _fresh_idea(pk: int):
    from ideas.models import Idea

    return Idea.objects.select_related("author", "brand", "challenge").get(pk=pk)


def _record(brand_id: int, event_type: str, build) -> None:
    endpoints = subscribers(brand_id, event_type)
    if endpoints:
        record_event(brand_id=brand_id, event_type=event_type, data=build(), endpoints=endpoints)


def idea_created(*, idea) -> None:
    _record(
        idea.brand_id,
        EventType.IDEA_CREATED,
        lambda: {"idea": payloads.idea_data(_fresh_idea(idea.pk))},
    )


def idea_status_changed(*, change) -> None:
    _record(
        change.idea.brand_id,
        EventType.IDEA_STATUS_CHANGED,
        lambda: payloads.status_change_data(change, _fresh_idea(change.idea_id)),
    )


def idea_threshold_reached(*, idea) -> None:
    _record(
        idea.brand_id,
        EventType.IDEA_THRESHOLD_REACHED,
        lambda: payloads.threshold_data(_fresh_idea(idea.pk)),
    )


def idea_merged(*, source, target, actor) -> None:
    _record(
        target.brand_id,
        EventType.IDEA_MERGED,
        lambda: payloads.merge_data(_fresh_idea(source.pk), _fresh_idea(target.pk), actor),
    )


def comment_created(*, comment) -> None:
    _record(
        comment.idea.brand_id,
        EventType.COMMENT_CREATED,
        lambda: payloads.comment_data(comment, _fresh_idea(comment.idea_id)),
    )
