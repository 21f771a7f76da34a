"""A brand manager triages on the board; the public roadmap follows."""

import re

import pytest
from playwright.sync_api import expect

from brands.models import Role
from ideas.models import Idea
from ideas.roadmap import Status
from tests.factories import PASSWORD, BrandFactory, IdeaFactory, make_challenge, make_member

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

TITLE = "Refill station in every store"


@pytest.fixture
def setup():
    brand = BrandFactory(name="Acme Foods")
    challenge = make_challenge(brand, title="Greener packaging")
    IdeaFactory(challenge=challenge, title=TITLE, status=Status.UNDER_REVIEW)
    IdeaFactory(challenge=challenge, title="Compostable coffee pods")
    return brand, make_member(brand, Role.MANAGER)


def log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page.locator(".account-nav")).to_contain_text(user.display_name)


def column(page, status):
    return page.locator(f".board-column[data-status='{status}']")


def assert_on_public_roadmap(page, brand):
    page.goto(f"/brands/{brand.slug}/roadmap/")
    planned = page.locator("[data-status='planned']").filter(
        has=page.get_by_role("heading", name=re.compile("^Planned"))
    )
    expect(planned).to_contain_text(TITLE)
    expect(page.locator("[data-status='under_review']")).not_to_contain_text(TITLE)


def test_manager_moves_an_idea_with_the_keyboard_form(open_page, setup):
    brand, manager = setup
    page = open_page()
    log_in(page, manager)
    page.goto(f"/staff/{brand.slug}/board/")
    card = column(page, "under_review").locator(".board-card", has_text=TITLE)
    summary = card.get_by_text("Move…")
    summary.focus()
    page.keyboard.press("Enter")
    card.get_by_label("Move to").select_option(label="Planned")
    card.get_by_label(re.compile("Public note")).fill("Coming this spring.")
    card.get_by_label(re.compile("Public note")).press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("moved to “Planned”")
    expect(column(page, "planned")).to_contain_text(TITLE)
    expect(column(page, "under_review")).not_to_contain_text(TITLE)
    assert Idea.objects.get(title=TITLE).status == Status.PLANNED
    assert_on_public_roadmap(page, brand)


def test_declining_without_a_note_shows_the_error(open_page, setup):
    brand, manager = setup
    page = open_page()
    log_in(page, manager)
    page.goto(f"/staff/{brand.slug}/board/")
    card = column(page, "under_review").locator(".board-card", has_text=TITLE)
    card.get_by_text("Move…").click()
    card.get_by_label("Move to").select_option(label="Declined")
    card.get_by_role("button", name="Move").click()
    expect(page.locator(".messages .error")).to_contain_text("Explain publicly")
    assert Idea.objects.get(title=TITLE).status == Status.UNDER_REVIEW


def test_manager_drags_an_idea_to_planned(open_page, setup):
    brand, manager = setup
    page = open_page()
    log_in(page, manager)
    page.goto(f"/staff/{brand.slug}/board/")
    page.once("dialog", lambda dialog: dialog.accept("Coming this spring."))
    card = column(page, "under_review").locator(".board-card", has_text=TITLE)
    card.drag_to(column(page, "planned"))
    expect(column(page, "planned").locator(".board-card", has_text=TITLE)).to_be_visible()
    expect(column(page, "planned").locator("[data-count]")).to_have_text("1")
    expect(column(page, "under_review").locator("[data-count]")).to_have_text("0")
    assert Idea.objects.get(title=TITLE).status == Status.PLANNED
    page.reload()
    expect(column(page, "planned")).to_contain_text(TITLE)
    assert_on_public_roadmap(page, brand)


def test_a_drop_the_server_refuses_shows_the_error_and_leaves_the_card(open_page, setup):
    """The board is stale: someone shipped the idea meanwhile, so Planned is refused."""
    brand, manager = setup
    page = open_page()
    log_in(page, manager)
    page.goto(f"/staff/{brand.slug}/board/")
    Idea.objects.filter(title=TITLE).update(status=Status.SHIPPED)
    page.once("dialog", lambda dialog: dialog.accept(""))
    card = column(page, "under_review").locator(".board-card", has_text=TITLE)
    card.drag_to(column(page, "planned"))
    expect(page.locator("[data-board-error]")).to_contain_text("cannot move from “Shipped”")
    expect(column(page, "under_review")).to_contain_text(TITLE)
    expect(column(page, "planned").locator("[data-count]")).to_have_text("0")
    assert Idea.objects.get(title=TITLE).status == Status.SHIPPED
