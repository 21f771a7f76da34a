"""Unsubscribe links from emails: no login, a signed token, nothing changes on GET."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from notifications.models import EmailChoice, EventKind, NotificationSetting
from notifications.services.preferences import Choice, choices_for, save_choices
from notifications.tokens import unsubscribe_token

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


def url_for(user_id: int, kind: str | None = EventKind.STATUS_CHANGED) -> str:
    return reverse(
        "notifications:unsubscribe",
        kwargs={"token": unsubscribe_token(user_id=user_id, kind=kind)},
    )


def emails(user) -> dict[str, str]:
    return {kind: choice.email for kind, choice in choices_for(user=user).items()}


@pytest.fixture
def strict_client():
    """A mail client or a browser without the site's cookies: CSRF checks are on."""
    return Client(enforce_csrf_checks=True)


def test_get_only_asks_and_changes_nothing(strict_client, user):
    url = url_for(user.pk)

    response = strict_client.get(url)
    strict_client.head(url)

    assert response.status_code == 200
    assertContains(response, "Stop emails about status changes?")
    assertContains(response, 'name="scope" value="kind"')
    assertContains(response, "Stop all emails from Cocreate")
    assertContains(response, '<meta name="robots" content="noindex">', html=True)
    assert not NotificationSetting.objects.exists()


def test_get_of_an_all_kinds_link_asks_about_all_emails(strict_client, user):
    response = strict_client.get(url_for(user.pk, kind=None))

    assertContains(response, "Stop all emails from Cocreate?")
    assertNotContains(response, 'value="kind"')


def test_button_stops_that_kind_only_without_login_or_csrf(strict_client, user):
    response = strict_client.post(url_for(user.pk), {"scope": "kind"})

    assert response.status_code == 200
    assertContains(response, "You will get no more emails about status changes.")
    assertContains(response, 'href="/notifications/settings/"')
    assert emails(user) == {
        EventKind.STATUS_CHANGED: EmailChoice.NEVER,
        EventKind.OFFICIAL_RESPONSE: EmailChoice.IMMEDIATELY,
        EventKind.MERGED: EmailChoice.IMMEDIATELY,
    }


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart"])
def test_one_click_post_from_a_mail_client(strict_client, user, content_type):
    url = url_for(user.pk, kind=EventKind.OFFICIAL_RESPONSE)
    if content_type == "multipart":
        response = strict_client.post(url, {"List-Unsubscribe": "One-Click"})
    else:
        response = strict_client.post(url, ONE_CLICK, content_type=content_type)

    assert response.status_code == 200
    assertContains(response, "no more emails about official responses from the brand")
    assert emails(user)[EventKind.OFFICIAL_RESPONSE] == EmailChoice.NEVER
    assert emails(user)[EventKind.STATUS_CHANGED] == EmailChoice.IMMEDIATELY


def test_one_click_post_of_an_all_kinds_link_stops_everything(strict_client, user):
    url = url_for(user.pk, kind=None)

    response = strict_client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")

    assertContains(response, "You will get no more emails from Cocreate.")
    assert set(emails(user).values()) == {EmailChoice.NEVER}


def test_scope_all_stops_every_kind_and_keeps_the_site_choices(strict_client, user):
    save_choices(user=user, choices={EventKind.MERGED: Choice(False, EmailChoice.DAILY)})

    response = strict_client.post(url_for(user.pk), {"scope": "all"})

    assertContains(response, "You will get no more emails from Cocreate.")
    assert set(emails(user).values()) == {EmailChoice.NEVER}
    assert choices_for(user=user)[EventKind.MERGED].on_site is False
    assert choices_for(user=user)[EventKind.STATUS_CHANGED].on_site is True


def test_it_only_touches_the_person_of_the_token(strict_client, user):
    other = type(user).objects.create(username="other", email="other@example.com")

    strict_client.post(url_for(user.pk), {"scope": "all"})

    assert not NotificationSetting.objects.filter(user=other).exists()


def forged_tokens(user_id: int) -> list[str]:
    real = unsubscribe_token(user_id=user_id, kind=EventKind.STATUS_CHANGED)
    payload, signature = real.rsplit(":", 1)
    other_salt = signing.Signer(salt="something.else").sign_object([user_id, "status_changed"])
    bad_content = signing.Signer(salt="notifications.unsubscribe").sign_object(
        [str(user_id), "weekly"]
    )
    return [
        "not-a-token",
        f"{payload}:{signature[:-2]}xx",
        signing.Signer(salt="notifications.unsubscribe").sign_object([user_id + 1, "all"])[:-1],
        other_salt,
        bad_content,
    ]


@pytest.mark.parametrize("index", range(5))
def test_a_forged_token_is_refused_clearly(strict_client, user, index):
    url = reverse("notifications:unsubscribe", kwargs={"token": forged_tokens(user.pk)[index]})

    asked = strict_client.get(url)
    posted = strict_client.post(url, {"scope": "all"})

    for response in (asked, posted):
        assert response.status_code == 400
        assertContains(response, "This unsubscribe link does not work", status_code=400)
        assertContains(response, "Nothing was changed.", status_code=400)
    assert not NotificationSetting.objects.exists()


def test_a_valid_token_for_a_deleted_account_is_not_found(strict_client, db):
    url = url_for(987654)

    asked = strict_client.get(url)
    posted = strict_client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")

    for response in (asked, posted):
        assertContains(response, "This account no longer exists", status_code=404)
    assert not NotificationSetting.objects.exists()


def test_other_methods_are_refused(strict_client, user):
    response = strict_client.put(url_for(user.pk))

    assert response.status_code == 405
    assert not NotificationSetting.objects.exists()
