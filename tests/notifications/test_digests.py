"""Daily digests in-process: one email per person per day, grouped by idea, newest first."""

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.core import mail
from django.utils import timezone

from brands.models import Role
from ideas import services
from notifications.models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    Digest,
    EmailChoice,
    EventKind,
    Follow,
    FollowReason,
)
from notifications.services.digests import open_daily_digests, send_digest
from notifications.services.preferences import Choice, save_choices
from notifications.tasks import send_daily_digests
from tests.factories import IdeaFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(challenge):
    person = UserFactory(display_name="Dana")
    daily = Choice(on_site=True, email=EmailChoice.DAILY)
    save_choices(user=person, choices={kind: daily for kind in EventKind.values})
    return person


def follow(person, *ideas):
    for idea in ideas:
        Follow.objects.create(user=person, idea=idea, reason=FollowReason.CHOSEN)


def run(capture, action):
    with capture(execute=True):
        return action()


def test_daily_choice_sends_nothing_at_once_then_one_grouped_digest(
    reader, challenge, django_capture_on_commit_callbacks
):
    manager = make_member(challenge.brand, Role.MANAGER)
    rice, oil = (
        IdeaFactory(challenge=challenge, title="Bulk rice"),
        IdeaFactory(challenge=challenge, title="Refill oil"),
    )
    follow(reader, rice, oil)
    capture = django_capture_on_commit_callbacks

    run(capture, lambda: services.change_status(idea=rice, actor=manager, to_status="planned"))
    run(capture, lambda: services.change_status(idea=oil, actor=manager, to_status="planned"))
    run(capture, lambda: services.add_comment(idea=rice, author=manager, body="Spring, we hope."))
    assert mail.outbox == []
    assert Delivery.objects.filter(channel=DeliveryChannel.DIGEST).count() == 3

    run(capture, send_daily_digests)
    run(capture, send_daily_digests)

    (digest,) = mail.outbox
    assert digest.to == [f"Dana <{reader.email}>"]
    assert "3 updates on 2 ideas" in digest.subject
    text, html = digest.body, digest.alternatives[0][0]
    assert text.index("Bulk rice") < text.index("Refill oil")
    assert text.index("answered") < text.index("moved from Submitted to Planned")
    assert "Bulk rice" in html and digest.extra_headers["List-Unsubscribe-Post"]
    assert Digest.objects.get().status == DeliveryStatus.SENT
    assert not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists()


def test_news_after_todays_digest_waits_for_tomorrows(
    reader, idea, django_capture_on_commit_callbacks
):
    manager = make_member(idea.brand, Role.MANAGER)
    follow(reader, idea)
    capture = django_capture_on_commit_callbacks
    run(capture, lambda: services.change_status(idea=idea, actor=manager, to_status="planned"))
    run(capture, send_daily_digests)
    run(capture, lambda: services.change_status(idea=idea, actor=manager, to_status="in_progress"))

    run(capture, send_daily_digests)
    assert len(mail.outbox) == 1
    late = Delivery.objects.get(status=DeliveryStatus.PENDING)
    assert late.digest is None

    tomorrow = timezone.localdate() + timedelta(days=1)
    with capture(execute=True):
        for digest_id in open_daily_digests(day=tomorrow):
            send_digest(digest_id=digest_id)
    assert len(mail.outbox) == 2 and "In progress" in mail.outbox[1].body
    assert list(Digest.objects.order_by("day").values_list("day", flat=True)) == [
        timezone.localdate(),
        tomorrow,
    ]


def test_kinds_switched_to_never_are_left_out_of_the_digest(
    reader, idea, django_capture_on_commit_callbacks
):
    manager = make_member(idea.brand, Role.MANAGER)
    follow(reader, idea)
    capture = django_capture_on_commit_callbacks
    run(capture, lambda: services.change_status(idea=idea, actor=manager, to_status="planned"))
    save_choices(user=reader, choices={EventKind.STATUS_CHANGED: Choice(True, EmailChoice.NEVER)})

    run(capture, send_daily_digests)

    assert mail.outbox == []
    assert Delivery.objects.get().status == DeliveryStatus.CANCELLED
    assert Digest.objects.get().status == DeliveryStatus.CANCELLED


def test_the_beat_schedule_runs_the_sweeper_and_the_digests(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["deliver-pending-notifications"] == {
        "task": "notifications.deliver_pending",
        "schedule": 60,
    }
    digests = schedule["send-daily-digests"]
    assert digests["task"] == "notifications.send_daily_digests"
    assert digests["schedule"] == crontab(hour=settings.DIGEST_HOUR, minute=0)
    assert schedule["make-missing-thumbnails"]["task"] == "ideas.make_missing_thumbnails"
