"""The outbox's write side: ideas' services record what followers should hear about."""

from cocreate.tasks import enqueue_on_commit
from notifications.models import Event, EventKind


def record_event(*, kind: str, idea, actor=None, data: dict | None = None) -> Event:
    """Write an outbox row for ``idea``; call inside the transaction of the change itself.

    Nothing is sent from here: after commit a task fans the event out to followers. If the
    broker is down at that moment the row stays pending and the sweeper
    (``notifications.deliver_pending``) fans it out later; if the change rolls back, the
    row goes with it.
    """
    from notifications import tasks

    event = Event.objects.create(kind=kind, idea=idea, actor=actor, data=data or {})
    enqueue_on_commit(tasks.fan_out_event, event.pk)
    return event


def status_changed_fields(change) -> dict:
    """What an event says about a ``StatusChange`` (a person's move or the threshold)."""
    return {
        "kind": EventKind.STATUS_CHANGED,
        "idea": change.idea,
        "actor": change.changed_by,
        "data": {
            "from": change.from_status,
            "to": change.to_status,
            "note": change.note,
            "change_id": change.pk,
        },
    }


def official_response_fields(comment) -> dict:
    body = comment.body
    return {
        "kind": EventKind.OFFICIAL_RESPONSE,
        "idea": comment.idea,
        "actor": comment.author,
        "data": {
            "comment_id": comment.pk,
            "author_name": comment.author.public_name,
            "excerpt": body if len(body) <= 400 else body[:399].rstrip() + "…",
        },
    }


def record_status_changed(*, change) -> Event:
    return record_event(**status_changed_fields(change))


def record_official_response(*, comment) -> Event:
    return record_event(**official_response_fields(comment))


def record_merged(*, source, target, actor) -> Event:
    """Told to the followers of ``source`` (who now also follow ``target``)."""
    return record_event(
        kind=EventKind.MERGED,
        idea=source,
        actor=actor,
        data={
            "into_id": target.pk,
            "into_title": target.title,
            "into_path": target.get_absolute_url(),
        },
    )
