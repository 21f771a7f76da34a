from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models.brand_owned import BrandOwnedPageMixin


class WikiPage(BrandOwnedPageMixin, Page):
    """A page of a brand's transparency wiki: how a product is made, suppliers, margins,
    care and repair. Pages nest; each shows a table of contents and, publicly, the date of
    every published change."""

    brand = models.ForeignKey(
        "brands.Brand", on_delete=models.PROTECT, related_name="wiki_pages", editable=False
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.AutocompleteField("summary"),
        index.SearchField("body"),
        index.AutocompleteField("body"),
    ]
    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["cms.BrandPage", "cms.WikiPage"]
    subpage_types = ["cms.WikiPage"]

    class Meta:
        verbose_name = _("wiki page")
        verbose_name_plural = _("wiki pages")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import wiki_context

        context = super().get_context(request, *args, **kwargs)
        context.update(wiki_context(page=self))
        return context
