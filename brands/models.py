from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Brand(models.Model):
    """A company running challenges. Its public page is the ``cms.BrandPage`` linked to it."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    moderation_mode = models.CharField(
        _("moderation"),
        max_length=10,
        choices=[
            ("post", _("Post-moderation: ideas are visible at once")),
            ("pre", _("Pre-moderation: ideas wait for a moderator's approval")),
        ],
        default="post",
    )
    response_days = models.PositiveSmallIntegerField(
        _("response deadline (days)"),
        default=14,
        help_text=_("Days the brand gives itself to answer an idea that reaches the threshold."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Language of the brand's challenges and ideas, for search stemming."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    MODERATOR = "moderator", _("Moderator")


class Membership(models.Model):
    """A staff seat in a brand. Written only by ``brands.services``."""

    brand = models.ForeignKey(
        Brand, verbose_name=_("brand"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["brand", "user"], name="one_membership_per_brand")
        ]
        indexes = [models.Index(fields=["user", "brand"], name="membership_user_brand")]

    def __str__(self) -> str:
        return f"{self.user} — {self.brand} ({self.get_role_display()})"
