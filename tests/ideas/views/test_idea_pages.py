"""The idea page (/ideas/<id>-<slug>/) and its POST-only actions: vote, comment, status."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from brands.models import Role
from ideas import services
from ideas.models import Comment, StatusChange, Vote
from tests.factories import (
    BrandFactory,
    CommentFactory,
    IdeaFactory,
    UserFactory,
    image_upload,
    make_challenge,
    make_member,
)

JSON = {"HTTP_ACCEPT": "application/json"}
CLOSED = {"opens_in": timedelta(days=-10), "closes_in": timedelta(days=-1)}
UPCOMING = {"opens_in": timedelta(days=1), "closes_in": timedelta(days=10)}


def vote_url(idea):
    return reverse("ideas:vote", args=[idea.pk])


def comment_url(idea):
    return reverse("ideas:comment", args=[idea.pk])


def status_url(idea):
    return reverse("ideas:change_status", args=[idea.pk])


def login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?next={next_url}"


# The page


def test_idea_page_shows_everything_about_the_idea(
    client, challenge, manager, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        idea = services.submit_idea(
            author=UserFactory(display_name="Grace H."),
            challenge=challenge,
            title="Glass jar deposit",
            body="Return jars for **credit**.",
            tags=["zero waste"],
            images=[image_upload("jar.png")],
        )
    services.change_status(idea=idea, actor=manager, to_status="under_review", note="Reading.")
    services.add_comment(idea=idea, author=UserFactory(display_name="Bilal"), body="Yes *please*")
    services.add_comment(idea=idea, author=manager, body="We are on it.")

    response = client.get(idea.get_absolute_url())

    assertContains(response, "<h1>Glass jar deposit</h1>", html=True)
    assertContains(response, "<strong>credit</strong>")
    assertContains(response, "by Grace H.")
    assertContains(response, f'href="{challenge.url}?tag=zero-waste"')
    assertContains(response, idea.images.get().thumbnail.url)
    assertContains(response, "<blockquote>Reading.</blockquote>", html=True)
    assertContains(response, "<em>please</em>")
    assertContains(response, "2 comments")
    assertContains(response, f"Official response · {challenge.brand.name}")
    assertContains(response, '<span class="vote-count" data-vote-count>1</span>', html=True)
    assertContains(response, login_url(idea.get_absolute_url()))
    assertNotContains(response, "Staff: move this idea")


def test_a_placeholder_stands_in_for_a_thumbnail_until_it_is_made(client, challenge):
    idea = services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title="Glass jar deposit",
        body="Return jars for credit.",
        images=[image_upload("jar.png")],
    )
    image = idea.images.get()
    placeholder = '<span class="thumb-pending">Preparing image…</span>'
    card_placeholder = (
        '<span class="idea-thumb thumb-pending" aria-hidden="true">Preparing image…</span>'
    )

    page, board = client.get(idea.get_absolute_url()), client.get(challenge.url)

    assertContains(page, f'<a href="{image.image.url}">{placeholder}</a>', html=True)
    assertNotContains(page, "-thumb.")
    assertContains(board, card_placeholder, html=True)

    services.make_thumbnail(image_id=image.pk)
    image.refresh_from_db()
    page, board = client.get(idea.get_absolute_url()), client.get(challenge.url)

    assertContains(
        page,
        f'<a href="{image.image.url}"><img src="{image.thumbnail.url}" alt="Glass jar deposit"'
        ' loading="lazy"></a>',
        html=True,
    )
    assertNotContains(page, "Preparing image")
    assertContains(board, f'<img class="idea-thumb" src="{image.thumbnail.url}"')
    assertNotContains(board, "Preparing image")


def test_unknown_idea_is_404(client, db):
    assert client.get("/ideas/4242-nothing-here/").status_code == 404


@pytest.mark.parametrize("state", ["private", "draft-challenge", "unpublished-challenge"])
def test_ideas_that_are_not_visible_are_404(client, brand, state):
    if state == "private":
        idea = IdeaFactory(challenge=make_challenge(brand), is_public=False)
    elif state == "draft-challenge":
        idea = IdeaFactory(challenge=make_challenge(brand, live=False))
    else:
        idea = IdeaFactory(challenge=make_challenge(brand))
        idea.challenge.unpublish()

    assert client.get(idea.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(idea.get_absolute_url()).status_code == 404
    assert client.post(vote_url(idea), JSON).status_code == 404


def test_an_outdated_slug_redirects_to_the_canonical_url(client, idea):
    response = client.get(f"/ideas/{idea.pk}-old-title/?cpage=1")

    assertRedirects(response, idea.get_absolute_url(), status_code=301)


@pytest.mark.parametrize(
    "title, slug",
    [("Café crème glacée", "cafe-creme-glacee"), ("🌱🌱🌱🌱🌱", "idea"), ("x" * 150, "x" * 80)],
)
def test_every_title_gets_a_working_canonical_url(client, challenge, customer, title, slug):
    idea = services.submit_idea(
        author=customer, challenge=challenge, title=title, body="Any description."
    )

    assert idea.get_absolute_url() == f"/ideas/{idea.pk}-{slug}/"
    assertContains(client.get(idea.get_absolute_url()), escape(title))


@pytest.mark.parametrize("url", [vote_url, comment_url, status_url])
def test_actions_refuse_get(client, idea, url):
    client.force_login(make_member(idea.brand, Role.OWNER))

    assert client.get(url(idea)).status_code == 405


def test_voters_see_their_support_and_the_voting_closed_notice(client, brand, customer):
    open_idea = IdeaFactory(challenge=make_challenge(brand, title="Open one"))
    closed_idea = IdeaFactory(challenge=make_challenge(brand, title="Closed one", **CLOSED))
    services.cast_vote(user=customer, idea=open_idea)
    client.force_login(customer)

    response = client.get(open_idea.get_absolute_url())
    assertContains(response, 'aria-pressed="true"')
    assertContains(response, '<input type="hidden" name="action" value="remove">', html=True)
    assertNotContains(response, "Voting is closed for this challenge.")

    response = client.get(closed_idea.get_absolute_url())
    assertNotContains(response, "data-vote-form")
    assertContains(response, 'class="vote-button static"')
    assertContains(response, "Voting is closed for this challenge.")


def test_comment_threads_are_paginated(client, idea):
    for n in range(52):
        CommentFactory(idea=idea, body=f"Comment number {n}")

    first = client.get(idea.get_absolute_url())
    second = client.get(idea.get_absolute_url(), {"cpage": 2})

    assertContains(first, "Comment number 49")
    assertNotContains(first, "Comment number 50")
    assertContains(first, "?cpage=2")
    assertContains(second, "Comment number 51")
    assertNotContains(second, "Comment number 0<")


# Vote


def test_anonymous_vote_redirects_to_login(client, idea):
    response = client.post(vote_url(idea))

    assertRedirects(response, login_url(idea.get_absolute_url()), fetch_redirect_response=False)
    assert Vote.objects.count() == 1


def test_anonymous_json_vote_is_401(client, idea):
    response = client.post(vote_url(idea), **JSON)

    assert response.status_code == 401
    assert response.json() == {"error": {"message": "Log in to support ideas."}}


def test_vote_and_withdraw_redirect_back(client, idea, customer):
    client.force_login(customer)

    response = client.post(vote_url(idea), {"action": "add", "next": idea.challenge.url})
    assertRedirects(response, idea.challenge.url, fetch_redirect_response=False)
    idea.refresh_from_db()
    assert idea.vote_count == 2

    response = client.post(vote_url(idea), {"action": "remove"})
    assertRedirects(response, idea.get_absolute_url(), fetch_redirect_response=False)
    idea.refresh_from_db()
    assert idea.vote_count == 1


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "http:/x"]
)
def test_vote_never_redirects_off_site(client, idea, customer, target):
    client.force_login(customer)

    response = client.post(vote_url(idea), {"action": "add", "next": target})

    assertRedirects(response, idea.get_absolute_url(), fetch_redirect_response=False)


def test_vote_answers_json_when_asked(client, idea, customer):
    client.force_login(customer)

    added = client.post(vote_url(idea), {"action": "add"}, **JSON)
    again = client.post(vote_url(idea), {"action": "add"}, **JSON)
    removed = client.post(vote_url(idea), {"action": "remove"}, **JSON)

    assert (added.status_code, added.json()) == (200, {"vote_count": 2, "voted": True})
    assert again.json() == {"vote_count": 2, "voted": True}
    assert removed.json() == {"vote_count": 1, "voted": False}
    assert Vote.objects.filter(idea=idea).count() == 1


def test_vote_query_counts_are_fixed(client, idea, customer, django_assert_num_queries):
    """Idea, session, user, then the vote's statements (see tests/api/test_votes.py)."""
    client.force_login(customer)
    with django_assert_num_queries(8):
        client.post(vote_url(idea), {"action": "add"}, **JSON)
    with django_assert_num_queries(6):
        client.post(vote_url(idea), {"action": "add"}, **JSON)
    with django_assert_num_queries(7):
        client.post(vote_url(idea), {"action": "remove"}, **JSON)


def test_vote_on_a_closed_challenge_is_refused(client, brand, customer):
    idea = IdeaFactory(challenge=make_challenge(brand, title="Closed", **CLOSED))
    client.force_login(customer)

    response = client.post(vote_url(idea), **JSON)
    assert response.status_code == 409
    assert response.json() == {"error": {"message": "Voting is closed for this challenge."}}

    response = client.post(vote_url(idea), follow=True)
    assertContains(response, "Voting is closed for this challenge.")
    assert response.redirect_chain == [(idea.get_absolute_url(), 302)]
    assert Vote.objects.filter(idea=idea).count() == 1


def test_vote_past_the_budget_is_refused_with_the_reason(client, brand, customer):
    budgeted = make_challenge(brand, title="Pick one", vote_budget=1)
    first, second = IdeaFactory(challenge=budgeted), IdeaFactory(challenge=budgeted)
    services.cast_vote(user=customer, idea=first)
    client.force_login(customer)

    response = client.post(vote_url(second), **JSON)

    assert response.status_code == 409
    assert response.json()["error"]["message"].startswith("You have used your 1 vote")
    assert not Vote.objects.filter(user=customer, idea=second).exists()


# Comment


def test_anonymous_comment_redirects_to_login(client, idea):
    response = client.post(comment_url(idea), {"body": "Hello there"})

    assertRedirects(response, login_url(idea.get_absolute_url()), fetch_redirect_response=False)
    assert not Comment.objects.exists()


def test_comment_is_posted_and_shown(client, idea, customer):
    client.force_login(customer)

    response = client.post(comment_url(idea), {"body": "What about **deposits**?"}, follow=True)

    comment = Comment.objects.get()
    assert response.redirect_chain == [(f"{idea.get_absolute_url()}#comment-{comment.pk}", 302)]
    assertContains(response, "Your comment is posted.")
    assertContains(response, "<strong>deposits</strong>")
    assertContains(response, "1 comment")


def test_reply_through_the_form_joins_the_thread(client, idea, customer):
    top = services.add_comment(idea=idea, author=UserFactory(), body="Top")
    reply = services.add_comment(idea=idea, author=UserFactory(), body="Reply", parent=top)
    client.force_login(customer)

    client.post(comment_url(idea), {"body": "Reply to reply", "parent": reply.pk})

    assert Comment.objects.get(body="Reply to reply").parent == top


def test_reply_to_a_comment_of_another_idea_is_404(client, idea, customer):
    elsewhere = CommentFactory(idea=IdeaFactory(challenge=idea.challenge))
    client.force_login(customer)

    response = client.post(comment_url(idea), {"body": "Sneaky reply", "parent": elsewhere.pk})

    assert response.status_code == 404
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"body": "x"}, "Ensure this value has at least 2 characters (it has 1)."),
        ({"body": ""}, "This field is required."),
        ({"body": "Fine text", "parent": "abc"}, "Enter a whole number."),
    ],
)
def test_invalid_comment_is_refused_with_the_error(client, idea, customer, data, message):
    client.force_login(customer)

    as_json = client.post(comment_url(idea), data, **JSON)
    as_page = client.post(comment_url(idea), data, follow=True)

    assert as_json.status_code == 400
    assert as_json.json() == {"error": {"message": message}}
    assert as_page.redirect_chain == [(idea.get_absolute_url(), 302)]
    assertContains(as_page, escape(message))
    assert not Comment.objects.exists()


def test_comment_before_the_challenge_opens_is_refused(client, brand, customer):
    idea = IdeaFactory(challenge=make_challenge(brand, title="Soon", **UPCOMING))
    client.force_login(customer)

    response = client.post(comment_url(idea), {"body": "Too early"}, **JSON)

    assert response.status_code == 400
    assert response.json() == {"error": {"message": "Comments are not open for this challenge."}}
    assert not Comment.objects.exists()


# Status


STAFF_FORM = "Staff: move this idea"


@pytest.mark.parametrize(
    "who, sees_form",
    [
        ("anonymous", False),
        ("customer", False),
        ("author", False),
        ("moderator", False),
        ("manager-of-another-brand", False),
        ("manager", True),
        ("owner", True),
    ],
)
def test_status_form_is_shown_to_triagers_only(client, idea, who, sees_form):
    users = {
        "customer": UserFactory,
        "author": lambda: idea.author,
        "moderator": lambda: make_member(idea.brand, Role.MODERATOR),
        "manager-of-another-brand": lambda: make_member(BrandFactory(), Role.MANAGER),
        "manager": lambda: make_member(idea.brand, Role.MANAGER),
        "owner": lambda: make_member(idea.brand, Role.OWNER),
    }
    if who != "anonymous":
        client.force_login(users[who]())

    response = client.get(idea.get_absolute_url())

    assert (STAFF_FORM in response.content.decode()) is sees_form
    assert (status_url(idea) in response.content.decode()) is sees_form


def test_status_form_offers_only_allowed_transitions(client, idea, manager):
    client.force_login(manager)

    response = client.get(idea.get_absolute_url())

    options = response.context["status_form"].fields["to_status"].choices
    assert [value for value, _label in options] == [
        "under_review",
        "planned",
        "declined",
        "duplicate",
    ]
    assertNotContains(response, '<option value="shipped">')


@pytest.mark.parametrize("who", ["anonymous", "customer", "moderator", "other-brand-owner"])
def test_status_change_is_forbidden_to_others(client, idea, who):
    users = {
        "customer": UserFactory,
        "moderator": lambda: make_member(idea.brand, Role.MODERATOR),
        "other-brand-owner": lambda: make_member(BrandFactory(), Role.OWNER),
    }
    if who != "anonymous":
        client.force_login(users[who]())

    response = client.post(status_url(idea), {"to_status": "under_review"})

    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == "submitted"
    assert not StatusChange.objects.exists()


def test_manager_changes_the_status(client, idea, manager):
    client.force_login(manager)

    response = client.post(
        status_url(idea), {"to_status": "declined", "note": "Too costly."}, follow=True
    )

    assert response.redirect_chain == [(idea.get_absolute_url(), 302)]
    assertContains(response, "Status changed to “Declined”.")
    assertContains(response, "<blockquote>Too costly.</blockquote>", html=True)
    idea.refresh_from_db()
    assert idea.status == "declined"
    assert StatusChange.objects.get().changed_by == manager


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"to_status": "declined", "note": ""},
            "Explain publicly why the idea is declined: customers will read it.",
        ),
        ({"to_status": "shipped"}, "An idea cannot move from “Submitted” to “Shipped”."),
        ({"to_status": "launched"}, "Select a valid choice. launched is not one of the available"),
    ],
)
def test_invalid_status_change_is_refused_with_the_error(client, idea, manager, data, message):
    client.force_login(manager)

    as_json = client.post(status_url(idea), data, **JSON)
    as_page = client.post(status_url(idea), data, follow=True)

    assert as_json.status_code == 400
    assert as_json.json()["error"]["message"].startswith(message)
    assertContains(as_page, escape(message))
    idea.refresh_from_db()
    assert idea.status == "submitted"
    assert not StatusChange.objects.exists()


# Query counts: fixed whatever the number of comments, replies, images, tags and votes.

# +1 for the public merge log; managers +1 for the staff-owner choices.
# Logged-in viewers pay one query for their follow state (notifications.selectors.follow_of)
# and one for the header's unread count (notifications.context_processors).
IDEA_PAGE_QUERIES = {"anonymous": 9, "customer": 15, "manager": 16}


def grow_discussion(idea, staff, threads: int) -> None:
    for n in range(threads):
        top = services.add_comment(idea=idea, author=UserFactory(), body=f"Thread {n}")
        services.add_comment(idea=idea, author=UserFactory(), body="A reply", parent=top)
        services.add_comment(idea=idea, author=staff, body="Official reply", parent=top)
        services.cast_vote(user=UserFactory(), idea=idea)


def idea_page_queries(client, idea, django_assert_max_num_queries, bound: int) -> int:
    client.get(idea.get_absolute_url())  # warms Wagtail's site root cache
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(idea.get_absolute_url())
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("who", IDEA_PAGE_QUERIES)
def test_idea_page_uses_a_fixed_number_of_queries(
    client, challenge, manager, who, django_assert_max_num_queries
):
    viewer = {"anonymous": None, "customer": UserFactory(), "manager": manager}[who]
    if viewer:
        client.force_login(viewer)

    def idea_with(n: int, images: int, tags: int):
        idea = services.submit_idea(
            author=UserFactory(),
            challenge=challenge,
            title=f"An idea with {n} threads",
            body="Lots to say about this.",
            tags=[f"tag {t}" for t in range(tags)],
            images=[image_upload(f"{i}.png") for i in range(images)],
        )
        grow_discussion(idea, manager, threads=n)
        for status in ["under_review", "planned", "in_progress", "shipped"][: n // 10 + 1]:
            services.change_status(idea=idea, actor=manager, to_status=status, note="Moving on.")
        return idea

    small = idea_with(1, images=1, tags=1)
    large = idea_with(40, images=5, tags=8)
    bound = IDEA_PAGE_QUERIES[who]

    small_queries = idea_page_queries(client, small, django_assert_max_num_queries, bound)
    large_queries = idea_page_queries(client, large, django_assert_max_num_queries, bound)

    assert Comment.objects.filter(idea=large).count() == 120
    assert small_queries == large_queries == bound
