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
