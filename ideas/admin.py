from django.contrib import admin

from ideas.models import Comment, Idea, StatusChange, Vote


class ReadOnlyAdmin(admin.ModelAdmin):
    """Crowd content is written through ``ideas.services`` only; the admin inspects it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ("created_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    list_display = ("title", "brand", "challenge", "author", "status", "vote_count", "created_at")
    list_filter = ("status", "brand", "is_public")
    search_fields = ("title", "author__email", "author__display_name")
    list_select_related = ("brand", "challenge", "author")
    inlines = [StatusChangeInline]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("idea", "author", "is_official", "created_at")
    list_select_related = ("idea", "author")
    list_filter = ("is_official",)


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("idea", "user", "created_at")
    list_select_related = ("idea", "user")
