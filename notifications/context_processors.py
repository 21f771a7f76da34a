from django.utils.functional import cached_property

from notifications.selectors import UNREAD_CAP, unread_count


class UnreadNotifications:
    """The bell's unread count, counted on first use: a page that never renders the header
    (or a visitor's page) costs no query, and one that does costs exactly one."""

    def __init__(self, request):
        self._request = request

    @cached_property
    def count(self) -> int:
        user = getattr(self._request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return unread_count(user=user)

    @property
    def label(self) -> str:
        """The badge's text: the count, or "99+" past ``UNREAD_CAP``."""
        return f"{UNREAD_CAP}+" if self.count > UNREAD_CAP else str(self.count)

    @property
    def capped(self) -> bool:
        return self.count > UNREAD_CAP


def unread_notifications(request):
    return {"unread_notifications": UnreadNotifications(request)}
