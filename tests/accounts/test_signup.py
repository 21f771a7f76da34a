"""Sign-up by email with a public name, login by email, logout by POST only."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

SIGNUP = {
    "email": "ines@example.org",
    "display_name": "  Inès M.  ",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def test_signup_page_asks_for_a_public_name(client, db):
    response = client.get(reverse("account_signup"))

    assertContains(response, 'name="display_name"')
    assertContains(response, 'name="email"')
    assertContains(response, "Public name")


def test_signup_creates_the_account_and_logs_in(client, db):
    response = client.post(reverse("account_signup"), SIGNUP)

    assertRedirects(response, "/", fetch_redirect_response=False)
    user = User.objects.get()
    assert user.email == "ines@example.org"
    assert user.display_name == "Inès M."
    assert user.public_name == "Inès M."
    assert user.username.startswith("ines-")
    assert user.check_password(PASSWORD)
    assert int(logged_in_user_id(client)) == user.pk
    assert EmailAddress.objects.get(user=user).verified is False
    assert [message.to for message in mail.outbox] == [["ines@example.org"]]


def test_two_people_with_the_same_email_prefix_get_different_usernames(client, db):
    client.post(reverse("account_signup"), SIGNUP)
    client.post(reverse("account_logout"))
    client.post(reverse("account_signup"), SIGNUP | {"email": "ines@example.com"})

    assert len(set(User.objects.values_list("username", flat=True))) == 2


@pytest.mark.parametrize(
    "data, error",
    [
        (SIGNUP | {"display_name": ""}, "This field is required."),
        (SIGNUP | {"email": "not-an-email"}, "Enter a valid email address."),
        (SIGNUP | {"password2": "something-else-entirely"}, "You must type the same password"),
        (SIGNUP | {"password1": "123", "password2": "123"}, "This password is too short."),
    ],
    ids=["no-name", "bad-email", "passwords-differ", "weak-password"],
)
def test_invalid_signup_shows_the_error_and_creates_nothing(client, db, data, error):
    response = client.post(reverse("account_signup"), data)

    assertContains(response, error)
    assert not User.objects.exists()
    assert logged_in_user_id(client) is None


def test_an_email_cannot_sign_up_twice(client, db):
    UserFactory(email="ines@example.org")
    EmailAddress.objects.create(
        user=User.objects.get(), email="ines@example.org", verified=True, primary=True
    )

    response = client.post(reverse("account_signup"), SIGNUP)

    assertContains(response, "A user is already registered with this email address.")
    assert User.objects.count() == 1


def test_login_by_email_and_logout_by_post_only(client, db):
    user = UserFactory(email="grace@example.org")

    refused = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    assertContains(refused, "The email address and/or password you specified are not correct.")
    assert logged_in_user_id(client) is None

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assertRedirects(response, "/", fetch_redirect_response=False)
    assert int(logged_in_user_id(client)) == user.pk

    page = client.get(reverse("account_logout"))
    assert page.status_code == 200
    assert int(logged_in_user_id(client)) == user.pk

    response = client.post(reverse("account_logout"))
    assertRedirects(response, "/", fetch_redirect_response=False)
    assert logged_in_user_id(client) is None


def test_login_redirects_to_next(client, idea):
    user = UserFactory()
    next_url = idea.get_absolute_url()

    response = client.post(
        f"{reverse('account_login')}?next={next_url}",
        {"login": user.email, "password": PASSWORD},
    )

    assertRedirects(response, next_url, fetch_redirect_response=False)


def test_profile_changes_the_public_name(client, db):
    user = UserFactory(display_name="Old name")
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"display_name": "New name"}, follow=True)

    assertContains(response, "Your profile was saved.")
    user.refresh_from_db()
    assert user.display_name == "New name"


def test_profile_needs_login(client, db):
    response = client.get(reverse("accounts:profile"))

    assertRedirects(
        response,
        f"{reverse('account_login')}?next={reverse('accounts:profile')}",
        fetch_redirect_response=False,
    )
