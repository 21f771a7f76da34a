"""Words for an event, shared by the bell's list, emails and digests."""

from django.utils.translation import gettext as _

from ideas.roadmap import Status
from notifications.models import Event, EventKind


def _status_label(value: str) -> str:
    return Status(value).label if value in Status.values else value


def headline(event: Event) -> str:
    """One sentence naming what happened to the idea (``event.idea`` and ``event.actor``
    should be loaded with ``select_related``)."""
    data, title = event.data, event.idea.title
    if event.kind == EventKind.STATUS_CHANGED:
        return _("“%(title)s” moved from %(from)s to %(to)s") % {
            "title": title,
            "from": _status_label(data.get("from", "")),
            "to": _status_label(data.get("to", "")),
        }
    if event.kind == EventKind.OFFICIAL_RESPONSE:
        return _("%(name)s answered “%(title)s” for the brand") % {
            "name": data.get("author_name") or _("The brand"),
            "title": title,
        }
    return _("“%(title)s” was merged into “%(into)s”") % {
        "title": title,
        "into": data.get("into_title", ""),
    }


def detail(event: Event) -> str:
    """The public note, response excerpt or merge explanation ("" when there is none)."""
    data = event.data
    if event.kind == EventKind.STATUS_CHANGED:
        return data.get("note", "")
    if event.kind == EventKind.OFFICIAL_RESPONSE:
        return data.get("excerpt", "")
    return _("Your support now counts for it, and the discussion continues there.")


def link(event: Event) -> str:
    """The site path a person wants to open for this event."""
    data = event.data
    if event.kind == EventKind.MERGED and data.get("into_path"):
        return data["into_path"]
    path = event.idea.get_absolute_url()
    if event.kind == EventKind.OFFICIAL_RESPONSE and data.get("comment_id"):
        return f"{path}#comment-{data['comment_id']}"
    return path
