"""Search in a real browser: the idea form suggests similar ideas as the title is typed, and
the search page's facets narrow the results, on a desktop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from search.backends import get_backend
from tests.e2e.test_board import log_in
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def setup():
    coop = BrandFactory(name="Fieldfare Co-op", slug="fieldfare")
    mobile = BrandFactory(name="Nimbus Mobile", slug="nimbus")
    aisles = make_challenge(coop, title="Zero-waste aisles")
    plans = make_challenge(mobile, title="Family plans")
    IdeaFactory(challenge=aisles, title="Glass jar deposit", vote_count=12)
    IdeaFactory(challenge=aisles, title="Refill station for glass bottles")
    IdeaFactory(challenge=plans, title="Glass screen protector in the family bundle")
    get_backend().rebuild()
    return aisles


@pytest.mark.parametrize("options", [{}, PHONE], ids=["desktop", "phone"])
def test_similar_ideas_appear_as_the_title_is_typed(open_page, setup, options):
    page = open_page(**options)
    log_in(page, UserFactory())
    page.goto(f"{setup.url}submit/")
    panel = page.locator("#similar-ideas")
    expect(panel).to_have_attribute("aria-live", "polite")

    page.get_by_label("Title").press_sequentially("deposit on glass jars", delay=40)

    expect(panel).to_contain_text("Similar ideas — vote for one of these instead?")
    link = panel.get_by_role("link", name="Glass jar deposit")
    expect(link).to_be_visible()
    expect(panel).to_contain_text("12 votes")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glass jar deposit")


def test_the_panel_empties_when_the_title_is_cleared(open_page, setup):
    page = open_page()
    log_in(page, UserFactory())
    page.goto(f"{setup.url}submit/")
    title = page.get_by_label("Title")
    title.fill("glass jar deposit")
    panel = page.locator("#similar-ideas")
    expect(panel.get_by_role("link", name="Glass jar deposit")).to_be_visible()

    title.fill("")

    expect(panel.get_by_role("link")).to_have_count(0)


@pytest.mark.parametrize("options", [{}, PHONE], ids=["desktop", "phone"])
def test_header_search_then_a_facet_narrows_the_results(open_page, setup, options):
    page = open_page(**options)
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search ideas, challenges and brands")
    box.fill("glass")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=glass$"))
    cards = page.locator(".idea-card")
    expect(cards).to_have_count(3)

    page.locator(".search-facets").get_by_role("link", name=re.compile("Nimbus Mobile")).click()

    expect(cards).to_have_count(1)
    expect(cards).to_contain_text("Glass screen protector")
    expect(page).to_have_url(re.compile(r"brand=nimbus"))
    page.get_by_role("link", name=re.compile(r"Brand: Nimbus Mobile")).click()
    expect(cards).to_have_count(3)
    box_width = page.locator(".search-results").bounding_box()["width"]
    assert box_width <= page.viewport_size["width"]
