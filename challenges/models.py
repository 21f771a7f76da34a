from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from challenges.phases import Phase, phase_of
from cms.blocks import BodyBlock


class ChallengeTag(TaggedItemBase):
    content_object = ParentalKey(
        "challenges.ChallengePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ChallengePage(RoutablePageMixin, Page):
    """A co-design challenge, child of its brand's ``BrandPage``.

    ``brand`` is copied from the parent page when the page is first saved, so lists of
    challenges and ideas can reach the brand without walking the page tree.
    """

    brand = models.ForeignKey(
        "brands.Brand", on_delete=models.PROTECT, related_name="challenges", editable=False
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    brief = StreamField(BodyBlock(), verbose_name=_("brief"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=ChallengeTag, blank=True)
    reward = models.CharField(_("reward"), max_length=250, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    vote_budget = models.PositiveSmallIntegerField(
        _("vote budget"),
        null=True,
        blank=True,
        help_text=_("How many ideas one customer may support in this challenge. Empty: no limit."),
    )

    supporter_threshold = models.PositiveIntegerField(
        _("supporter threshold"),
        null=True,
        blank=True,
        help_text=_(
            "When an idea reaches this many supporters it moves to “under review” and the "
            "brand's response deadline starts. Empty: no threshold."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("brief"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("vote_budget"),
                FieldPanel("supporter_threshold"),
                FieldPanel("reward"),
            ],
            heading=_("Schedule and rules"),
        ),
    ]
    parent_page_types = ["cms.BrandPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [models.Index(fields=["opens_at", "closes_at"], name="challenge_dates")]

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening.")})

    def save(self, *args, **kwargs):
        if self.brand_id is None and self.path:
            self.brand_id = self.get_parent().specific.brand_id
        return super().save(*args, **kwargs)

    @property
    def phase(self) -> Phase:
        return phase_of(self)

    def get_context(self, request, *args, **kwargs):
        from ideas.views.listing import challenge_ideas_context

        context = super().get_context(request, *args, **kwargs)
        context.update(challenge_ideas_context(request, challenge=self))
        return context

    @path("submit/", name="submit")
    def submit(self, request):
        from ideas.views.submission import submit_idea_view

        return submit_idea_view(request, challenge=self)
