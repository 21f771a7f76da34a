from django.contrib import admin

from brands import services
from brands.models import Brand, Membership
from cms.services import ensure_brand_page


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "website", "created_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        ensure_brand_page(brand=form.instance)
        services.sync_editor_group(brand=form.instance)
        if change:
            services.refresh_search(brand=form.instance, changed_fields=form.changed_data)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "brand", "role", "created_at")
    list_filter = ("role", "brand")
    autocomplete_fields = ["user", "brand"]

    def save_model(self, request, obj, form, change):
        services.set_membership(brand=obj.brand, user=obj.user, role=obj.role)

    def delete_model(self, request, obj):
        services.remove_membership(brand=obj.brand, user=obj.user)
