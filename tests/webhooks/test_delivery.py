import json
from datetime import timedelta

import pytest
from django.utils import timezone

from brands.models import Role
from ideas.services import add_comment, cast_vote, change_status, merge_ideas, submit_idea
from tests.factories import UserFactory, make_member
from webhooks import services, tasks
from webhooks.models import DeliveryStatus, EventType, WebhookDelivery
from webhooks.signing import verify

pytestmark = pytest.mark.django_db


def submit(challenge, capture, title="Refillable bottles"):
    with capture(execute=True):
        return submit_idea(
            author=UserFactory(),
            challenge=challenge,
            title=title,
            body="Bring them back.",
            tags=["eco"],
        )


def sweep(capture):
    WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    with capture(execute=True):
        tasks.deliver_due()


def test_an_idea_is_posted_signed_to_the_endpoint(
    sink, endpoint, challenge, django_capture_on_commit_callbacks
):
    idea = submit(challenge, django_capture_on_commit_callbacks)
    (request,) = sink.requests
    verify(endpoint.secret, request.headers, request.body)
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "Cocreate-Webhooks/1"
    payload = json.loads(request.body)
    assert payload["type"] == "idea.created"
    data = payload["data"]["idea"]
    assert data["id"] == idea.pk and data["title"] == "Refillable bottles"
    assert data["tags"] == ["eco"] and data["author"] == idea.author.public_name
    assert data["brand"] == {"slug": challenge.brand.slug, "name": challenge.brand.name}
    assert data["challenge"]["id"] == challenge.pk and data["url"].startswith("http")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 1
    assert delivery.last_status_code == 200 and delivery.last_response_ms is not None
    assert request.headers["Webhook-Id"] == delivery.message_id


def test_each_event_reaches_only_subscribed_endpoints(
    sink, make_endpoint, brand, owner, challenge, django_capture_on_commit_callbacks
):
    make_endpoint(sink.url)
    make_endpoint(sink.url + "?comments", [EventType.COMMENT_CREATED])
    challenge.supporter_threshold = 2
    challenge.save()
    capture = django_capture_on_commit_callbacks
    idea = submit(challenge, capture)
    other = submit(challenge, capture, title="Deposit on jars")
    with capture(execute=True):
        cast_vote(user=UserFactory(), idea=idea)
    with capture(execute=True):
        change_status(idea=idea, actor=owner, to_status="planned")
    with capture(execute=True):
        add_comment(idea=idea, author=UserFactory(), body="Lovely idea")
    with capture(execute=True):
        merge_ideas(actor=owner, source=other, target=idea)
    types = [json.loads(request.body)["type"] for request in sink.requests]
    by_path = {}
    for request in sink.requests:
        by_path.setdefault(request.path, []).append(json.loads(request.body))
    assert [p["type"] for p in by_path["/hook?comments"]] == ["comment.created"]
    main = by_path["/hook"]
    assert [p["type"] for p in main] == [
        "idea.created",
        "idea.created",
        "idea.threshold_reached",
        "idea.status_changed",
        "idea.status_changed",
        "comment.created",
        "idea.status_changed",
        "idea.merged",
    ]
    assert len(types) == len(main) + 1
    threshold = main[2]["data"]
    assert threshold["threshold"] == 2 and threshold["idea"]["vote_count"] == 2
    automatic = main[3]["data"]
    assert (automatic["from"], automatic["to"], automatic["actor"]) == (
        "submitted",
        "under_review",
        None,
    )
    moved = main[4]["data"]
    assert (moved["to"], moved["actor"]) == ("planned", owner.public_name)
    comment = main[5]["data"]
    assert comment["comment"]["body"] == "Lovely idea" and comment["idea"]["comment_count"] == 1
    merged = main[7]["data"]
    assert (merged["source"]["id"], merged["target"]["id"]) == (other.pk, idea.pk)


def test_a_500_is_retried_then_succeeds_once(
    sink, endpoint, challenge, django_capture_on_commit_callbacks
):
    sink.statuses = [500]
    submit(challenge, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_status_code == 500 and delivery.last_error == "HTTP 500"
    assert delivery.next_attempt_at > timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.deliver_due()  # not due yet: nothing is sent
    assert len(sink.requests) == 1
    sweep(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2
    assert len({request.headers["Webhook-Id"] for request in sink.requests}) == 1
    sweep(django_capture_on_commit_callbacks)
    tasks.deliver(delivery.pk)
    assert len(sink.requests) == 2


def test_redeliver_sends_again_with_the_same_id(
    sink, endpoint, owner, challenge, django_capture_on_commit_callbacks
):
    submit(challenge, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.redeliver(actor=owner, delivery=delivery)
    first, second = sink.requests
    assert first.headers["Webhook-Id"] == second.headers["Webhook-Id"] == delivery.message_id
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2


def test_redirects_are_not_followed(sink, endpoint, challenge, django_capture_on_commit_callbacks):
    sink.statuses = [302]
    submit(challenge, django_capture_on_commit_callbacks)
    assert [request.path for request in sink.requests] == ["/hook"]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 302


def test_a_slow_endpoint_times_out(
    sink, endpoint, challenge, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_TIMEOUT_SECONDS = 0.2
    sink.delay = 1
    submit(challenge, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "Timeout" in delivery.last_error and delivery.last_status_code is None


def test_retries_end_24_hours_after_the_first_attempt(
    sink, endpoint, challenge, django_capture_on_commit_callbacks
):
    sink.statuses = [500, 500]
    submit(challenge, django_capture_on_commit_callbacks)
    WebhookDelivery.objects.update(first_attempt_at=timezone.now() - timedelta(hours=25))
    sweep(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2
    assert delivery.next_attempt_at is None


def test_the_schedule_follows_standard_webhooks():
    delivery = WebhookDelivery(round_attempts=1, first_attempt_at=timezone.now())
    delay = (services.next_attempt_at(delivery) - timezone.now()).total_seconds()
    assert 4 <= delay <= 6
    delivery.round_attempts = 3
    delay = (services.next_attempt_at(delivery) - timezone.now()).total_seconds()
    assert 1600 <= delay <= 2000
    delivery.round_attempts = len(services.RETRY_SCHEDULE) + 1
    assert services.next_attempt_at(delivery) is None


def test_a_delivery_stuck_sending_goes_back_to_its_retries(
    sink, endpoint, challenge, django_capture_on_commit_callbacks
):
    submit(challenge, django_capture_on_commit_callbacks)
    WebhookDelivery.objects.update(
        status=DeliveryStatus.SENDING, next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and "Interrupted" in delivery.last_error
    sweep(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and len(sink.requests) == 2


def test_an_endpoint_failing_for_good_is_disabled_and_owners_told(
    sink, endpoint, owner, brand, challenge, mailoutbox, django_capture_on_commit_callbacks
):
    make_member(brand, Role.MANAGER)
    sink.statuses = [500] * 20
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_test_event(actor=owner, endpoint=endpoint)
    WebhookDelivery.objects.update(first_attempt_at=timezone.now() - timedelta(hours=25))
    sweep(django_capture_on_commit_callbacks)
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at is not None
    assert "3 deliveries in a row" in endpoint.disabled_reason
    assert [message.to for message in mailoutbox] == [[owner.email]]
    assert endpoint.url in mailoutbox[0].subject
    sent = len(sink.requests)
    submit(challenge, django_capture_on_commit_callbacks)
    assert len(sink.requests) == sent  # a disabled endpoint gets nothing new


def test_a_success_resets_the_failure_count(
    sink, endpoint, owner, django_capture_on_commit_callbacks
):
    endpoint.consecutive_failures = 2
    endpoint.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_test_event(actor=owner, endpoint=endpoint)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_nothing_is_sent_for_a_rolled_back_change(sink, endpoint, challenge):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        submit_idea(
            author=UserFactory(), challenge=challenge, title="Undone idea", body="Rolled back."
        )
        raise RuntimeError
    assert not WebhookDelivery.objects.exists() and not sink.requests


def test_a_lost_task_is_caught_up_by_the_sweeper(
    sink, endpoint, idea, owner, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    with monkeypatch.context() as patch:  # undoing only this: tasks stay in-process
        patch.setattr(tasks.deliver, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            change_status(idea=idea, actor=owner, to_status="planned")
    assert not sink.requests
    sweep(django_capture_on_commit_callbacks)
    assert [json.loads(r.body)["type"] for r in sink.requests] == ["idea.status_changed"]


def test_deliveries_of_a_brand_without_endpoints_cost_one_query(
    idea, owner, django_assert_max_num_queries
):
    from webhooks import outbox

    with django_assert_max_num_queries(1):
        outbox.idea_created(idea=idea)
    assert not WebhookDelivery.objects.exists()
