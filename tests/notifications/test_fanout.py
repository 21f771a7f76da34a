"""From a change to notifications and emails, in-process (as the demo runs without a broker)."""

import pytest
from django.core import mail

from brands.models import Role
from ideas import services
from notifications.models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    EmailChoice,
    Event,
    EventKind,
    Notification,
)
from notifications.services import fanout
from notifications.services.preferences import Choice, save_choices
from notifications.tasks import deliver_pending
from tests.factories import IdeaFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(challenge):
    """An idea with its author, two supporters and one explicit follower."""
    author = UserFactory()
    idea = services.submit_idea(
        author=author, challenge=challenge, title="Refill oil", body="Bring your own jars"
    )
    people = [UserFactory(), UserFactory(), UserFactory()]
    services.cast_vote(user=people[0], idea=idea)
    services.cast_vote(user=people[1], idea=idea)
    from notifications.services import follow_idea

    follow_idea(user=people[2], idea=idea)
    return idea, [author, *people]


def test_a_status_change_reaches_every_follower_once_in_app_and_by_email(
    followed, django_capture_on_commit_callbacks
):
    idea, people = followed
    manager = make_member(idea.brand, Role.MANAGER)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea=idea, actor=manager, to_status="planned", note="Next spring")

    event = Event.objects.get(idea=idea)
    assert event.kind == EventKind.STATUS_CHANGED and event.fanned_out_at is not None
    assert set(Notification.objects.values_list("user_id", flat=True)) == {p.pk for p in people}
    assert sorted(message.to[0].rsplit("<", 1)[1][:-1] for message in mail.outbox) == sorted(
        person.email for person in people
    )
    message = mail.outbox[0]
    assert "moved from Submitted to Planned" in message.subject
    assert "Next spring" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Next spring" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_the_person_who_acted_is_not_told(followed, django_capture_on_commit_callbacks):
    idea, people = followed
    manager = make_member(idea.brand, Role.MANAGER)
    from notifications.services import follow_idea

    follow_idea(user=manager, idea=idea)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea=idea, actor=manager, to_status="planned")

    assert not Notification.objects.filter(user=manager).exists()
    assert len(mail.outbox) == len(people)


def test_fanning_out_twice_writes_and_sends_nothing_more(
    followed, django_capture_on_commit_callbacks
):
    idea, people = followed
    manager = make_member(idea.brand, Role.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea=idea, actor=manager, to_status="planned")
    event = Event.objects.get()

    Event.objects.filter(pk=event.pk).update(fanned_out_at=None)
    pending = fanout.fan_out_event(event_id=event.pk)
    deliver_pending()

    assert pending == []
    assert Notification.objects.count() == Delivery.objects.count() == len(people)
    assert len(mail.outbox) == len(people)


def test_an_official_response_and_a_merge_are_told(challenge, django_capture_on_commit_callbacks):
    manager = make_member(challenge.brand, Role.MANAGER)
    source, target = IdeaFactory(challenge=challenge), IdeaFactory(challenge=challenge)
    voter = UserFactory()
    services.cast_vote(user=voter, idea=source)

    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(idea=source, author=manager, body="We are testing this in Lyon.")
    with django_capture_on_commit_callbacks(execute=True):
        services.merge_ideas(actor=manager, source=source, target=target)

    kinds = list(Event.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [EventKind.OFFICIAL_RESPONSE, EventKind.MERGED]
    subjects = [message.subject for message in mail.outbox]
    assert any("answered" in subject for subject in subjects)
    assert any("was merged into" in subject for subject in subjects)
    assert all(message.to[0].endswith(f"<{voter.email}>") for message in mail.outbox)


def test_a_customer_comment_is_not_an_official_response(idea, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(idea=idea, author=UserFactory(), body="Me too")
    assert not Event.objects.exists()


def test_a_rolled_back_change_leaves_no_event(idea):
    manager = make_member(idea.brand, Role.MANAGER)
    with pytest.raises(Exception, match="declined"):
        services.change_status(idea=idea, actor=manager, to_status="declined", note="")
    assert not Event.objects.exists()


def test_choices_never_daily_and_off_site(followed, django_capture_on_commit_callbacks):
    idea, (author, first, second, third) = followed
    kind = EventKind.STATUS_CHANGED
    save_choices(user=first, choices={kind: Choice(on_site=False, email=EmailChoice.NEVER)})
    save_choices(user=second, choices={kind: Choice(on_site=True, email=EmailChoice.DAILY)})
    manager = make_member(idea.brand, Role.MANAGER)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea=idea, actor=manager, to_status="planned")

    assert set(Notification.objects.values_list("user_id", flat=True)) == {
        author.pk,
        second.pk,
        third.pk,
    }
    channels = dict(Delivery.objects.values_list("recipient_id", "channel"))
    assert channels == {
        author.pk: DeliveryChannel.EMAIL,
        second.pk: DeliveryChannel.DIGEST,
        third.pk: DeliveryChannel.EMAIL,
    }
    assert len(mail.outbox) == 2


def test_an_unfollowed_idea_tells_nothing(followed, django_capture_on_commit_callbacks):
    idea, people = followed
    from notifications.services import unfollow_idea

    unfollow_idea(user=people[1], idea=idea)
    manager = make_member(idea.brand, Role.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea=idea, actor=manager, to_status="planned")

    assert not Notification.objects.filter(user=people[1]).exists()
    assert len(mail.outbox) == len(people) - 1


def test_each_email_of_a_batch_carries_its_own_name_and_unsubscribe_link(
    idea, django_capture_on_commit_callbacks
):
    from notifications.models import Follow, FollowReason
    from notifications.tokens import read_unsubscribe_token

    ann = UserFactory(display_name="<b>Ann & Co</b>")
    bob = UserFactory(display_name="Bob")
    for person in (ann, bob):
        Follow.objects.create(user=person, idea=idea, reason=FollowReason.VOTER)
    manager = make_member(idea.brand, Role.MANAGER)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea=idea, actor=manager, to_status="planned")

    by_name = {message.to[0].split(" <")[0].strip('"'): message for message in mail.outbox}
    ann_mail, bob_mail = by_name["<b>Ann & Co</b>"], by_name["Bob"]
    assert "Hello <b>Ann & Co</b>," in ann_mail.body
    assert "Hello &lt;b&gt;Ann &amp; Co&lt;/b&gt;," in ann_mail.alternatives[0][0]
    assert "Hello Bob," in bob_mail.body
    for person, message in ((ann, ann_mail), (bob, bob_mail)):
        token = message.extra_headers["List-Unsubscribe"].rstrip("/>").rsplit("/", 1)[1]
        assert read_unsubscribe_token(token) == (person.pk, EventKind.STATUS_CHANGED)
        assert token in message.body and token in message.alternatives[0][0]


def test_the_sweeper_fans_out_an_event_whose_task_was_never_queued(
    followed, django_capture_on_commit_callbacks
):
    """As when the broker was down at commit time: the outbox row waits for the sweeper."""
    from datetime import timedelta

    from django.utils import timezone

    idea, people = followed
    manager = make_member(idea.brand, Role.MANAGER)
    services.change_status(idea=idea, actor=manager, to_status="planned")
    event = Event.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        deliver_pending()
    event.refresh_from_db()
    assert event.fanned_out_at is None, "a fresh event is left to its own task"

    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(seconds=11))
    with django_capture_on_commit_callbacks(execute=True):
        deliver_pending()
    assert len(mail.outbox) == len(people)
    assert Notification.objects.count() == len(people)
