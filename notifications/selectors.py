from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from notifications.models import Follow, Notification

# The bell shows "99+" past this: counting stops there, however many are unread.
UNREAD_CAP = 99


def follow_of(*, viewer, idea) -> Follow | None:
    """The viewer's follow row for ``idea`` (active or not), or None; one query."""
    if viewer is None or not viewer.is_authenticated:
        return None
    return Follow.objects.filter(user=viewer, idea=idea).first()


def unread_count(*, user) -> int:
    """How many of ``user``'s notifications are unread, up to ``UNREAD_CAP + 1``.

    One COUNT query over the partial ``notification_unread`` index; the LIMIT keeps it
    cheap for someone who never reads them.
    """
    return Notification.objects.filter(user=user, read_at__isnull=True)[: UNREAD_CAP + 1].count()


def notifications_for(*, user) -> QuerySet:
    """``user``'s notifications, newest first, with what the list page shows of each event."""
    return (
        Notification.objects.filter(user=user)
        .select_related("event", "event__idea", "event__idea__brand", "event__actor")
        .order_by("-created_at", "-id")
    )


def access_notification(*, user, notification_id: int) -> Notification:
    """``user``'s own notification with its event and idea, or ``Http404`` (someone else's
    notification is as unknown as a missing one)."""
    return get_object_or_404(
        Notification.objects.select_related("event", "event__idea"),
        pk=notification_id,
        user=user,
    )


def unsubscribing_person(*, user_id: int):
    """The person an unsubscribe token stands for, or None if the account is gone."""
    return get_user_model().objects.filter(pk=user_id).first()
