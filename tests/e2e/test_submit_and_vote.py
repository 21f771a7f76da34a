"""A newcomer signs up, submits an idea with a picture and supports someone else's idea."""

import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from accounts.models import User
from cocreate.celery import app as celery_app
from ideas import services
from tests.factories import PASSWORD, BrandFactory, IdeaFactory, UserFactory, make_challenge

pytestmark = [
    pytest.mark.e2e,
    # The migrations' home page and Site must survive the flush between transactional tests.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # WhiteNoise looks for collected files; the live server serves app static files itself.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

NEWCOMER_EMAIL = "ada@example.org"
NEWCOMER_NAME = "Ada Newcomer"
NEWCOMER_PASSWORD = "Violet-Kettle-Harbour-42"
OTHER_TITLE = "Deposit scheme for glass jars"


@pytest.fixture(autouse=True)
def _tasks_in_process(monkeypatch):
    """Thumbnails are made as the upload commits, as without REDIS_URL (CI sets it, no worker)."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def challenge():
    """An open challenge with two ideas by someone else, each carrying its author's vote."""
    page = make_challenge(BrandFactory(name="Acme Foods"), title="Greener packaging")
    other = UserFactory(display_name="Grace Other")
    IdeaFactory(challenge=page, author=other, title=OTHER_TITLE)
    IdeaFactory(challenge=page, author=other, title="Compostable coffee pods")
    return page


def make_png(path, size=(640, 400)):
    image = Image.new("RGB", size, "#f4efe6")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 60, 300, 340), fill="#2f6f4e")
    draw.ellipse((340, 80, 600, 340), fill="#e3a72f")
    image.save(path, format="PNG")
    return path


def idea_card(page, title):
    return page.locator("article.idea-card", has_text=title)


def sign_up(page):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill(NEWCOMER_EMAIL)
    page.get_by_label("Public name").fill(NEWCOMER_NAME)
    page.get_by_label(re.compile(r"^Password:?$")).fill(NEWCOMER_PASSWORD)
    page.get_by_label("Password (again)").fill(NEWCOMER_PASSWORD)
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()
    expect(page.locator(".account-nav")).to_contain_text(NEWCOMER_NAME)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page.locator(".account-nav")).to_contain_text(user.display_name)


def submit_idea(page, image_path):
    page.get_by_role("link", name="Submit an idea").click()
    page.get_by_label("Title").fill("Refill bar in every store")
    page.get_by_label("Description").fill("Customers bring their own jars and **save** 10%.")
    page.get_by_label("Tags").fill("refill, zero waste")
    page.get_by_label("Images").set_input_files(image_path)
    page.get_by_role("button", name="Publish my idea").click()


def test_sign_up_submit_idea_and_vote_in_place(open_page, challenge, tmp_path):
    page = open_page()
    sign_up(page)
    assert User.objects.get(email=NEWCOMER_EMAIL).display_name == NEWCOMER_NAME

    open_challenges = page.get_by_role("region", name="Open challenges")
    open_challenges.get_by_role("link", name=challenge.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(challenge.title)
    challenge_url = page.url

    submit_idea(page, make_png(tmp_path / "refill-bar.png"))
    expect(page).to_have_url(re.compile(r"/ideas/\d+-refill-bar-in-every-store/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Refill bar in every store")
    expect(page.locator(".tags")).to_contain_text("zero waste")
    picture = page.locator(".gallery img")
    expect(picture).to_have_count(1)
    picture.scroll_into_view_if_needed()
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("img => img.naturalWidth") > 0, "the uploaded image did not load"
    page.screenshot(path=tmp_path / "idea-page.png", full_page=True)

    page.get_by_role("link", name=challenge.title).click()
    expect(page).to_have_url(challenge_url)
    expect(idea_card(page, "Refill bar in every store")).to_contain_text("Supported")

    # Anything that reloads the page drops this marker.
    page.evaluate("window.__sameDocument = true")
    card = idea_card(page, OTHER_TITLE)
    button = card.locator("button.vote-button")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(card.locator("[data-vote-count]")).to_have_text("1")

    with page.expect_response(lambda r: "/vote/" in r.url) as voted:
        button.click()
    assert voted.value.headers["content-type"].startswith("application/json")
    expect(card.locator("[data-vote-count]")).to_have_text("2")
    expect(card.locator(".vote-label")).to_have_text("Supported")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_class(re.compile(r"\bvoted\b"))

    with page.expect_response(lambda r: "/vote/" in r.url):
        button.click()
    expect(card.locator("[data-vote-count]")).to_have_text("1")
    expect(card.locator(".vote-label")).to_have_text("Support")
    expect(button).to_have_attribute("aria-pressed", "false")

    assert page.evaluate("window.__sameDocument") is True, "voting reloaded the page"
    assert page.url == challenge_url
    other = challenge.ideas.get(title=OTHER_TITLE)
    assert other.vote_count == 1
    assert not other.votes.filter(user__email=NEWCOMER_EMAIL).exists()
    page.screenshot(path=tmp_path / "challenge-page.png", full_page=True)


def test_vote_without_javascript_posts_the_form(open_page, challenge):
    voter = UserFactory(display_name="Noscript Nora")
    page = open_page(java_script_enabled=False)
    log_in(page, voter)
    page.goto(challenge.url)
    card = idea_card(page, OTHER_TITLE)

    card.get_by_role("button", name=re.compile("Support")).click()
    expect(page).to_have_url(re.compile(re.escape(challenge.url) + "$"))
    expect(card.locator("[data-vote-count]")).to_have_text("2")
    expect(card.locator(".vote-label")).to_have_text("Supported")

    card.get_by_role("button", name=re.compile("Supported")).click()
    expect(card.locator("[data-vote-count]")).to_have_text("1")
    expect(card.locator(".vote-label")).to_have_text("Support")
    assert challenge.ideas.get(title=OTHER_TITLE).vote_count == 1


def test_idea_page_fits_a_phone_screen(open_page, challenge, tmp_path):
    author = UserFactory(display_name="Maximilian Longname-Verylongsurname")
    with open(make_png(tmp_path / "wide.png", size=(1600, 500)), "rb") as upload:
        idea = services.submit_idea(
            author=author,
            challenge=challenge,
            title="A refill station with an unusually long title that has to wrap on phones",
            body="Link: https://example.org/"
            + "a-very-long-path-segment-" * 8
            + "\n\n- one\n- two",
            tags=["refill", "zero waste", "packaging"],
            images=[upload],
        )
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(idea.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("unusually long title")
    expect(page.locator(".gallery img")).to_have_count(1)
    page.screenshot(path=tmp_path / "idea-page-mobile.png", full_page=True)
    assert_fits_viewport(page)

    page.get_by_role("link", name=challenge.title).click()
    expect(idea_card(page, "unusually long title")).to_be_visible()
    assert_fits_viewport(page)


def assert_fits_viewport(page):
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (
        f"{page.url} overflows sideways: scrollWidth, innerWidth = {widths}"
    )
