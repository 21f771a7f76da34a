"""Webhook writes: endpoints (by the brand's owners) and delivery attempts (by tasks).

A delivery is claimed by one conditional UPDATE (pending and due → sending), committed
before the HTTP request, and the result is recorded afterwards: two tasks for the same row
never both send, a succeeded row is never sent again by a task, and a worker that dies
mid-request leaves a "sending" row the sweeper turns back into a retry once
``WEBHOOKS_SENDING_GRACE_SECONDS`` have passed. That retry may repeat a request the
receiver did get (delivery is at least once): it carries the same ``Webhook-Id``, which
receivers use to drop the duplicate.
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.models import Brand, Role
from cocreate.tasks import enqueue_on_commit
from webhooks import outbox, payloads, signing, ssrf
from webhooks.models import (
    TEST_EVENT,
    DeliveryStatus,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
)
from webhooks.sending import Attempt, post

logger = logging.getLogger(__name__)

# Seconds to wait after each failed attempt (Standard Webhooks' schedule), with ±10 %
# jitter; a round of retries also ends 24 h after its first attempt (WEBHOOKS_RETRY_HOURS).
RETRY_SCHEDULE = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)
MAX_ENDPOINTS_PER_BRAND = 10
SWEEP_SECONDS = 60  # how often the beat schedule runs webhooks.deliver_due


def _enforce_manage(actor, brand: Brand) -> None:
    from ideas.rules import MANAGE_BRAND

    MANAGE_BRAND.enforce(actor, brand)


def _clean(url: str, events) -> tuple[str, list[str]]:
    url = (url or "").strip()
    errors = {}
    try:
        ssrf.check_url(url)
    except ssrf.UnsafeURL as error:
        errors["url"] = str(error)
    events = [event for event in EventType.values if event in set(events or ())]
    if not events:
        errors["events"] = _("Choose at least one event.")
    if errors:
        raise ValidationError(errors)
    return url, events


@transaction.atomic
def create_endpoint(*, actor, brand: Brand, url: str, events) -> WebhookEndpoint:
    """Register an endpoint with a fresh signing secret, as one of the brand's owners."""
    _enforce_manage(actor, brand)
    url, events = _clean(url, events)
    Brand.objects.select_for_update().filter(pk=brand.pk).first()
    if brand.webhook_endpoints.count() >= MAX_ENDPOINTS_PER_BRAND:
        raise ValidationError(
            _("A brand can have at most %(n)d endpoints.") % {"n": MAX_ENDPOINTS_PER_BRAND}
        )
    return WebhookEndpoint.objects.create(
        brand=brand, url=url, events=events, secret=signing.generate_secret(), created_by=actor
    )


@transaction.atomic
def update_endpoint(*, actor, endpoint: WebhookEndpoint, url: str, events) -> WebhookEndpoint:
    _enforce_manage(actor, endpoint.brand)
    endpoint.url, endpoint.events = _clean(url, events)
    endpoint.save(update_fields=["url", "events"])
    return endpoint


@transaction.atomic
def delete_endpoint(*, actor, endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint and its delivery log; messages not yet sent are dropped."""
    _enforce_manage(actor, endpoint.brand)
    endpoint.delete()


@transaction.atomic
def rotate_secret(*, actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new secret, used from the next attempt on (retries included)."""
    _enforce_manage(actor, endpoint.brand)
    endpoint.secret = signing.generate_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint


@transaction.atomic
def enable_endpoint(*, actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Turn a disabled endpoint back on; deliveries that failed meanwhile can be redelivered."""
    _enforce_manage(actor, endpoint.brand)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        is_active=True, disabled_at=None, disabled_reason="", consecutive_failures=0
    )
    endpoint.refresh_from_db()
    return endpoint


@transaction.atomic
def redeliver(*, actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send ``delivery`` again now, with the same message id, starting a new retry round."""
    _enforce_manage(actor, delivery.endpoint.brand)
    if not delivery.endpoint.is_active:
        raise ValidationError(_("Enable the endpoint again before redelivering."))
    restarted = WebhookDelivery.objects.filter(
        pk=delivery.pk,
        status__in=[DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED, DeliveryStatus.PENDING],
    ).update(
        status=DeliveryStatus.PENDING,
        round_attempts=0,
        first_attempt_at=None,
        next_attempt_at=timezone.now(),
    )
    if not restarted:
        raise ValidationError(_("This message is being sent right now."))
    enqueue_on_commit(_deliver_task(), delivery.pk)
    delivery.refresh_from_db()
    return delivery


@transaction.atomic
def send_test_event(*, actor, endpoint: WebhookEndpoint) -> WebhookDelivery:
    _enforce_manage(actor, endpoint.brand)
    if not endpoint.is_active:
        raise ValidationError(_("Enable the endpoint again before sending a test event."))
    brand = endpoint.brand
    data = {"brand": {"slug": brand.slug, "name": brand.name}, "endpoint_id": endpoint.pk}
    (delivery_id,) = outbox.record_event(
        brand_id=brand.pk, event_type=TEST_EVENT, data=data, endpoints=[endpoint]
    )
    return WebhookDelivery.objects.get(pk=delivery_id)


def _deliver_task():
    from webhooks import tasks

    return tasks.deliver


# Delivery: called by tasks, outside any transaction.


def deliver_one(*, delivery_id: int) -> bool:
    """Make the next attempt of a due delivery; True if it was delivered now.

    Does nothing for a row that is not pending and due (sent, being sent, waiting for its
    retry, gone), so running it twice is harmless.
    """
    now = timezone.now()
    due = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    )
    due.filter(endpoint__is_active=False).update(
        status=DeliveryStatus.FAILED, next_attempt_at=None, last_error="Endpoint disabled."
    )
    claimed = due.filter(endpoint__is_active=True).update(
        status=DeliveryStatus.SENDING,
        attempts=F("attempts") + 1,
        round_attempts=F("round_attempts") + 1,
        first_attempt_at=Coalesce(F("first_attempt_at"), now),
        next_attempt_at=now + timedelta(seconds=settings.WEBHOOKS_SENDING_GRACE_SECONDS),
    )
    if not claimed:
        return False
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    attempt = post(
        url=endpoint.url,
        secret=endpoint.secret,
        message_id=delivery.message_id,
        payload=delivery.payload,
    )
    if attempt.succeeded:
        _record_success(delivery, attempt)
    else:
        _record_failure(delivery, attempt)
    return attempt.succeeded


def _record_success(delivery: WebhookDelivery, attempt: Attempt) -> None:
    WebhookDelivery.objects.filter(
        pk=delivery.pk,
        attempts=delivery.attempts,
        status__in=[DeliveryStatus.SENDING, DeliveryStatus.PENDING],
    ).update(
        status=DeliveryStatus.SUCCEEDED,
        delivered_at=timezone.now(),
        next_attempt_at=None,
        last_status_code=attempt.status_code,
        last_response_ms=attempt.response_ms,
        last_error="",
    )
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, consecutive_failures__gt=0).update(
        consecutive_failures=0
    )


def next_attempt_at(delivery: WebhookDelivery):
    """When to try again after ``delivery.round_attempts`` failed attempts, or None when
    the round is over (schedule exhausted, or 24 h since its first attempt)."""
    if delivery.round_attempts > len(RETRY_SCHEDULE):
        return None
    now = timezone.now()
    delay = RETRY_SCHEDULE[delivery.round_attempts - 1] * random.uniform(0.9, 1.1)
    at = now + timedelta(seconds=delay)
    deadline = (delivery.first_attempt_at or now) + timedelta(hours=settings.WEBHOOKS_RETRY_HOURS)
    if at <= deadline:
        return at
    return deadline if deadline > now else None


def _record_failure(delivery: WebhookDelivery, attempt: Attempt) -> None:
    retry_at = next_attempt_at(delivery)
    with transaction.atomic():
        recorded = WebhookDelivery.objects.filter(
            pk=delivery.pk, attempts=delivery.attempts, status=DeliveryStatus.SENDING
        ).update(
            status=DeliveryStatus.PENDING if retry_at else DeliveryStatus.FAILED,
            next_attempt_at=retry_at,
            last_status_code=attempt.status_code,
            last_response_ms=attempt.response_ms,
            last_error=attempt.error,
        )
        if recorded and retry_at is None:
            _count_exhausted(delivery.endpoint)
    if retry_at is not None and retry_at - timezone.now() < timedelta(seconds=SWEEP_SECONDS):
        # A retry sooner than the next sweep gets its own task (a no-op if it runs early).
        delay = max((retry_at - timezone.now()).total_seconds(), 0)
        enqueue_on_commit(_deliver_task().s(delivery.pk).set(countdown=delay))
    logger.warning(
        "Webhook delivery %s to %s failed (attempt %d): %s",
        delivery.pk,
        delivery.endpoint.url,
        delivery.attempts,
        attempt.error,
    )


def _count_exhausted(endpoint: WebhookEndpoint) -> None:
    """One more delivery that used up its retries; at ``WEBHOOKS_DISABLE_AFTER`` in a row
    (with no success in between), the endpoint is disabled and the owners are told."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    reason = _("%(n)d deliveries in a row failed after 24 hours of retries.") % {
        "n": settings.WEBHOOKS_DISABLE_AFTER
    }
    disabled = WebhookEndpoint.objects.filter(
        pk=endpoint.pk,
        is_active=True,
        consecutive_failures__gte=settings.WEBHOOKS_DISABLE_AFTER,
    ).update(is_active=False, disabled_at=timezone.now(), disabled_reason=reason)
    if disabled:
        transaction.on_commit(lambda: _tell_owners(endpoint.pk))


def _tell_owners(endpoint_id: int) -> None:
    endpoint = WebhookEndpoint.objects.select_related("brand").get(pk=endpoint_id)
    brand = endpoint.brand
    owners = brand.memberships.filter(role=Role.OWNER).select_related("user")
    page = payloads.absolute(f"/staff/{brand.slug}/settings/webhooks/{endpoint.pk}/")
    subject = _("Webhook endpoint disabled: %(url)s") % {"url": endpoint.url}
    body = _(
        "Cocreate stopped sending webhooks of %(brand)s to %(url)s: %(reason)s\n\n"
        "Fix the endpoint, then enable it again and redeliver what it missed: %(page)s"
    ) % {"brand": brand.name, "url": endpoint.url, "reason": endpoint.disabled_reason, "page": page}
    for membership in owners:
        if not membership.user.email:
            continue
        try:
            send_mail(subject, body, None, [membership.user.email])
        except Exception:
            logger.exception(
                "Could not tell %s that a webhook endpoint is disabled", membership.user_id
            )


def due_delivery_ids(limit: int = 1_000) -> list[int]:
    """Pending deliveries whose time has come (their task was lost or is a retry)."""
    return list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def recover_stuck(limit: int = 1_000) -> int:
    """Deliveries left "sending" past the grace period (their worker died): each counts as a
    failed attempt and goes back to its retry schedule. Returns how many."""
    stuck = WebhookDelivery.objects.filter(
        status=DeliveryStatus.SENDING, next_attempt_at__lte=timezone.now()
    ).select_related("endpoint")[:limit]
    for delivery in stuck:
        _record_failure(delivery, Attempt(None, None, "Interrupted: no answer was recorded."))
    return len(stuck)
