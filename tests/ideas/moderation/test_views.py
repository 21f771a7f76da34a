"""Report buttons (/ideas/<pk>/flag/, /ideas/comments/<pk>/flag/) and /staff/<brand>/moderation/."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from brands.models import Role
from ideas import services
from ideas.models import Comment, Flag, Idea, Moderation
from tests.factories import BrandFactory, CommentFactory, IdeaFactory, UserFactory, make_member


def queue_url(brand, **query) -> str:
    url = reverse("staff:moderation_queue", args=[brand.slug])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def act_url(brand) -> str:
    return reverse("staff:moderate", args=[brand.slug])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# Reporting


def test_member_reports_an_idea(client, idea):
    reporter = UserFactory()
    client.force_login(reporter)

    response = client.post(
        reverse("ideas:flag", args=[idea.pk]), {"reason": "This is spam."}, follow=True
    )

    assertRedirects(response, idea.get_absolute_url())
    assert messages_of(response) == ["Thank you. The moderators will look at your report."]
    assert Flag.objects.get().reporter == reporter

    again = client.post(reverse("ideas:flag", args=[idea.pk]), {"reason": "Spam!!"}, follow=True)

    assert "You have already reported this" in messages_of(again)[0]
    assert Flag.objects.count() == 1


def test_report_with_a_too_short_reason_is_refused(client, idea):
    client.force_login(UserFactory())

    response = client.post(reverse("ideas:flag", args=[idea.pk]), {"reason": "bad"}, follow=True)

    assert "5 to 1000 characters" in messages_of(response)[0]
    assert not Flag.objects.exists()


def test_member_reports_a_comment(client, idea):
    comment = CommentFactory(idea=idea)
    client.force_login(UserFactory())

    response = client.post(
        reverse("ideas:flag_comment", args=[comment.pk]), {"reason": "Rude words"}
    )

    assertRedirects(
        response, f"{idea.get_absolute_url()}#comment-{comment.pk}", fetch_redirect_response=False
    )
    assert Flag.objects.get().comment == comment


def test_anonymous_report_goes_to_login(client, idea):
    comment = CommentFactory(idea=idea)

    for url in (
        reverse("ideas:flag", args=[idea.pk]),
        reverse("ideas:flag_comment", args=[comment.pk]),
    ):
        response = client.post(url, {"reason": "This is spam."})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not Flag.objects.exists()


def test_reports_on_invisible_content_are_404(client, idea, moderator):
    hidden_comment = CommentFactory(idea=idea)
    Idea.objects.filter(pk=idea.pk).update(comment_count=1)
    services.hide_comment(moderator=moderator, comment=hidden_comment, reason="Rude.")
    private = IdeaFactory(challenge=idea.challenge, is_public=False)
    client.force_login(UserFactory())

    assert (
        client.post(reverse("ideas:flag", args=[private.pk]), {"reason": "Spam!!"}).status_code
        == 404
    )
    assert (
        client.post(
            reverse("ideas:flag_comment", args=[hidden_comment.pk]), {"reason": "Spam!!"}
        ).status_code
        == 404
    )
    assert client.get(reverse("ideas:flag", args=[idea.pk])).status_code == 405


# The queue: who may open it


@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER, Role.MODERATOR])
def test_brand_staff_open_the_queue(client, brand, role):
    client.force_login(make_member(brand, role))

    assert client.get(queue_url(brand)).status_code == 200
    assert client.get(queue_url(brand, tab="hidden")).status_code == 200


@pytest.mark.parametrize("who", ["customer", "foreign owner", "foreign moderator"])
def test_others_are_refused_the_queue(client, brand, who):
    users = {
        "customer": lambda: UserFactory(),
        "foreign owner": lambda: make_member(BrandFactory(), Role.OWNER),
        "foreign moderator": lambda: make_member(BrandFactory(), Role.MODERATOR),
    }
    client.force_login(users[who]())

    assert client.get(queue_url(brand)).status_code == 403
    assert client.post(act_url(brand), {"action": "approve_idea", "target": 1}).status_code == 403


def test_anonymous_is_sent_to_login(client, brand):
    response = client.get(queue_url(brand))

    assertRedirects(
        response,
        f"{reverse('account_login')}?next={queue_url(brand)}",
        fetch_redirect_response=False,
    )
    assert client.post(act_url(brand), {"action": "approve_idea", "target": 1}).status_code == 302


def test_unknown_brand_is_404(client, moderator):
    client.force_login(moderator)

    assert client.get("/staff/no-such-brand/moderation/").status_code == 404


# The queue: what it shows and does


@pytest.fixture
def pending_idea(brand, challenge):
    brand.moderation_mode = "pre"
    brand.save()
    challenge.brand.refresh_from_db()
    return services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title="Pending refill",
        body="Waiting for a look.",
    )


def test_queue_lists_pending_ideas_and_grouped_reports(
    client, brand, idea, moderator, pending_idea
):
    comment = CommentFactory(idea=idea, body="Some rude words")
    services.flag_idea(reporter=UserFactory(), idea=idea, reason="Looks like spam")
    services.flag_idea(reporter=UserFactory(), idea=idea, reason="Advertising a shop")
    services.flag_comment(reporter=UserFactory(), comment=comment, reason="Insulting people")
    foreign_idea = IdeaFactory(title="Foreign idea")
    services.flag_idea(reporter=UserFactory(), idea=foreign_idea, reason="Foreign report")
    client.force_login(moderator)

    response = client.get(queue_url(brand))

    assert list(response.context["pending"]) == [pending_idea]
    items = list(response.context["flagged"])
    assert [(item.idea, item.comment, item.count) for item in items] == [
        (idea, None, 2),
        (None, comment, 1),
    ]
    assert items[0].reasons == ["Looks like spam", "Advertising a shop"]
    assertContains(response, "Pending refill")
    assertContains(response, "2 reports")
    assertContains(response, "Insulting people")
    assertNotContains(response, "Foreign report")


def test_approve_hide_restore_and_dismiss_from_the_queue(
    client, brand, idea, moderator, pending_idea
):
    comment = CommentFactory(idea=idea)
    Idea.objects.filter(pk=idea.pk).update(comment_count=1)
    flag = services.flag_comment(reporter=UserFactory(), comment=comment, reason="Rude words")
    client.force_login(moderator)

    def act(action, target, reason=""):
        return client.post(
            act_url(brand), {"action": action, "target": target, "reason": reason}, follow=True
        )

    response = act("approve_idea", pending_idea.pk)
    assertRedirects(response, queue_url(brand))
    assert messages_of(response) == ["The idea is approved and public."]
    assert Idea.objects.get(pk=pending_idea.pk).is_public

    response = act("hide_idea", idea.pk)
    assert messages_of(response) == ["Give a reason: the author will read it."]
    assert Idea.objects.get(pk=idea.pk).is_public

    act("hide_idea", idea.pk, "Advertising.")
    assert Idea.objects.get(pk=idea.pk).moderation == Moderation.HIDDEN
    act("dismiss_flag", flag.pk)
    assert Flag.objects.get().resolved_by == moderator
    act("hide_comment", comment.pk, "Rude.")
    assert not Comment.objects.get(pk=comment.pk).is_public

    hidden_tab = client.get(queue_url(brand, tab="hidden"))
    assert list(hidden_tab.context["hidden_ideas"]) == [idea]
    assert list(hidden_tab.context["hidden_comments"]) == [comment]
    assertContains(hidden_tab, "Reason: Advertising.")

    act("restore_idea", idea.pk)
    act("restore_comment", comment.pk)
    stored = Idea.objects.get(pk=idea.pk)
    assert (stored.is_public, stored.comment_count) == (True, 1)

    response = act("restore_idea", idea.pk)
    assert messages_of(response) == ["This idea is not hidden."]


def test_queue_cannot_touch_another_brands_content(client, brand, moderator):
    foreign_idea = IdeaFactory(title="Foreign idea")
    client.force_login(moderator)

    response = client.post(
        act_url(brand), {"action": "hide_idea", "target": foreign_idea.pk, "reason": "No."}
    )

    assert response.status_code == 404
    assert Idea.objects.get(pk=foreign_idea.pk).is_public


def test_unknown_action_is_refused(client, brand, idea, moderator):
    client.force_login(moderator)

    response = client.post(act_url(brand), {"action": "delete", "target": idea.pk}, follow=True)

    assert messages_of(response) == ["Unknown moderation action."]


# Query counts


def fill(brand, challenge, moderator, n: int) -> None:
    for i in range(n):
        pending = IdeaFactory(challenge=challenge, is_public=False, moderation=Moderation.PENDING)
        flagged = IdeaFactory(challenge=challenge)
        comment = CommentFactory(idea=flagged)
        Idea.objects.filter(pk=flagged.pk).update(comment_count=2)
        services.flag_idea(reporter=UserFactory(), idea=flagged, reason=f"Spam number {i}")
        services.flag_comment(reporter=UserFactory(), comment=comment, reason=f"Rude number {i}")
        services.hide_idea(
            moderator=moderator, idea=IdeaFactory(challenge=challenge), reason="Advertising."
        )
        Idea.objects.filter(pk=pending.pk).update(comment_count=1)
        services.hide_comment(
            moderator=moderator, comment=CommentFactory(idea=pending), reason="Rude."
        )


@pytest.mark.parametrize("tab", ["queue", "hidden"])
def test_queue_query_count_stays_fixed(
    client, brand, challenge, moderator, django_assert_max_num_queries, tab
):
    client.force_login(moderator)
    url = queue_url(brand, tab=tab)
    fill(brand, challenge, moderator, 1)
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200

    fill(brand, challenge, moderator, 6)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(url)

    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    key = "pending" if tab == "queue" else "hidden_ideas"
    assert len(response.context[key]) == 7
