"""Sending over real SMTP (aiosmtpd in a thread): exactly once, retries, permanent failures."""

from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.db import transaction
from django.utils import timezone

from brands.models import Role
from ideas import services
from notifications.models import Delivery, DeliveryStatus, Event, Follow, FollowReason
from notifications.sending import Mailer
from notifications.services.delivery import hand_over, retry_now, send_emails
from notifications.tasks import deliver_pending
from tests.factories import UserFactory, make_member
from tests.support.smtp_sink import SMTPSink

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink(settings):
    with SMTPSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10
        yield sink


@pytest.fixture
def followers(idea):
    people = [UserFactory() for _ in range(3)]
    Follow.objects.bulk_create(
        Follow(user=person, idea=idea, reason=FollowReason.VOTER) for person in people
    )
    return people


def sweep(capture) -> None:
    """The beat's sweeper run, its queued tasks run in-process after "commit"."""
    with capture(execute=True):
        deliver_pending()


def move(idea, capture, to_status="planned"):
    manager = make_member(idea.brand, Role.MANAGER)
    with capture(execute=True):
        services.change_status(idea=idea, actor=manager, to_status=to_status)
    return Event.objects.filter(idea=idea).latest("pk")


def test_each_follower_gets_one_message_with_a_stable_message_id(
    sink, followers, idea, django_capture_on_commit_callbacks
):
    event = move(idea, django_capture_on_commit_callbacks)

    received = sink.messages
    assert sorted(message.recipient for message in received) == sorted(p.email for p in followers)
    delivery = Delivery.objects.get(event=event, recipient=followers[0])
    by_recipient = {message.recipient: message.message for message in received}
    assert by_recipient[followers[0].email]["Message-ID"].startswith(f"<delivery-{delivery.pk}@")
    assert by_recipient[followers[0].email]["Auto-Submitted"] == "auto-generated"

    assert send_emails(delivery_ids=list(Delivery.objects.values_list("pk", flat=True))) == 0
    assert len(sink.messages) == len(followers)


def test_a_temporary_refusal_is_retried_with_backoff_then_sent(
    sink, followers, idea, django_capture_on_commit_callbacks
):
    unlucky = followers[0]
    sink.refuse(unlucky.email, "451 Mailbox busy, try later")
    before = timezone.now()

    move(idea, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(recipient=unlucky)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "451" in delivery.last_error
    wait = delivery.next_attempt_at - before
    assert timedelta(seconds=50) < wait < timedelta(seconds=70)
    assert len(sink.messages) == 2

    sink.accept(unlucky.email)
    sweep(django_capture_on_commit_callbacks)
    assert len(sink.messages) == 2, "not before its time"

    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    sweep(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert sorted(m.recipient for m in sink.messages) == sorted(p.email for p in followers)


def test_backoff_doubles_and_gives_up_after_the_last_attempt(
    sink, followers, idea, django_capture_on_commit_callbacks, settings
):
    unlucky = followers[0]
    sink.refuse(unlucky.email, "451 Mailbox busy, try later")
    move(idea, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(recipient=unlucky)
    waits = []
    for _ in range(settings.NOTIFICATIONS_MAX_ATTEMPTS - 1):
        started = timezone.now()
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=started)
        send_emails(delivery_ids=[delivery.pk])
        delivery.refresh_from_db()
        waits.append((delivery.next_attempt_at - started).total_seconds())

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == settings.NOTIFICATIONS_MAX_ATTEMPTS
    assert 105 < waits[0] < 135 and 210 < waits[1] < 270  # 2 and 4 minutes, ±10 %
    assert waits[-1] <= settings.NOTIFICATIONS_RETRY_CAP_SECONDS * 1.1


def test_a_permanent_refusal_fails_at_once_and_staff_see_and_retry_it(
    sink, followers, idea, django_capture_on_commit_callbacks, admin_client
):
    unlucky = followers[0]
    sink.refuse(unlucky.email, "550 No such user here")
    move(idea, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(recipient=unlucky)
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    page = admin_client.get("/django-admin/notifications/delivery/?status__exact=failed")
    assert page.status_code == 200
    assert unlucky.username in page.content.decode() and "550" in page.content.decode()

    sink.accept(unlucky.email)
    response = admin_client.post(
        "/django-admin/notifications/delivery/",
        {"action": "retry", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert "1 email will be tried again" in response.content.decode()
    sweep(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_nothing_reaches_the_server_when_marking_sent_fails(sink, followers, idea):
    manager = make_member(idea.brand, Role.MANAGER)
    services.change_status(idea=idea, actor=manager, to_status="planned")
    from notifications.services.fanout import fan_out_event

    [first, *_] = fan_out_event(event_id=Event.objects.get().pk)
    delivery = Delivery.objects.select_related("recipient", "event__idea").get(pk=first)
    from notifications.emails import event_email

    def broken_commit():
        raise RuntimeError("database went away")

    with Mailer() as mailer, pytest.raises(RuntimeError):
        hand_over(mailer, Delivery, delivery, event_email(delivery), broken_commit)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert sink.messages == []
    assert send_emails(delivery_ids=[delivery.pk]) == 1
    assert [parseaddr(m.recipient)[1] for m in sink.messages] == [delivery.recipient.email]


def test_a_row_already_sent_is_skipped(sink, followers, idea, settings):
    """A duplicated task finds the row sent (after waiting for the row lock) and skips it."""
    manager = make_member(idea.brand, Role.MANAGER)
    services.change_status(idea=idea, actor=manager, to_status="planned")
    from notifications.services.fanout import fan_out_event

    ids = fan_out_event(event_id=Event.objects.get().pk)
    with transaction.atomic():
        Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.SENT)
        assert send_emails(delivery_ids=ids) == 0
        transaction.set_rollback(True)
    assert send_emails(delivery_ids=ids) == len(followers)
    assert len(sink.messages) == len(followers)


def test_retry_now_only_touches_failed_or_pending_rows(sink, followers, idea):
    manager = make_member(idea.brand, Role.MANAGER)
    services.change_status(idea=idea, actor=manager, to_status="planned")
    from notifications.services.fanout import fan_out_event

    ids = fan_out_event(event_id=Event.objects.get().pk)
    send_emails(delivery_ids=ids)
    assert retry_now(Delivery, ids) == 0
