"""Site staff inspect the outbox and email deliveries; failed emails can be retried."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import Delivery, Digest, Event
from notifications.services.delivery import retry_now


class InspectOnly(admin.ModelAdmin):
    """Rows are written by ``notifications.services`` only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(InspectOnly):
    list_display = ("id", "kind", "idea", "actor", "created_at", "fanned_out_at")
    list_filter = ("kind", ("fanned_out_at", admin.EmptyFieldListFilter))
    list_select_related = ("idea", "actor")
    search_fields = ("idea__title",)
    date_hierarchy = "created_at"


class OutgoingEmailAdmin(InspectOnly):
    list_filter = ("status",)
    list_select_related = ("recipient",)
    search_fields = ("recipient__email", "recipient__username")
    readonly_fields = ("last_error",)
    actions = ["retry"]

    @admin.action(description=_("Try again now"), permissions=["view"])
    def retry(self, request, queryset):
        count = retry_now(self.model, list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be tried again within a minute.",
                "%(count)d emails will be tried again within a minute.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Delivery)
class DeliveryAdmin(OutgoingEmailAdmin):
    list_display = (
        "id",
        "recipient",
        "event",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    )
    list_filter = ("status", "channel")
    list_select_related = ("recipient", "event__idea")


@admin.register(Digest)
class DigestAdmin(OutgoingEmailAdmin):
    list_display = ("id", "recipient", "day", "status", "attempts", "next_attempt_at", "sent_at")
    date_hierarchy = "day"
