"""The idea form at ``<challenge url>/submit/``: every rule comes from ``submit_idea``."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertRedirects

from ideas.models import Idea, IdeaImage
from tests.factories import image_upload, make_challenge

CLOSED = {"opens_in": timedelta(days=-10), "closes_in": timedelta(days=-1)}
UPCOMING = {"opens_in": timedelta(days=1), "closes_in": timedelta(days=10)}
VALID = {
    "title": "Refill stations in every shop",
    "body": "Bring your own jars and **save** packaging.",
    "tags": "Refill, zero waste, ,refill",
}


def submit_url(challenge) -> str:
    return f"{challenge.url}submit/"


def test_anonymous_visitors_are_sent_to_login(client, challenge):
    for response in (client.get(submit_url(challenge)), client.post(submit_url(challenge), VALID)):
        assertRedirects(
            response,
            f"{reverse('account_login')}?next={submit_url(challenge)}",
            fetch_redirect_response=False,
        )
    assert not Idea.objects.exists()


def test_form_is_shown_while_the_challenge_is_open(client, challenge, customer):
    client.force_login(customer)

    response = client.get(submit_url(challenge))

    assertContains(response, "Share your idea")
    assertContains(response, 'enctype="multipart/form-data"')
    assertContains(response, 'name="images"')


@pytest.mark.parametrize("phase", [CLOSED, UPCOMING], ids=["closed", "upcoming"])
def test_form_of_a_challenge_not_open_redirects_with_a_message(client, brand, customer, phase):
    challenge = make_challenge(brand, title="Not open", **phase)
    client.force_login(customer)

    response = client.get(submit_url(challenge), follow=True)

    assert response.redirect_chain == [(challenge.url, 302)]
    assertContains(response, "This challenge is not accepting ideas: it is closed or not open yet.")


def test_posting_to_a_closed_challenge_is_refused_on_the_form(client, brand, customer):
    challenge = make_challenge(brand, title="Closed", **CLOSED)
    client.force_login(customer)

    response = client.post(submit_url(challenge), VALID)

    assertContains(response, "This challenge is not accepting ideas", status_code=400)
    assert not Idea.objects.exists()


def test_submit_with_images_creates_the_idea(
    client, challenge, customer, stored_files, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(customer)
    data = VALID | {"images": [image_upload("one.png"), image_upload("two.jpg", fmt="JPEG")]}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(challenge), data, follow=True)
        assertContains(response, "Preparing image…", count=2)
        assert len(stored_files()) == 2

    idea = Idea.objects.get()
    assert response.redirect_chain == [(idea.get_absolute_url(), 302)]
    assertContains(response, "Your idea is live. Share it to gather support!")
    assert (idea.author, idea.challenge, idea.vote_count) == (customer, challenge, 1)
    assert sorted(idea.tags.names()) == ["refill", "zero waste"]
    assert IdeaImage.objects.filter(idea=idea).count() == 2
    assert len(stored_files()) == 4
    assertContains(client.get(idea.get_absolute_url()), idea.images.first().thumbnail.url)


@pytest.mark.parametrize(
    "data, field_error",
    [
        (VALID | {"title": "Jar"}, "Ensure this value has at least 5 characters (it has 3)."),
        ({"title": VALID["title"]}, "This field is required."),
        (VALID | {"body": "x" * 10_001}, "Ensure this value has at most 10000 characters"),
        (VALID | {"tags": ",".join(f"t{n}" for n in range(9))}, "Use at most 8 tags."),
    ],
    ids=["short-title", "missing-body", "long-body", "too-many-tags"],
)
def test_invalid_form_is_400_with_the_error(client, challenge, customer, data, field_error):
    client.force_login(customer)

    response = client.post(submit_url(challenge), data)

    assertContains(response, escape(field_error), status_code=400)
    assertContains(response, 'class="field has-error"', status_code=400)
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    "images, error",
    [
        (
            [image_upload("ok.png"), image_upload("photo.jpg", content=b"<html></html>")],
            "photo.jpg is not an image we can read (JPEG, PNG, WebP or GIF).",
        ),
        ([image_upload(f"{n}.png") for n in range(6)], "Attach at most 5 images."),
    ],
    ids=["not-an-image", "six-images"],
)
def test_refused_images_are_400_and_store_nothing(
    client, challenge, customer, stored_files, images, error
):
    client.force_login(customer)

    response = client.post(submit_url(challenge), VALID | {"images": images})

    assertContains(response, escape(error), status_code=400)
    assert not Idea.objects.exists()
    assert stored_files() == []


def test_submit_page_of_an_unpublished_challenge_is_404(client, brand, customer):
    draft = make_challenge(brand, title="Draft", live=False)
    client.force_login(customer)

    assert client.get(f"{draft.get_url_parts()[2]}submit/").status_code == 404
