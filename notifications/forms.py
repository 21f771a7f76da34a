from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import EmailChoice, EventKind
from notifications.services.preferences import Choice


class NotificationSettingsForm(forms.Form):
    """One row per kind of event: on the site or not, and how emails about it arrive.

    Fields are named ``<kind>-on_site`` and ``<kind>-email``; an unchecked box (or a
    missing one) means "not on the site", as browsers send nothing for it.
    """

    def __init__(self, *args, choices: dict[str, Choice], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in EventKind.choices:
            current = choices[kind]
            self.fields[f"{kind}-on_site"] = forms.BooleanField(
                label=_("%(kind)s on the site") % {"kind": label},
                required=False,
                initial=current.on_site,
            )
            self.fields[f"{kind}-email"] = forms.ChoiceField(
                label=_("%(kind)s by email") % {"kind": label},
                choices=EmailChoice.choices,
                initial=current.email,
                error_messages={
                    "required": _("Choose how emails about %(kind)s arrive.") % {"kind": label},
                    "invalid_choice": _(
                        "“%(value)s” is not a way to receive emails: choose Immediately, "
                        "In a daily digest or Never."
                    ),
                },
            )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """``(kind label, on-site field, email field)`` for each kind, for the table."""
        return [
            (label, self[f"{kind}-on_site"], self[f"{kind}-email"])
            for kind, label in EventKind.choices
        ]

    def cleaned_choices(self) -> dict[str, Choice]:
        """What to hand to ``save_choices``; call after ``is_valid()``."""
        return {
            kind: Choice(
                on_site=self.cleaned_data[f"{kind}-on_site"],
                email=self.cleaned_data[f"{kind}-email"],
            )
            for kind in EventKind.values
        }
