from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A secret that authenticates API requests as ``user`` (``Authorization: Bearer …``).

    Only a SHA-256 hash of the secret is stored; ``prefix`` (its first characters) lets
    people tell their tokens apart. A brand API key is a token whose ``user`` is a service
    account holding a staff seat of ``brand`` with the key's role (``api.services``), so
    every permission check of the site applies to it unchanged.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    brand = models.ForeignKey(
        "brands.Brand",
        verbose_name=_("brand"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text=_("Set for a brand API key: the token acts as the brand's staff."),
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="api_token_user"),
            models.Index(fields=["brand", "-created_at"], name="api_token_brand"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
