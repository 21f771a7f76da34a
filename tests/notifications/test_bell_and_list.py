"""The header's bell, the list page, opening a notification and marking them read."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from cms.context_processors import wiki_navigation
from notifications.context_processors import unread_notifications
from notifications.models import Event, EventKind, FollowReason, Notification
from notifications.services.reading import mark_read
from tests.factories import IdeaFactory, UserFactory, make_challenge

pytestmark = pytest.mark.django_db

LIST_URL = "/notifications/"
# Session, user, the bell's count, the paginator's count, one page of notifications with
# their events, ideas, brands and actors.
LIST_PAGE_QUERIES = 5


def notify(
    user,
    idea,
    *,
    kind=EventKind.STATUS_CHANGED,
    data=None,
    reason=FollowReason.VOTER,
    read=False,
    ago=None,
    actor=None,
) -> Notification:
    data = (
        {"from": "submitted", "to": "under_review", "note": "Reading it."} if data is None else data
    )
    event = Event.objects.create(kind=kind, idea=idea, actor=actor, data=data)
    notification = Notification.objects.create(
        user=user, event=event, reason=reason, read_at=timezone.now() if read else None
    )
    if ago is not None:
        Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - ago)
    return notification


def notify_many(user, idea, count: int, *, read=False) -> None:
    events = Event.objects.bulk_create(
        Event(kind=EventKind.STATUS_CHANGED, idea=idea, data={"from": "submitted"})
        for _ in range(count)
    )
    read_at = timezone.now() if read else None
    Notification.objects.bulk_create(
        Notification(user=user, event=event, reason=FollowReason.VOTER, read_at=read_at)
        for event in events
    )


def request_for(rf, user):
    request = rf.get("/")
    request.user = user
    return request


# The bell


def test_bell_shows_the_viewers_unread_count(client, idea, user):
    for _ in range(3):
        notify(user, idea)
    notify(user, idea, read=True)
    notify(UserFactory(), idea)
    client.force_login(user)

    response = client.get("/accounts/profile/")

    assertContains(response, 'href="/notifications/"')
    assertContains(response, '<span class="bell-count" aria-hidden="true">3</span>', html=False)
    assertContains(response, "3 unread notifications")


def test_bell_without_unread_notifications_has_no_count(client, idea, user):
    notify(user, idea, read=True)
    client.force_login(user)

    response = client.get("/accounts/profile/")

    assertContains(response, "Notifications")
    assertNotContains(response, "bell-count")
    assertNotContains(response, "unread notification")


def test_bell_says_one_unread_notification_in_the_singular(client, idea, user):
    notify(user, idea)
    client.force_login(user)

    assertContains(client.get("/accounts/profile/"), "(1 unread notification)")


def test_bell_caps_the_count_at_99_plus(client, idea, user):
    notify_many(user, idea, 120)
    client.force_login(user)

    response = client.get("/accounts/profile/")

    assertContains(response, '<span class="bell-count" aria-hidden="true">99+</span>', html=False)
    assertContains(response, "more than 99 unread notifications")


def test_bell_costs_one_count_query_for_a_logged_in_person(rf, idea, user):
    notify_many(user, idea, 4)
    request = request_for(rf, user)
    wiki_navigation(request)  # the footer's links, cached for every page

    with CaptureQueriesContext(connection) as captured:
        html = render_to_string("base.html", request=request)

    assert len(captured.captured_queries) == 1
    sql = captured.captured_queries[0]["sql"]
    assert "COUNT(" in sql.upper()
    assert '"read_at" IS NULL' in sql
    assert f'"user_id" = {user.pk}' in sql
    assert '<span class="bell-count" aria-hidden="true">4</span>' in html


def test_bell_costs_no_query_for_a_visitor(rf, django_assert_num_queries, db):
    request = request_for(rf, AnonymousUser())
    wiki_navigation(request)  # the footer's links, cached for every page

    with django_assert_num_queries(0):
        html = render_to_string("base.html", request=request)

    assert "bell-count" not in html
    assert "Log in" in html


def test_bell_counts_only_when_used_and_only_once(rf, idea, user, django_assert_num_queries):
    notify(user, idea)
    request = request_for(rf, user)

    with django_assert_num_queries(0):
        context = unread_notifications(request)
    with django_assert_num_queries(1):
        bell = context["unread_notifications"]
        assert (bell.count, bell.label, bell.count) == (1, "1", 1)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans need PostgreSQL")
def test_bell_count_reads_the_partial_unread_index(rf, idea):
    people = [UserFactory() for _ in range(20)]
    events = Event.objects.bulk_create(
        Event(kind=EventKind.STATUS_CHANGED, idea=idea) for _ in range(500)
    )
    Notification.objects.bulk_create(
        Notification(
            user=person,
            event=event,
            reason=FollowReason.VOTER,
            read_at=None if n % 50 == 0 else timezone.now(),
        )
        for n, event in enumerate(events)
        for person in people
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_notification")
    with CaptureQueriesContext(connection) as captured:
        bell = unread_notifications(request_for(rf, people[0]))["unread_notifications"]
        assert bell.count == 10
    [query] = captured.captured_queries

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {query['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "notification_unread" in plan, plan


def test_visitor_pages_never_count_notifications(client, idea):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(idea.get_absolute_url())

    assert response.status_code == 200
    assert not [q for q in captured.captured_queries if "notifications_notification" in q["sql"]]
    assertNotContains(response, 'href="/notifications/"')


# The list page


def test_list_shows_what_happened_why_and_when_newest_first(client, idea, user):
    old = notify(
        user,
        idea,
        kind=EventKind.OFFICIAL_RESPONSE,
        data={"author_name": "Ana from Brand", "excerpt": "We love it. " * 40, "comment_id": 7},
        reason=FollowReason.AUTHOR,
        read=True,
        ago=timedelta(days=2),
    )
    new = notify(user, idea, ago=timedelta(hours=3))
    notify(UserFactory(), idea, data={"from": "submitted", "to": "planned", "note": "Not yours"})
    client.force_login(user)

    response = client.get(LIST_URL)

    items = list(response.context["page_obj"])
    assert items == [new, old]
    content = response.content.decode()
    assert content.index(f"/notifications/{new.pk}/open/") < content.index(
        f"/notifications/{old.pk}/open/"
    )
    assertContains(response, f"“{idea.title}” moved from Submitted to Under review")
    assertContains(response, "Reading it.")
    assertContains(response, f"Ana from Brand answered “{idea.title}” for the brand")
    assertContains(response, "We love it. We love it.")
    assertNotContains(response, "We love it. " * 40)
    assertContains(response, idea.brand.name)
    assertContains(response, "3\xa0hours ago")
    assertContains(response, "2\xa0days ago")
    assertContains(response, "You hear about it because you support it.")
    assertContains(response, "You hear about it because you submitted it.")
    assertContains(response, 'class="notification card unread"', count=1)
    assertContains(response, "Unread:", count=1)
    assertContains(response, "Mark all as read")
    assertNotContains(response, "Not yours")


def test_list_without_notifications_explains_what_people_hear_about(client, user):
    client.force_login(user)

    response = client.get(LIST_URL)

    assertContains(response, "No notifications yet.")
    assertContains(response, "changes")
    assertContains(response, 'href="/notifications/settings/"')
    assertNotContains(response, "Mark all as read")


def test_list_needs_a_login(client, db):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_list_is_paginated(client, idea, user, settings):
    settings.NOTIFICATIONS_PER_PAGE = 2
    for hours in range(5):
        notify(user, idea, ago=timedelta(hours=hours))
    client.force_login(user)

    first = client.get(LIST_URL)
    last = client.get(LIST_URL, {"page": 3})

    assert len(first.context["page_obj"].object_list) == 2
    assertContains(first, "Page 1 of 3")
    assertContains(first, 'href="?page=2"')
    assert len(last.context["page_obj"].object_list) == 1


@pytest.mark.parametrize("count", [5, 40])
def test_list_uses_a_fixed_number_of_queries(client, brand, user, count, django_assert_num_queries):
    ideas = [IdeaFactory(challenge=make_challenge(brand, title=f"Round {n}")) for n in range(3)]
    kinds = list(EventKind)
    for n in range(count):
        notify(
            user,
            ideas[n % 3],
            kind=kinds[n % 3],
            data={"from": "submitted", "to": "planned", "into_title": "Other", "excerpt": "Yes"},
            actor=UserFactory() if n < 6 else None,
            read=n % 2 == 0,
        )
    client.force_login(user)
    client.get(LIST_URL)

    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = client.get(LIST_URL)

    assert len(response.context["page_obj"].object_list) == min(count, 30)


# Opening one, marking all read


def test_opening_marks_read_and_goes_to_the_idea(client, idea, user):
    notification = notify(user, idea)
    client.force_login(user)

    response = client.get(f"/notifications/{notification.pk}/open/")

    assertRedirects(response, idea.get_absolute_url(), fetch_redirect_response=False)
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    ("kind", "data", "suffix"),
    [
        (EventKind.OFFICIAL_RESPONSE, {"excerpt": "Yes", "comment_id": 42}, "#comment-42"),
        (EventKind.MERGED, {"into_title": "Bigger", "into_path": "/ideas/9-bigger/"}, None),
    ],
)
def test_opening_goes_where_the_event_points(client, idea, user, kind, data, suffix):
    notification = notify(user, idea, kind=kind, data=data)
    client.force_login(user)

    response = client.get(f"/notifications/{notification.pk}/open/")

    expected = idea.get_absolute_url() + suffix if suffix else "/ideas/9-bigger/"
    assert response.status_code == 302
    assert response["Location"] == expected


def test_opening_never_leaves_the_site(client, idea, user):
    notification = notify(
        user, idea, kind=EventKind.MERGED, data={"into_path": "https://evil.example/x"}
    )
    client.force_login(user)

    response = client.get(f"/notifications/{notification.pk}/open/")

    assert response["Location"] == idea.get_absolute_url()


def test_opening_an_already_read_one_keeps_when_it_was_read(client, idea, user):
    notification = notify(user, idea, read=True)
    read_at = notification.read_at
    client.force_login(user)

    client.get(f"/notifications/{notification.pk}/open/")

    notification.refresh_from_db()
    assert notification.read_at == read_at


def test_someone_elses_notification_is_not_found(client, idea, user):
    theirs = notify(UserFactory(), idea)
    client.force_login(user)

    response = client.get(f"/notifications/{theirs.pk}/open/")
    missing = client.get(f"/notifications/{theirs.pk + 1000}/open/")

    assert response.status_code == 404
    assert missing.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_needs_a_login(client, idea, user):
    notification = notify(user, idea)

    response = client.get(f"/notifications/{notification.pk}/open/")

    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read_marks_only_the_viewers(client, idea, user):
    mine = [notify(user, idea) for _ in range(3)]
    theirs = notify(UserFactory(), idea)
    client.force_login(user)

    response = client.post("/notifications/read/", follow=True)

    assertRedirects(response, LIST_URL)
    assertContains(response, "All your notifications are marked as read.")
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assertNotContains(response, "bell-count")


def test_mark_all_as_read_is_post_only(client, idea, user):
    notify(user, idea)
    client.force_login(user)

    assert client.get("/notifications/read/").status_code == 405
    assert Notification.objects.filter(read_at=None).count() == 1


def test_mark_read_service_ignores_other_peoples_ids(idea, user):
    mine, theirs = notify(user, idea), notify(UserFactory(), idea)

    changed = mark_read(user=user, notification_ids=[mine.pk, theirs.pk])

    assert changed == 1
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert mark_read(user=user, notification_ids=[]) == 0
    with pytest.raises(TypeError):
        mark_read(user=user, notification_ids=[mine.pk], all_unread=True)
