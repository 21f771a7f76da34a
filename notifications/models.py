from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowReason(models.TextChoices):
    AUTHOR = "author", _("you submitted it")
    CO_CONTRIBUTOR = "co_contributor", _("your idea was merged into it")
    VOTER = "voter", _("you support it")
    COMMENTER = "commenter", _("you commented on it")
    CHOSEN = "chosen", _("you chose to follow it")


class Follow(models.Model):
    """Someone who hears about an idea. Written only by ``notifications.services``.

    An unfollow keeps the row with ``is_active=False``, so taking part again (a vote, a
    comment) never silently re-subscribes a person who opted out.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="follows")
    reason = models.CharField(_("why"), max_length=20, choices=FollowReason.choices)
    is_active = models.BooleanField(_("following"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["user", "idea"], name="one_follow_per_idea")]
        indexes = [models.Index(fields=["idea", "is_active"], name="follow_idea_active")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.idea_id} ({self.reason})"


class EventKind(models.TextChoices):
    """What followers hear about; each kind has its own settings row."""

    STATUS_CHANGED = "status_changed", _("Status changes")
    OFFICIAL_RESPONSE = "official_response", _("Official responses from the brand")
    MERGED = "merged", _("Merges with another idea")


class Event(models.Model):
    """The outbox: something followers of ``idea`` should hear about.

    Written by ``notifications.services.events.record_event`` inside the transaction of the
    change itself, so a change that rolls back leaves no event and a committed change always
    has one, whatever the broker does. ``fanned_out_at`` is set once the per-person rows
    exist; a periodic sweeper fans out events still pending (broker down at commit time).
    """

    kind = models.CharField(max_length=30, choices=EventKind.choices)
    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="event_pending",
                condition=models.Q(fanned_out_at__isnull=True),
            ),
            models.Index(fields=["idea", "-created_at"], name="event_idea"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on idea {self.idea_id} ({self.created_at:%Y-%m-%d %H:%M})"


class Notification(models.Model):
    """An in-app notification: what the bell counts and the list page shows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    reason = models.CharField(max_length=20, choices=FollowReason.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_notification_per_event")
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(
                fields=["user"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} for {self.user_id}"


class EmailChoice(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("In a daily digest")
    NEVER = "never", _("Never")


class NotificationSetting(models.Model):
    """One person's choice for one kind of event; no row means the defaults."""

    DEFAULT_ON_SITE = True
    DEFAULT_EMAIL = EmailChoice.IMMEDIATELY

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    on_site = models.BooleanField(_("on the site"), default=DEFAULT_ON_SITE)
    email = models.CharField(
        _("by email"), max_length=20, choices=EmailChoice.choices, default=DEFAULT_EMAIL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_setting_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: site={self.on_site} email={self.email}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed permanently")
    CANCELLED = "cancelled", _("Cancelled")


class OutgoingEmail(models.Model):
    """Delivery state shared by immediate emails and digests (see ``notifications.sending``).

    ``next_attempt_at`` is when the sweeper may pick a pending row up: just after fan-out it
    leaves the queued task time to run; after a failure it is the exponential backoff.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Digest(OutgoingEmail):
    """One person's daily digest email: at most one per person per day."""

    day = models.DateField()

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="one_digest_per_day")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="digest_due",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"digest {self.day} for {self.recipient_id} ({self.status})"


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    DIGEST = "digest", _("Daily digest")


class Delivery(OutgoingEmail):
    """An email owed to one person for one event: unique per recipient × event × channel,
    so a retried or duplicated task can never owe (or send) it twice."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=DeliveryChannel.choices)
    reason = models.CharField(max_length=20, choices=FollowReason.choices)
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event", "channel"], name="one_delivery_per_channel"
            )
        ]
        indexes = [
            models.Index(
                fields=["channel", "next_attempt_at"],
                name="delivery_due",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["status", "-created_at"], name="delivery_status"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} of {self.event_id} to {self.recipient_id} ({self.status})"
