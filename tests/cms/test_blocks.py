"""The shared StreamField blocks of ``cms.blocks``: validation and server-rendered HTML."""

import re
from decimal import Decimal

import pytest
from django.core.files.images import ImageFile
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.models import Image as WagtailImage

from cms.blocks import BodyBlock
from cms.cost_breakdown import build_chart
from cms.demo_images import picture
from ideas.roadmap import Status
from tests.factories import IdeaFactory, make_challenge

OAT_MILK = {
    "product": "Oat milk 1 L",
    "currency": "EUR",
    "price": "1.80",
    "parts": [
        {"label": "Oats", "kind": "materials", "amount": "0.40"},
        {"label": "Pressing and bottling", "kind": "labour", "amount": "0.35"},
        {"label": "Carton", "kind": "packaging", "amount": "0.15"},
        {"label": "Lorry", "kind": "transport", "amount": "0.20"},
        {"label": "VAT", "kind": "taxes", "amount": "0.10"},
        {"label": "Shop margin", "kind": "margin", "amount": "0.60"},
    ],
    "note": "",
}


def stream(*items) -> object:
    """A StreamValue from raw ``(type, value)`` pairs, as other code seeds them."""
    return BodyBlock().to_python([{"type": kind, "value": value} for kind, value in items])


def render(*items) -> str:
    return str(stream(*items).render_as_block())


def clean(kind: str, raw: dict):
    block = BodyBlock().child_blocks[kind]
    return block.clean(block.to_python(raw))


def with_parts(*amounts, price: str) -> dict:
    parts = [
        {"label": f"Part {n}", "kind": "other", "amount": amount}
        for n, amount in enumerate(amounts)
    ]
    return {**OAT_MILK, "price": price, "parts": parts}


# Cost breakdown


def test_cost_breakdown_whose_parts_sum_to_the_price_is_valid(db):
    value = clean("cost_breakdown", OAT_MILK)

    assert value["price"] == Decimal("1.80")
    assert [part["amount"] for part in value["parts"]][0] == Decimal("0.40")


def test_cost_breakdown_off_by_one_cent_says_the_sum_and_the_price(db):
    with pytest.raises(StructBlockValidationError) as caught:
        clean("cost_breakdown", with_parts("4.00", "0.10", price="4.20"))

    messages = [e.message for e in caught.value.non_block_errors.as_data()]
    assert messages == ["The parts add up to 4.10 but the price is 4.20."]


def test_cost_breakdown_rejects_a_negative_part_on_that_part(db):
    with pytest.raises(StructBlockValidationError) as caught:
        clean("cost_breakdown", with_parts("2.00", "-0.50", "0.30", price="1.80"))

    parts_error = caught.value.block_errors["parts"]
    assert isinstance(parts_error, ListBlockValidationError)
    assert list(parts_error.block_errors) == [1]
    amount_error = parts_error.block_errors[1].block_errors["amount"]
    assert amount_error.message == "An amount cannot be negative."


def test_cost_breakdown_needs_at_least_one_part(db):
    with pytest.raises(StructBlockValidationError) as caught:
        clean("cost_breakdown", with_parts(price="1.80"))

    parts_error = caught.value.block_errors["parts"]
    assert [e.message for e in parts_error.non_block_errors.as_data()] == ["Add at least one part."]


def test_cost_breakdown_price_cannot_be_negative(db):
    with pytest.raises(StructBlockValidationError) as caught:
        clean("cost_breakdown", with_parts("-1.00", price="-1.00"))

    assert "price" in caught.value.block_errors


def test_cost_breakdown_renders_an_accessible_chart_and_a_table(db):
    html = render(("cost_breakdown", OAT_MILK))

    svg = re.search(r"<svg class=\"cost-chart\"[^>]*>", html).group(0)
    assert 'role="img"' in svg
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
    for element_id in labelled_by:
        assert f'id="{element_id}"' in html
    assert "Cost breakdown of Oat milk 1 L, price €1.80" in html
    assert html.count("<rect x=") == 6
    assert "<table" in html
    for amount in ["€0.40", "€0.35", "€0.15", "€0.20", "€0.10", "€0.60"]:
        assert f'<td class="num">{amount}</td>' in html
    assert '<th scope="row" colspan="2">Total</th><td class="num">€1.80</td>' in html
    assert "33.3 %" in html  # the margin's share
    assert "<script" not in html


def test_chart_geometry_fills_the_bar_with_distinct_colours():
    chart = build_chart(price=Decimal("1.80"), parts=OAT_MILK["parts"], currency="GBP")

    assert [s.share for s in chart.segments] == [
        Decimal("22.2"),
        Decimal("19.4"),
        Decimal("8.3"),
        Decimal("11.1"),
        Decimal("5.6"),
        Decimal("33.3"),
    ]
    last = chart.segments[-1]
    assert last.x + last.width == pytest.approx(chart.width, abs=0.02)
    assert len({s.colour for s in chart.segments}) == 6
    assert chart.total == "£1.80"


def test_chart_gives_a_repeated_kind_its_own_colour_and_survives_a_zero_price():
    parts = [
        {"label": "Oats", "kind": "materials", "amount": "0"},
        {"label": "Water", "kind": "materials", "amount": "0"},
    ]
    chart = build_chart(price=Decimal(0), parts=parts, currency="USD")

    assert chart.segments[0].colour != chart.segments[1].colour
    assert [s.share for s in chart.segments] == [Decimal(0), Decimal(0)]
    assert [s.width for s in chart.segments] == [0.0, 0.0]


# Call to action


def test_call_to_action_needs_a_page_or_an_address(db):
    raw = {"title": "Join", "text": "", "label": "Go", "page": None, "url": ""}

    with pytest.raises(StructBlockValidationError) as caught:
        clean("call_to_action", raw)

    assert caught.value.block_errors["page"].message == "Choose a page or enter an address."


def test_call_to_action_refuses_both_a_page_and_an_address(challenge):
    raw = {
        "title": "Join",
        "text": "",
        "label": "Go",
        "page": challenge.pk,
        "url": "https://example.com/",
    }

    with pytest.raises(StructBlockValidationError) as caught:
        clean("call_to_action", raw)

    assert list(caught.value.block_errors) == ["url"]


def test_call_to_action_links_to_the_chosen_page(challenge):
    raw = {"title": "Join us", "text": "Line one", "label": "Take part", "page": challenge.pk}

    value = clean("call_to_action", {**raw, "url": ""})
    html = render(("call_to_action", raw))

    assert value["page"].pk == challenge.pk
    assert f'<a class="button" href="{challenge.url}">Take part</a>' in html
    assert "Join us" in html


# Idea card


def test_idea_card_renders_the_live_title_votes_and_status(idea):
    body = stream(("idea_card", idea.pk))
    idea.title = "Renamed after publishing"
    idea.vote_count = 42
    idea.status = Status.PLANNED
    idea.save()

    html = str(body.render_as_block())

    assert f'href="{idea.get_absolute_url()}">Renamed after publishing</a>' in html
    assert '<span class="vote-count">42</span>' in html
    assert '<span class="status status-planned">Planned</span>' in html
    assert idea.brand.name in html
    assert idea.challenge.title in html


def test_idea_card_of_a_hidden_idea_renders_nothing(challenge):
    hidden = IdeaFactory(challenge=challenge, title="Hidden by a moderator", is_public=False)

    html = render(("idea_card", hidden.pk))

    assert "Hidden by a moderator" not in html
    assert "idea-card" not in html


def test_idea_card_in_an_unpublished_challenge_renders_nothing(brand):
    draft = make_challenge(brand, title="Draft", live=False)
    idea = IdeaFactory(challenge=draft, title="Idea of a draft")

    assert "Idea of a draft" not in render(("idea_card", idea.pk))


def test_idea_card_of_a_deleted_idea_does_not_crash(idea):
    pk = idea.pk
    idea.delete()

    html = render(("paragraph", "<p>Still here</p>"), ("idea_card", pk))

    assert "Still here" in html
    assert "idea-card" not in html


def test_idea_cards_load_in_a_fixed_number_of_queries(challenge, django_assert_num_queries):
    ideas = [IdeaFactory(challenge=challenge) for _ in range(3)]
    body = stream(*[("idea_card", i.pk) for i in ideas])
    with django_assert_num_queries(1):
        list(body)  # one query fetches every idea with its brand and challenge


# FAQ, image, heading


def test_faq_renders_details_that_work_without_javascript(db):
    raw = {
        "title": "Questions",
        "items": [
            {"question": "Is it organic?", "answer": "<p>Yes, <b>all</b> of it.</p>"},
            {"question": "Where is it made?", "answer": "<p>In Ghent.</p>"},
        ],
    }

    html = render(("faq", raw))

    assert html.count("<details") == 2
    assert "<summary>Is it organic?</summary>" in html
    assert "<b>all</b>" in html
    assert "<h2" in html and "Questions" in html


def wagtail_image(title: str, size=(1600, 800)) -> WagtailImage:
    data = picture(3, size)
    return WagtailImage.objects.create(title=title, file=ImageFile(data, name=data.name))


def test_image_renders_a_responsive_figure_with_its_caption(db):
    image = wagtail_image("Oat field")
    raw = {
        "image": {"image": image.pk, "decorative": False, "alt_text": "Oats before harvest"},
        "caption": "Our oats, near Leuven",
    }

    html = render(("image", raw))

    assert "<figure" in html
    assert "<figcaption>Our oats, near Leuven</figcaption>" in html
    img = re.search(r"<img [^>]*>", html).group(0)
    assert 'alt="Oats before harvest"' in img
    assert "srcset=" in img and "400w" in img and "1200w" in img
    assert 'sizes="' in img


def test_image_accepts_the_earlier_bare_image_value(db):
    image = wagtail_image("Legacy", size=(200, 100))

    html = render(("image", image.pk))

    assert "<figure" in html
    assert 'alt="Legacy"' in html


def test_heading_renders_its_level(db):
    html = render(("heading", {"text": "Suppliers", "level": "h3"}), ("heading", {"text": "Care"}))

    assert '<h3 class="stream-heading">Suppliers</h3>' in html
    assert '<h2 class="stream-heading">Care</h2>' in html


def test_body_block_children_keep_the_contract_order():
    assert list(BodyBlock().child_blocks) == [
        "paragraph",
        "heading",
        "image",
        "quote",
        "call_to_action",
        "idea_card",
        "faq",
        "cost_breakdown",
    ]
