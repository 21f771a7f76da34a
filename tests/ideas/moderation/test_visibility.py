"""Hidden and pending content disappears from lists, search and counts; authors see why."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from ideas import services
from ideas.models import Idea
from tests.factories import UserFactory


@pytest.fixture
def ideas(challenge, moderator):
    """A visible idea, a hidden one and (after switching to pre-moderation) a pending one."""
    author = UserFactory(display_name="Ada")
    visible = services.submit_idea(
        author=UserFactory(), challenge=challenge, title="Visible refill", body="Bring jars along."
    )
    hidden = services.submit_idea(
        author=author, challenge=challenge, title="Hidden refill", body="Buy my product now!"
    )
    services.hide_idea(moderator=moderator, idea=hidden, reason="Advertising for a shop.")
    challenge.brand.moderation_mode = "pre"
    challenge.brand.save()
    challenge.brand.refresh_from_db()
    pending = services.submit_idea(
        author=author, challenge=challenge, title="Pending refill", body="Waiting for a look."
    )
    return {"visible": visible, "hidden": hidden, "pending": pending, "author": author}


def test_challenge_page_lists_and_counts_only_visible_ideas(client, challenge, ideas):
    response = client.get(challenge.url)

    assert [idea.title for idea in response.context["ideas"]] == ["Visible refill"]
    assertContains(response, "1 idea")
    assertNotContains(response, "Hidden refill")
    assertNotContains(response, "Pending refill")


def test_home_trending_and_open_challenge_count_skip_moderated_ideas(client, challenge, ideas):
    response = client.get("/")

    assert [idea.title for idea in response.context["trending_ideas"]] == ["Visible refill"]
    assert [c.idea_total for c in response.context["open_challenges"]] == [1]
    assertNotContains(response, "Hidden refill")
    assertNotContains(response, "Pending refill")


def test_brand_page_counts_only_visible_ideas(client, brand, challenge, ideas):
    response = client.get(brand.page.url)

    assert [c.idea_total for c in response.context["challenges"]] == [1]
    assertContains(response, "1 idea")


def test_search_finds_only_visible_ideas(client, ideas):
    from search.indexing import drain

    drain()
    response = client.get("/search/", {"q": "refill"})

    assert [hit.title for hit in response.context["results"].hits] == ["Visible refill"]


def test_others_cannot_open_hidden_or_pending_ideas(client, ideas):
    client.force_login(UserFactory())

    for key in ("hidden", "pending"):
        assert client.get(ideas[key].get_absolute_url()).status_code == 404
    assert client.get(ideas["visible"].get_absolute_url()).status_code == 200


def test_author_sees_why_the_idea_is_hidden_or_pending(client, ideas):
    client.force_login(ideas["author"])

    hidden = client.get(ideas["hidden"].get_absolute_url())
    pending = client.get(ideas["pending"].get_absolute_url())

    assertContains(hidden, "Hidden by a moderator: Advertising for a shop.")
    assertContains(pending, "Waiting for a moderator's approval")
    assertNotContains(client.get(ideas["visible"].get_absolute_url()), "Hidden by a moderator")


def test_staff_see_the_notice_too(client, ideas, moderator):
    client.force_login(moderator)

    assertContains(
        client.get(ideas["hidden"].get_absolute_url()),
        "Hidden by a moderator: Advertising for a shop.",
    )


def test_hidden_comment_shows_only_to_its_author_and_leaves_the_count(client, idea, moderator):
    author = UserFactory()
    services.add_comment(idea=idea, author=UserFactory(), body="A kind remark")
    rude = services.add_comment(idea=idea, author=author, body="A rude remark")
    services.hide_comment(moderator=moderator, comment=rude, reason="Be kind, please.")

    assert Idea.objects.get(pk=idea.pk).comment_count == 1
    for viewer in (None, UserFactory(), moderator):
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        response = client.get(idea.get_absolute_url())
        assertContains(response, "1 comment")
        assertContains(response, "A kind remark")
        assertNotContains(response, "A rude remark")

    client.force_login(author)
    response = client.get(idea.get_absolute_url())
    assertContains(response, "A rude remark")
    assertContains(response, "Hidden by a moderator: Be kind, please.")


def test_hidden_reply_is_hidden_too(client, idea, moderator):
    thread = services.add_comment(idea=idea, author=UserFactory(), body="A kind remark")
    reply = services.add_comment(idea=idea, author=UserFactory(), body="Rude reply", parent=thread)
    services.hide_comment(moderator=moderator, comment=reply, reason="Be kind, please.")

    response = client.get(idea.get_absolute_url())

    assertContains(response, "A kind remark")
    assertNotContains(response, "Rude reply")
    assertContains(response, "1 comment")


def test_submit_view_says_the_idea_awaits_approval(client, brand, challenge):
    brand.moderation_mode = "pre"
    brand.save()
    client.force_login(UserFactory())

    response = client.post(
        f"{challenge.url}submit/",
        {"title": "Refill station", "body": "Bring your own jars.", "tags": ""},
        follow=True,
    )

    assertContains(response, "awaits a moderator&#x27;s approval")
    idea = Idea.objects.get()
    assert response.redirect_chain[-1][0] == idea.get_absolute_url()
    assert not idea.is_public


def test_report_links_show_only_to_members(client, idea):
    services.add_comment(idea=idea, author=UserFactory(), body="A kind remark")
    flag_url = reverse("ideas:flag", args=[idea.pk])

    assertNotContains(client.get(idea.get_absolute_url()), flag_url)

    client.force_login(UserFactory())
    response = client.get(idea.get_absolute_url())
    assertContains(response, flag_url)
    assertContains(response, "/ideas/comments/")
