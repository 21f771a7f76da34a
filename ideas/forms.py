from django import forms
from django.utils.translation import gettext_lazy as _

from ideas.images import MAX_IMAGES_PER_IDEA
from ideas.roadmap import Status


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files in one input; content checks happen in ``ideas.images``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleImageField, self).clean(item, initial) for item in files]


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title"), min_length=5, max_length=150)
    body = forms.CharField(
        label=_("Description"),
        min_length=10,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown works: **bold**, *italic*, lists, links."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=400,
        help_text=_("Separate tags with commas, e.g. packaging, zero waste."),
    )
    images = MultipleImageField(
        label=_("Images"),
        required=False,
        help_text=_("Up to %(n)d images (JPEG, PNG, WebP or GIF), 10 MB and 40 megapixels each.")
        % {"n": MAX_IMAGES_PER_IDEA},
    )

    def clean_tags(self) -> list[str]:
        return [tag for tag in self.cleaned_data["tags"].split(",") if tag.strip()]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        min_length=2,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(
        label=_("Public note"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the idea's timeline. Required when declining."),
    )
