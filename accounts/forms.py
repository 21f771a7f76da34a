from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form (allauth calls ``signup``)."""

    display_name = forms.CharField(
        label=_("Public name"),
        max_length=60,
        help_text=_("Shown next to your ideas and comments."),
    )

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]
        labels = {"display_name": _("Public name")}
