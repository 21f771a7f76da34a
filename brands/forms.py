from django import forms
from django.utils.translation import gettext_lazy as _

from brands.models import Brand, Role


class BrandSettingsForm(forms.ModelForm):
    class Meta:
        model = Brand
        fields = ["moderation_mode", "response_days"]


class AddMemberForm(forms.Form):
    email = forms.EmailField(label=_("Email of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
