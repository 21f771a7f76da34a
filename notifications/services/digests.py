"""Daily digests: one email per person per day with the events they chose to get daily."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from notifications.emails import digest_email
from notifications.models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    Digest,
    EmailChoice,
    NotificationSetting,
)
from notifications.sending import Mailer
from notifications.services.delivery import hand_over

_BULK = 2_000


def open_daily_digests(*, day: date | None = None) -> list[int]:
    """Gather everyone's waiting digest items into today's digest; returns the digests to send.

    The unique (recipient, day) key makes it one email per person per day: items that
    arrive after today's digest went out wait for tomorrow's. Safe to run twice.
    """
    day = day or timezone.localdate()
    now = timezone.now()
    waiting = Delivery.objects.filter(
        channel=DeliveryChannel.DIGEST, status=DeliveryStatus.PENDING, digest__isnull=True
    )
    recipients = list(waiting.values_list("recipient_id", flat=True).distinct())
    queued_until = now + timedelta(seconds=settings.NOTIFICATIONS_QUEUE_GRACE_SECONDS)
    Digest.objects.bulk_create(
        [Digest(recipient_id=pk, day=day, next_attempt_at=queued_until) for pk in recipients],
        batch_size=_BULK,
        ignore_conflicts=True,
    )
    waiting.update(
        digest_id=Subquery(
            Digest.objects.filter(
                recipient_id=OuterRef("recipient_id"), day=day, status=DeliveryStatus.PENDING
            ).values("pk")[:1]
        )
    )
    return list(
        Digest.objects.filter(day=day, status=DeliveryStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def send_digest(*, digest_id: int) -> bool:
    """Send one pending digest; True if the mail server took it."""
    digest = (
        Digest.objects.select_related("recipient")
        .filter(pk=digest_id, status=DeliveryStatus.PENDING)
        .first()
    )
    if digest is None:
        return False
    items = list(
        Delivery.objects.filter(digest=digest, status=DeliveryStatus.PENDING)
        .select_related("event__idea", "event__actor")
        .order_by("-event__created_at")
    )
    items = _drop_unwanted(digest, items)
    if not items or not digest.recipient.email or not digest.recipient.is_active:
        Digest.objects.filter(pk=digest.pk, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.CANCELLED
        )
        return False
    message = digest_email(digest, [item.event for item in items])
    item_ids = [item.pk for item in items]

    def mark_items_sent() -> None:
        Delivery.objects.filter(pk__in=item_ids).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now()
        )

    with Mailer() as mailer:
        return hand_over(mailer, Digest, digest, message, mark_items_sent)


def _drop_unwanted(digest: Digest, items: list[Delivery]) -> list[Delivery]:
    """Items of kinds the person has since set to "never" are cancelled, not sent."""
    never = set(
        NotificationSetting.objects.filter(
            user_id=digest.recipient_id, email=EmailChoice.NEVER
        ).values_list("kind", flat=True)
    )
    dropped = [item.pk for item in items if item.event.kind in never]
    if dropped:
        Delivery.objects.filter(pk__in=dropped).update(status=DeliveryStatus.CANCELLED)
    return [item for item in items if item.event.kind not in never]
