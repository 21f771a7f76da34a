"""People reading their in-app notifications."""

from collections.abc import Iterable

from django.utils import timezone

from notifications.models import Notification


def mark_read(*, user, notification_ids: Iterable[int] = (), all_unread: bool = False) -> int:
    """Mark ``user``'s notifications ``notification_ids`` read, or every unread one with
    ``all_unread=True`` (then pass no ids). Ids of other people's notifications are ignored
    and read ones keep their first ``read_at``. Returns how many changed; one UPDATE."""
    ids = list(notification_ids)
    if all_unread and ids:
        raise TypeError("Pass notification_ids or all_unread=True, not both.")
    if not (all_unread or ids):
        return 0
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if not all_unread:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
