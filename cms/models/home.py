from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, Page

MAX_FEATURED_CHALLENGES = 6


class HomePage(Page):
    """Site root: a hero, the challenges editors feature, open challenges, trending ideas
    and the latest shipped ones."""

    intro = models.CharField(_("intro"), max_length=250, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_label = models.CharField(_("button label"), max_length=60, blank=True)
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("button links to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_link_label"),
                PageChooserPanel("hero_link_page"),
            ],
            heading=_("Hero"),
        ),
        InlinePanel(
            "featured_challenges",
            label=_("Featured challenges"),
            max_num=MAX_FEATURED_CHALLENGES,
        ),
    ]
    subpage_types = ["cms.BrandIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(page=self, viewer=request.user))
        return context


class HomeFeaturedChallenge(Orderable):
    """A challenge editors put forward on the home page, in their order."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_challenges")
    challenge = models.ForeignKey(
        "challenges.ChallengePage",
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("challenge", "challenges.ChallengePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured challenge")
        verbose_name_plural = _("featured challenges")
