"""The emails themselves: an event email and a daily digest, each in HTML and plain text.

Every email carries a one-click unsubscribe link (RFC 8058 headers) signed for its
recipient, and a Message-ID derived from what it delivers, so a retried send is
recognisably the same message.
"""

from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from notifications import describe
from notifications.models import Delivery, Digest, Event, EventKind, FollowReason
from notifications.tokens import unsubscribe_token


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@dataclass(frozen=True)
class EventView:
    """What a template shows of one event."""

    event: Event
    headline: str
    detail: str
    url: str

    @classmethod
    def of(cls, event: Event) -> "EventView":
        return cls(
            event=event,
            headline=describe.headline(event),
            detail=describe.detail(event),
            url=absolute(describe.link(event)),
        )


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">") or "cocreate.localhost"


# Stand-ins for what differs between the recipients of one event, so a batch renders the
# templates once per event and reason and only substitutes these per person.
_NAME, _UNSUBSCRIBE = "[[recipient-name]]", "[[unsubscribe-url]]"
Rendered = tuple[str, str]


def _render(template: str, context: dict, kind) -> Rendered:
    context = {
        **context,
        "recipient_name": _NAME,
        "unsubscribe_url": _UNSUBSCRIBE,
        "kind_label": EventKind(kind).label if kind else "",
        "settings_url": absolute(reverse("notifications:settings")),
        "site_url": absolute("/"),
    }
    return (
        render_to_string(f"notifications/email/{template}.txt", context),
        render_to_string(f"notifications/email/{template}.html", context),
    )


def _build(*, recipient, subject: str, rendered: Rendered, kind, message_id: str):
    unsubscribe_url = absolute(
        reverse(
            "notifications:unsubscribe",
            kwargs={"token": unsubscribe_token(user_id=recipient.pk, kind=kind)},
        )
    )
    text, html = rendered
    name = recipient.public_name
    message = EmailMultiAlternatives(
        subject=subject,
        body=text.replace(_NAME, name).replace(_UNSUBSCRIBE, unsubscribe_url),
        to=[formataddr((name, recipient.email))],
        headers={
            "Message-ID": f"<{message_id}@{_domain()}>",
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    html = html.replace(_NAME, escape(name)).replace(_UNSUBSCRIBE, escape(unsubscribe_url))
    message.attach_alternative(html, "text/html")
    return message


def event_email(
    delivery: Delivery, view: EventView | None = None, cache: dict | None = None
) -> EmailMultiAlternatives:
    """The immediate email for ``delivery`` (recipient, event, its idea and actor loaded).

    A batch passes ``view`` and ``cache`` to describe and render each event (and reason)
    once for all its recipients.
    """
    event = delivery.event
    view = view or EventView.of(event)
    cache = {} if cache is None else cache
    key = (event.pk, delivery.reason)
    if key not in cache:
        context = {"item": view, "reason": FollowReason(delivery.reason).label}
        cache[key] = _render("event", context, event.kind)
    return _build(
        recipient=delivery.recipient,
        subject=view.headline,
        rendered=cache[key],
        kind=event.kind,
        message_id=f"delivery-{delivery.pk}",
    )


@dataclass(frozen=True)
class IdeaGroup:
    title: str
    url: str
    items: list[EventView]


def group_by_idea(events: list[Event]) -> list[IdeaGroup]:
    """Events grouped by idea: groups by their newest event, newest first, and so within."""
    ordered = sorted(events, key=lambda event: (event.created_at, event.pk), reverse=True)
    groups: dict[int, IdeaGroup] = {}
    for event in ordered:
        group = groups.get(event.idea_id)
        if group is None:
            group = groups[event.idea_id] = IdeaGroup(
                title=event.idea.title, url=absolute(event.idea.get_absolute_url()), items=[]
            )
        group.items.append(EventView.of(event))
    return list(groups.values())


def digest_email(digest: Digest, events: list[Event]) -> EmailMultiAlternatives:
    groups = group_by_idea(events)
    subject = _("Your Cocreate digest: %(count)d updates on %(ideas)d ideas") % {
        "count": len(events),
        "ideas": len(groups),
    }
    if len(groups) == 1:
        subject = _("Your Cocreate digest: %(count)d updates on “%(title)s”") % {
            "count": len(events),
            "title": groups[0].title,
        }
    context = {"groups": groups, "day": digest.day, "count": len(events)}
    return _build(
        recipient=digest.recipient,
        subject=subject,
        rendered=_render("digest", context, None),
        kind=None,
        message_id=f"digest-{digest.recipient_id}-{digest.day:%Y%m%d}",
    )
