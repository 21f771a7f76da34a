from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from api.services import revoke_token_as_site_admin


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created on the account page, the brand settings or by
    ``create_api_token``; here they can only be inspected and revoked."""

    list_display = ("name", "prefix", "user", "brand", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "brand")
    search_fields = ("name", "prefix", "user__username", "user__email", "brand__name")
    list_select_related = ("user", "brand")
    readonly_fields = (
        "user",
        "brand",
        "prefix",
        "key_hash",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
    )
    fields = ("name", *readonly_fields)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at=None):
            revoke_token_as_site_admin(token=token)
            count += 1
        self.message_user(request, _("%(n)d tokens revoked.") % {"n": count}, messages.SUCCESS)
