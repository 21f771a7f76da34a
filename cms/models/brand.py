from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import BodyBlock


class BrandIndexPage(Page):
    """``/brands/``: every brand with a public page."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.BrandPage"]
    max_count = 1

    class Meta:
        verbose_name = _("brand index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["brand_pages"] = (
            BrandPage.objects.child_of(self).live().select_related("brand", "brand__logo")
        )
        return context


class BrandPage(RoutablePageMixin, Page):
    """A brand's public page at ``/brands/<slug>/``; its challenges are its children.

    Routes: ``roadmap/``, ``changelog/`` and its Atom feed ``changelog/feed/``.
    """

    brand = models.OneToOneField(
        "brands.Brand", verbose_name=_("brand"), on_delete=models.PROTECT, related_name="page"
    )
    body = StreamField(BodyBlock(), verbose_name=_("story"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("brand"), FieldPanel("body")]
    parent_page_types = ["cms.BrandIndexPage"]
    subpage_types = ["challenges.ChallengePage", "cms.WikiPage", "cms.ChangelogPage"]

    class Meta:
        verbose_name = _("brand page")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import brand_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(brand_page_context(page=self, viewer=request.user))
        return context

    @path("roadmap/", name="roadmap")
    def roadmap(self, request):
        from ideas.views.roadmap import roadmap_view

        return roadmap_view(request, brand_page=self)

    @path("changelog/", name="changelog")
    def changelog(self, request):
        from ideas.views.roadmap import changelog_view

        return changelog_view(request, brand_page=self)

    @path("changelog/feed/", name="changelog_feed")
    def changelog_feed(self, request):
        from ideas.views.roadmap import ChangelogFeed

        return ChangelogFeed()(request, brand_page=self)
