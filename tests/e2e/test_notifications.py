"""A customer follows an idea, hears about its move through the bell, and tunes emails."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from brands.models import Role
from ideas import services
from notifications.models import EmailChoice, EventKind, NotificationSetting
from tests.e2e.test_board import log_in
from tests.factories import IdeaFactory, UserFactory, make_challenge, make_member

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def idea(brand):
    return IdeaFactory(challenge=make_challenge(brand), title="Deposit jars for oil")


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]
)
def test_follow_hear_through_the_bell_and_choose_no_email(open_page, idea, viewport, tmp_path):
    customer = UserFactory(display_name="Camille")
    page = open_page(viewport=viewport)
    log_in(page, customer)
    page.goto(idea.get_absolute_url())
    page.get_by_role("button", name="Follow this idea").click()
    expect(page.locator(".follow-panel")).to_contain_text("you chose to follow it")
    expect(page.locator(".bell-count")).to_have_count(0)

    manager = make_member(idea.brand, Role.MANAGER)
    services.change_status(idea=idea, actor=manager, to_status="planned", note="Next spring")
    assert [message.to[0] for message in mail.outbox] == [f"Camille <{customer.email}>"]

    page.reload()
    expect(page.locator(".bell-count")).to_have_text("1")
    page.get_by_role("link", name=re.compile("Notifications")).click()
    item = page.locator(".notification.unread")
    expect(item).to_contain_text("moved from Submitted to Planned")
    expect(item).to_contain_text("Next spring")
    page.screenshot(path=tmp_path / "notifications.png", full_page=True)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/ideas/{idea.pk}-"))
    expect(page.locator(".bell-count")).to_have_count(0)

    page.goto("/notifications/settings/")
    page.get_by_label("By email").first.select_option(EmailChoice.NEVER)
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.locator(".messages")).to_contain_text("saved")
    setting = NotificationSetting.objects.get(user=customer, kind=EventKind.STATUS_CHANGED)
    assert setting.email == EmailChoice.NEVER and setting.on_site
