"""Brands' webhook endpoints and the deliveries owed to them (the webhook outbox).

Written only by ``webhooks.outbox`` and ``webhooks.services``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    IDEA_CREATED = "idea.created", _("An idea is submitted")
    IDEA_STATUS_CHANGED = "idea.status_changed", _("An idea changes status")
    IDEA_MERGED = "idea.merged", _("An idea is merged into another")
    IDEA_THRESHOLD_REACHED = "idea.threshold_reached", _("An idea reaches the threshold")
    COMMENT_CREATED = "comment.created", _("A comment is posted")


# Sent only by the "Send test event" button; endpoints cannot subscribe to it.
TEST_EVENT = "webhook.test"


class WebhookEndpoint(models.Model):
    brand = models.ForeignKey(
        "brands.Brand", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=100)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(
        _("failed deliveries in a row"),
        default=0,
        help_text=_("Deliveries that exhausted their retries since the last success."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["brand", "created_at", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        indexes = [models.Index(fields=["brand", "is_active"], name="webhook_endpoint_brand")]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One message to one endpoint, with its retries.

    ``message_id`` is the ``Webhook-Id`` header: the same for every attempt and every
    redelivery, so receivers can drop duplicates. ``next_attempt_at`` is when a pending row
    is due, or, for a row being sent, when the sweeper may take it over (its worker died).
    ``round_attempts`` and ``first_attempt_at`` belong to the current retry schedule, which
    a redelivery starts afresh; ``attempts`` counts them all.
    """

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_type = models.CharField(_("event"), max_length=40)
    message_id = models.CharField(_("message id"), max_length=60)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    round_attempts = models.PositiveIntegerField(default=0)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    last_response_ms = models.PositiveIntegerField(_("response time (ms)"), null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "message_id"], name="webhook_delivery_unique_message"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "-created_at", "-id"], name="webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id} → {self.endpoint_id}"
