from django import forms
from django.utils.translation import gettext_lazy as _

from webhooks.models import EventType


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("A public https:// address that answers with a 2xx status within 10 seconds."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )
