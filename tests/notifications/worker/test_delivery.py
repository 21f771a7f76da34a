"""Notifications through a real Celery worker, the local Redis and a real SMTP server."""

import re
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.test import Client

from accounts.models import User
from brands.models import Role
from ideas import services
from notifications.models import (
    Delivery,
    DeliveryStatus,
    Digest,
    EmailChoice,
    Event,
    EventKind,
    Follow,
    FollowReason,
    Notification,
    NotificationSetting,
)
from notifications.tasks import send_daily_digests
from tests.factories import IdeaFactory, make_member

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def make_followers(idea, count: int, email_choice: str = EmailChoice.IMMEDIATELY) -> list[User]:
    users = User.objects.bulk_create(
        User(username=f"fan{idea.pk}-{n}", email=f"fan{idea.pk}-{n}@example.org")
        for n in range(count)
    )
    Follow.objects.bulk_create(
        Follow(user=user, idea=idea, reason=FollowReason.VOTER) for user in users
    )
    if email_choice != EmailChoice.IMMEDIATELY:
        NotificationSetting.objects.bulk_create(
            NotificationSetting(user=user, kind=kind, email=email_choice)
            for user in users
            for kind in EventKind.values
        )
    return users


def settle(sink, expected: int, timeout: float = 60) -> list:
    """The sink's messages once ``expected`` arrived and nothing more came for a while."""
    sink.wait_for(expected, timeout=timeout)
    time.sleep(1.5)
    return sink.messages


def wait_until(condition, timeout: float = 60, tick=None, every: float = 5) -> None:
    """Poll ``condition``; ``tick`` (the beat's sweeper call) runs every ``every`` seconds."""
    deadline = last_tick = time.monotonic()
    deadline += timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        if tick and time.monotonic() - last_tick >= every:
            tick()
            last_tick = time.monotonic()
        time.sleep(0.2)


def test_a_status_change_reaches_every_follower_exactly_once(start_worker, smtp_sink, idea):
    followers = make_followers(idea, 40)
    manager = make_member(idea.brand, Role.MANAGER)
    start_worker()

    services.change_status(idea=idea, actor=manager, to_status="planned", note="Next spring")

    received = settle(smtp_sink, len(followers))
    assert Counter(message.recipient for message in received) == {
        user.email: 1 for user in followers
    }
    assert "Next spring" in received[0].text() and "Next spring" in received[0].html()
    event = Event.objects.get(idea=idea)
    assert set(Notification.objects.filter(event=event).values_list("user_id", flat=True)) == {
        user.pk for user in followers
    }
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == len(followers)


def test_unsubscribe_works_from_the_link_in_the_received_email(start_worker, smtp_sink, idea):
    first, second = make_followers(idea, 2)
    manager = make_member(idea.brand, Role.MANAGER)
    start_worker()
    services.change_status(idea=idea, actor=manager, to_status="under_review")
    received = {message.recipient: message for message in settle(smtp_sink, 2)}

    header = received[first.email].message["List-Unsubscribe"]
    assert received[first.email].message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = urlsplit(re.search(r"<([^>]+)>", str(header)).group(1))
    response = Client(enforce_csrf_checks=True).post(
        url.path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200

    services.change_status(idea=idea, actor=manager, to_status="planned")
    later = settle(smtp_sink, 3)[2:]
    assert [message.recipient for message in later] == [second.email]
    assert NotificationSetting.objects.get(user=first, kind=EventKind.STATUS_CHANGED).email == (
        EmailChoice.NEVER
    )


def test_the_daily_digest_groups_events_by_idea_newest_first(start_worker, smtp_sink, challenge):
    manager = make_member(challenge.brand, Role.MANAGER)
    older, newer = (
        IdeaFactory(challenge=challenge, title="Bulk rice"),
        IdeaFactory(challenge=challenge, title="Refill oil"),
    )
    reader = make_followers(older, 1, EmailChoice.DAILY)[0]
    Follow.objects.create(user=reader, idea=newer, reason=FollowReason.CHOSEN)
    start_worker()

    services.change_status(idea=older, actor=manager, to_status="under_review")
    services.change_status(idea=newer, actor=manager, to_status="under_review")
    services.add_comment(idea=older, author=manager, body="Suppliers found, planning now.")
    wait_until(lambda: Delivery.objects.filter(digest__isnull=True).count() == 3)
    assert smtp_sink.messages == []

    send_daily_digests.delay()
    send_daily_digests.delay()

    (digest,) = settle(smtp_sink, 1)
    text = digest.text()
    assert text.index("Bulk rice") < text.index("Refill oil")
    assert text.index("answered") < text.index("moved from Submitted to Under review")
    assert Digest.objects.get().status == DeliveryStatus.SENT
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
