from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models.brand_owned import BrandOwnedPageMixin


class ChangelogPage(BrandOwnedPageMixin, Page):
    """An editorial post about ideas a brand shipped, crediting and linking them."""

    brand = models.ForeignKey(
        "brands.Brand", on_delete=models.PROTECT, related_name="changelog_posts", editable=False
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.CharField(_("intro"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.AutocompleteField("intro"),
        index.SearchField("body"),
        index.AutocompleteField("body"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("shipped_ideas", label=_("Ideas this post is about")),
    ]
    parent_page_types = ["cms.BrandPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("changelog post")
        verbose_name_plural = _("changelog posts")
        indexes = [models.Index(fields=["brand", "-date"], name="changelog_brand_date")]

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import changelog_post_context

        context = super().get_context(request, *args, **kwargs)
        context.update(changelog_post_context(page=self, viewer=request.user))
        return context


class ChangelogIdea(Orderable):
    page = ParentalKey(ChangelogPage, on_delete=models.CASCADE, related_name="shipped_ideas")
    idea = models.ForeignKey(
        "ideas.Idea", verbose_name=_("idea"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("idea")]

    class Meta(Orderable.Meta):
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
