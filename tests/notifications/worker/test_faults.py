"""Faults: the broker down during changes, and a worker killed in the middle of a batch."""

import time
from collections import Counter

import pytest

from brands.models import Role
from ideas import services
from ideas.models import Vote
from notifications.models import Delivery, DeliveryStatus, Event
from notifications.tasks import deliver_pending
from tests.factories import UserFactory, make_member
from tests.notifications.worker.conftest import BROKER_URL
from tests.notifications.worker.test_delivery import make_followers, settle, wait_until
from tests.support.celery_broker import CLOSED_PORT_URL, use_broker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_changes_succeed_while_the_broker_is_down_and_are_told_once_it_is_back(
    broker, start_worker, smtp_sink, idea, client
):
    followers = make_followers(idea, 25)
    manager = make_member(idea.brand, Role.MANAGER)
    voter = UserFactory()
    use_broker(CLOSED_PORT_URL)

    started = time.monotonic()
    client.force_login(voter)
    voted = client.post(f"/ideas/{idea.pk}/vote/", HTTP_ACCEPT="application/json")
    client.force_login(manager)
    moved = client.post(f"/ideas/{idea.pk}/status/", {"to_status": "planned", "note": "Spring"})
    elapsed = time.monotonic() - started

    assert voted.status_code == 200 and moved.status_code == 302
    assert elapsed < 10
    assert Vote.objects.filter(user=voter, idea=idea).exists()
    event = Event.objects.get(idea=idea)
    assert event.fanned_out_at is None
    assert smtp_sink.messages == []

    use_broker(BROKER_URL)
    start_worker()

    recipients = {user.email for user in followers} | {voter.email}
    # The worker's start-up sweep skips events younger than 10 s, and this one may be: the
    # beat's minutely sweep is what catches it up in production, ticked here every 5 s.
    wait_until(lambda: len(smtp_sink.messages) >= len(recipients), tick=deliver_pending.delay)
    received = settle(smtp_sink, len(recipients))
    assert Counter(message.recipient for message in received) == {
        address: 1 for address in recipients
    }
    deliver_pending.delay()
    time.sleep(2)
    assert len(smtp_sink.messages) == len(recipients)


def test_a_worker_killed_mid_batch_sends_each_email_exactly_once_after_restart(
    start_worker, smtp_sink, idea
):
    followers = make_followers(idea, 300)
    manager = make_member(idea.brand, Role.MANAGER)
    worker = start_worker(NOTIFICATIONS_BATCH_SIZE=300)

    services.change_status(idea=idea, actor=manager, to_status="planned")
    smtp_sink.wait_for(60)
    worker.kill()
    at_kill = len(smtp_sink.messages)
    assert 60 <= at_kill < len(followers), "the kill must land in the middle of the batch"

    start_worker()
    wait_until(
        lambda: not Delivery.objects.filter(status=DeliveryStatus.PENDING).exists(),
        tick=deliver_pending.delay,
        timeout=120,
    )
    received = settle(smtp_sink, len(followers))
    assert Counter(message.recipient for message in received) == {
        user.email: 1 for user in followers
    }
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == len(followers)
