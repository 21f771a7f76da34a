"""StreamField blocks shared by editorial pages and challenge briefs.

Other code seeds raw stream data in these shapes, so block names and child names are a
contract: see ``BodyBlock``.
"""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from cms.choosers import idea_chooser_viewset
from cms.cost_breakdown import CURRENCIES, KINDS, build_chart

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr", "blockquote"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"

    @staticmethod
    def _upgrade(value):
        """Accept the earlier shape, a bare ``ImageBlock`` value (an id or its dict)."""
        legacy = isinstance(value, int) or (
            isinstance(value, dict) and ("alt_text" in value or "decorative" in value)
        )
        return {"image": value, "caption": ""} if legacy else value

    def to_python(self, value):
        return super().to_python(self._upgrade(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([self._upgrade(value) for value in values])


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(label=_("Text"), required=False)
    label = blocks.CharBlock(label=_("Button text"))
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an address"), required=False)

    class Meta:
        icon = "link"
        template = "cms/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if value["page"] and value["url"]:
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Leave this empty: a page is chosen."))}
            )
        if not value["page"] and not value["url"]:
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter an address."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = value["page"]
        context["href"] = page.url if page is not None and page.live else value["url"]
        return context


_IdeaChooserBase = idea_chooser_viewset.get_block_class(
    name="IdeaChooserBlock", module_path="cms.blocks"
)


class IdeaChooserBlock(_IdeaChooserBase):
    """An idea card showing the idea as it is now; renders nothing once it is not public
    (hidden by a moderator, its challenge unpublished) or deleted."""

    class Meta:
        template = "cms/blocks/idea_card.html"

    def bulk_to_python(self, values):
        ideas = self.model_class.objects.select_related("brand", "challenge").in_bulk(
            [value for value in values if value is not None]
        )
        return [ideas.get(value) for value in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        visible = value is not None and value.is_public and value.challenge.live
        context["idea"] = value if visible else None
        return context


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)


class FaqBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    items = blocks.ListBlock(FaqItemBlock(), label=_("Questions"))

    class Meta:
        icon = "help"
        template = "cms/blocks/faq.html"


class CostPartBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Part"), max_length=80)
    kind = blocks.ChoiceBlock(label=_("Kind"), choices=KINDS, default="materials")
    amount = blocks.DecimalBlock(label=_("Amount"), decimal_places=2)


class CostBreakdownBlock(blocks.StructBlock):
    """A product's price split into parts, shown as a chart and a table.

    ``clean`` requires non-negative parts that add up exactly to the price.
    """

    product = blocks.CharBlock(label=_("Product"), max_length=120)
    currency = blocks.ChoiceBlock(label=_("Currency"), choices=CURRENCIES, default="EUR")
    price = blocks.DecimalBlock(label=_("Price"), decimal_places=2, min_value=0)
    parts = blocks.ListBlock(CostPartBlock(), label=_("Parts of the price"))
    note = blocks.TextBlock(label=_("Note"), required=False)

    class Meta:
        icon = "table"
        template = "cms/blocks/cost_breakdown.html"

    def clean(self, value):
        value = super().clean(value)
        parts = list(value["parts"])
        negative = {
            index: StructBlockValidationError(
                block_errors={"amount": ValidationError(_("An amount cannot be negative."))}
            )
            for index, part in enumerate(parts)
            if part["amount"] < 0
        }
        if negative:
            raise StructBlockValidationError(
                block_errors={"parts": ListBlockValidationError(block_errors=negative)}
            )
        if not parts:
            raise StructBlockValidationError(
                block_errors={
                    "parts": ListBlockValidationError(
                        non_block_errors=[ValidationError(_("Add at least one part."))]
                    )
                }
            )
        total = sum((part["amount"] for part in parts), Decimal(0))
        if total != value["price"]:
            message = _("The parts add up to %(total)s but the price is %(price)s.") % {
                "total": f"{total:.2f}",
                "price": f"{value['price']:.2f}",
            }
            raise StructBlockValidationError(non_block_errors=[ValidationError(message)])
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["chart"] = build_chart(
            price=value["price"], parts=list(value["parts"]), currency=value["currency"]
        )
        context["chart_id"] = f"cost-{uuid.uuid4().hex[:8]}"
        return context


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    heading = HeadingBlock(label=_("Heading"))
    image = ImageWithCaptionBlock(label=_("Image"))
    quote = QuoteBlock(label=_("Quote"))
    call_to_action = CallToActionBlock(label=_("Call to action"))
    idea_card = IdeaChooserBlock(label=_("Idea card"))
    faq = FaqBlock(label=_("Questions and answers"))
    cost_breakdown = CostBreakdownBlock(label=_("Cost breakdown"))
