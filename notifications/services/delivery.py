"""Sending owed emails exactly once, with retries and exponential backoff.

Each email is sent in its own short transaction holding its row lock; "sent" is committed
between ``Mailer.prepare`` and ``Mailer.finish`` (see ``notifications.sending`` for why).
"""

import logging
import random
import smtplib
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

from notifications.emails import EventView, event_email
from notifications.models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    EmailChoice,
    NotificationSetting,
    OutgoingEmail,
)
from notifications.sending import Mailer, is_permanent

logger = logging.getLogger(__name__)
SEND_ERRORS = (smtplib.SMTPException, OSError)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with a cap and ±10 % jitter (so retries do not arrive together)."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    seconds = min(base, settings.NOTIFICATIONS_RETRY_CAP_SECONDS)
    return timedelta(seconds=seconds * random.uniform(0.9, 1.1))


def record_failure(model: type[Model], pk: int, attempts: int, error: BaseException) -> None:
    """Back to pending with backoff, or failed for good (visible in the admin)."""
    final = is_permanent(error) or attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
    model.objects.filter(pk=pk).update(
        status=DeliveryStatus.FAILED if final else DeliveryStatus.PENDING,
        attempts=attempts,
        next_attempt_at=timezone.now() + retry_delay(attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    log = logger.error if final else logger.warning
    log("Email %s #%s failed (attempt %d): %s", model.__name__, pk, attempts, error)


def hand_over(
    mailer: Mailer,
    model: type[Model],
    row: OutgoingEmail,
    message,
    mark_sent: Callable[[], None] = lambda: None,
) -> bool:
    """Send ``message`` for the pending ``row`` (a Delivery or a Digest); True if the mail
    server took it.

    One UPDATE claims the row and marks it sent, uncommitted: it takes the row lock, so a
    duplicated task waits, then finds the row sent and skips it. The message is transferred
    inside that transaction and completed after the commit (``notifications.sending``).
    ``mark_sent`` runs in the same transaction (a digest marks its items).
    """
    try:
        with transaction.atomic():
            claimed = model.objects.filter(pk=row.pk, status=DeliveryStatus.PENDING).update(
                status=DeliveryStatus.SENT,
                sent_at=timezone.now(),
                attempts=F("attempts") + 1,
                last_error="",
            )
            if not claimed:
                return False
            mailer.prepare(message)
            mark_sent()
    except SEND_ERRORS as error:
        record_failure(model, row.pk, row.attempts + 1, error)
        return False
    except BaseException:
        mailer.abort()
        raise
    try:
        mailer.finish()
    except SEND_ERRORS as error:
        record_failure(model, row.pk, row.attempts + 1, error)
        return False
    return True


def send_emails(*, delivery_ids: list[int]) -> int:
    """Send the immediate emails among ``delivery_ids`` still pending; returns how many went.

    A recipient who since chose another setting, lost their address or was deactivated
    gets nothing: the row is cancelled (a digest choice moves it to the digest).
    """
    deliveries = list(
        Delivery.objects.filter(
            pk__in=delivery_ids, status=DeliveryStatus.PENDING, channel=DeliveryChannel.EMAIL
        )
        .select_related("recipient", "event__idea", "event__actor")
        .order_by("pk")
    )
    if not deliveries:
        return 0
    choices = _email_choices(deliveries)
    views: dict[int, EventView] = {}
    rendered: dict = {}
    sent = 0
    with Mailer() as mailer:
        for delivery in deliveries:
            if not _still_wanted(delivery, choices):
                continue
            view = views.get(delivery.event_id) or views.setdefault(
                delivery.event_id, EventView.of(delivery.event)
            )
            message = event_email(delivery, view, rendered)
            sent += hand_over(mailer, Delivery, delivery, message)
    return sent


def _email_choices(deliveries: list[Delivery]) -> dict[tuple[int, str], str]:
    recipients = {delivery.recipient_id for delivery in deliveries}
    kinds = {delivery.event.kind for delivery in deliveries}
    return {
        (user_id, kind): email
        for user_id, kind, email in NotificationSetting.objects.filter(
            user_id__in=recipients, kind__in=kinds
        ).values_list("user_id", "kind", "email")
    }


def _still_wanted(delivery: Delivery, choices: dict[tuple[int, str], str]) -> bool:
    recipient = delivery.recipient
    email = choices.get(
        (delivery.recipient_id, delivery.event.kind), NotificationSetting.DEFAULT_EMAIL
    )
    if email == EmailChoice.IMMEDIATELY and recipient.email and recipient.is_active:
        return True
    pending = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING)
    if email == EmailChoice.DAILY and recipient.email and recipient.is_active:
        pending.update(channel=DeliveryChannel.DIGEST)
    else:
        pending.update(status=DeliveryStatus.CANCELLED)
    return False


def retry_now(model: type[Model], pks: list[int]) -> int:
    """Give failed (or waiting) emails a fresh start: the next sweep sends them."""
    return model.objects.filter(
        pk__in=pks, status__in=[DeliveryStatus.FAILED, DeliveryStatus.PENDING]
    ).update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now())
