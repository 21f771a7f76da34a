from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person on Cocreate. Ideas and comments show ``public_name``, never the email."""

    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    is_service_account = models.BooleanField(
        _("service account"),
        default=False,
        help_text=_("Acts for a brand API key; cannot log in, not listed in the brand's team."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def public_name(self) -> str:
        return self.display_name or self.username
