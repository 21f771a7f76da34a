"""The API and webhooks end to end, as a brand and a developer would use them: the owner
registers a webhook in the brand settings, a customer creates a personal token on their
account page and submits an idea through the API with it, the brand's endpoint (a real
HTTP server) receives a signed ``idea.created``, and the owner redelivers it from the
delivery log."""

import json
import time

import pytest
import requests
from playwright.sync_api import expect

from brands.models import Role
from tests.e2e.test_board import log_in
from tests.factories import BrandFactory, UserFactory, make_challenge, make_member
from tests.support.http_sink import start_sink, stop_sink
from webhooks.models import WebhookEndpoint
from webhooks.signing import verify

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def sink(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True  # the sink listens on 127.0.0.1
    sink = start_sink()
    yield sink
    stop_sink(sink)


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def assert_fits_the_phone(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_token_made_on_the_account_page_submits_an_idea_that_reaches_the_brands_webhook(
    open_page, live_server, sink
):
    brand = BrandFactory(name="Fieldfare Co-op", slug="fieldfare")
    owner = make_member(brand, Role.OWNER)
    challenge = make_challenge(brand, title="Zero-waste aisles")
    customer = UserFactory()

    staff = open_page(**PHONE)
    log_in(staff, owner)
    staff.goto("/staff/fieldfare/settings/")
    staff.get_by_role("link", name="Webhooks").click()
    staff.get_by_label("URL").fill(sink.url)
    staff.get_by_label("An idea is submitted").check()
    staff.get_by_role("button", name="Add the endpoint").click()
    expect(staff.get_by_role("heading", name="Signing secret")).to_be_visible()
    secret = WebhookEndpoint.objects.get(brand=brand).secret
    expect(staff.locator("code", has_text=secret)).to_be_visible()
    assert_fits_the_phone(staff)

    developer = open_page(**PHONE)
    log_in(developer, customer)
    developer.goto("/accounts/profile/")
    developer.get_by_role("link", name="API tokens").click()
    developer.get_by_label("Name").fill("My script")
    developer.get_by_role("button", name="Create token").click()
    token = developer.locator("#api-secret").input_value()
    assert token.startswith("cc_")
    assert_fits_the_phone(developer)

    response = requests.post(
        f"{live_server.url}/api/v1/ideas/",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "challenge": challenge.pk,
            "title": "Refill station for oats",
            "body": "Bulk oats by weight, in your own jar.",
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text
    idea = response.json()
    assert idea["title"] == "Refill station for oats"
    assert idea["viewer_has_voted"] is True

    wait_for(lambda: len(sink.requests) == 1)
    delivered = sink.requests[0]
    verify(secret, delivered.headers, delivered.body)
    event = json.loads(delivered.body)
    assert event["type"] == "idea.created"
    assert event["data"]["idea"]["id"] == idea["id"]

    staff.reload()
    log = staff.locator("table", has_text="idea.created")
    expect(log).to_contain_text("200")
    assert_fits_the_phone(staff)
    log.get_by_role("button", name="Redeliver").first.click()
    wait_for(lambda: len(sink.requests) == 2)
    assert sink.requests[1].headers["Webhook-Id"] == delivered.headers["Webhook-Id"]
