"""The admin chooser for ideas, used by the ``idea_card`` block and ``FieldPanel("idea")``.

Editors only pick public ideas of the brands they are staff of (superusers: all brands),
so a brand page cannot showcase a rival's ideas.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet


def ideas_for_chooser(*, user):
    """Public ideas ``user`` may feature: their brands' ideas, or every brand's for superusers."""
    from brands.predicates import brand_roles
    from ideas.models import Idea

    ideas = Idea.objects.public().select_related("brand", "challenge").order_by("-created_at")
    if user.is_superuser:
        return ideas
    return ideas.filter(brand_id__in=list(brand_roles(user)))


class IdeaFilterForm(BaseFilterForm):
    """Search by title; ideas are not in Wagtail's search index, so a plain ``icontains``."""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        search_query = self.cleaned_data.get("q")
        if search_query:
            objects = objects.filter(title__icontains=search_query)
            self.is_searching = True
            self.search_query = search_query
        return objects


class IdeaListingMixin:
    filter_form_class = IdeaFilterForm
    ordering = ["-created_at", "-pk"]

    def get_object_list(self):
        return ideas_for_chooser(user=self.request.user)

    @property
    def columns(self):
        return [
            self.title_column,
            Column("brand", label=_("Brand"), accessor="brand.name"),
            Column("challenge", label=_("Challenge"), accessor="challenge.title"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            Column("votes", label=_("Votes"), accessor="vote_count"),
        ]


class IdeaChooseView(IdeaListingMixin, chooser_views.ChooseView):
    pass


class IdeaChooseResultsView(IdeaListingMixin, chooser_views.ChooseResultsView):
    pass


class IdeaChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return ideas_for_chooser(user=self.request.user).get(pk=pk)


class IdeaChooserViewSet(ChooserViewSet):
    model = "ideas.Idea"
    icon = "pick"
    choose_one_text = _("Choose an idea")
    choose_another_text = _("Choose another idea")
    edit_item_text = _("Edit idea")
    choose_view_class = IdeaChooseView
    choose_results_view_class = IdeaChooseResultsView
    chosen_view_class = IdeaChosenView


idea_chooser_viewset = IdeaChooserViewSet("idea_chooser", url_prefix="ideas/chooser")
