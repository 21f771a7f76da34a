"""The notification settings page: one row per kind of event, saved in one form."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertRedirects

from notifications.models import EmailChoice, EventKind, NotificationSetting
from notifications.services.preferences import Choice, choices_for, save_choices

pytestmark = pytest.mark.django_db

URL = "/notifications/settings/"


def form_data(**overrides) -> dict:
    """Every kind on the site with immediate emails, then ``overrides`` (None drops a field)."""
    data = {}
    for kind in EventKind.values:
        data[f"{kind}-on_site"] = "on"
        data[f"{kind}-email"] = EmailChoice.IMMEDIATELY
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_page_lists_every_kind_with_the_defaults(client, user, settings):
    settings.DIGEST_HOUR = 18
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 200
    for kind, label in EventKind.choices:
        assertContains(response, f'<th scope="row">{label}</th>', html=True)
        assertContains(response, f'name="{kind}-on_site"')
        assertContains(response, f'name="{kind}-email"')
    assertContains(response, "checked", count=len(EventKind.values))
    assertContains(response, '<option value="immediately" selected>', count=len(EventKind.values))
    assertContains(response, "In a daily digest")
    assertContains(response, "at about 18:00, Europe/Paris time")


def test_page_shows_saved_choices(client, user):
    save_choices(
        user=user, choices={EventKind.MERGED: Choice(on_site=False, email=EmailChoice.DAILY)}
    )
    client.force_login(user)

    response = client.get(URL)

    form = response.context["form"]
    assert form[f"{EventKind.MERGED}-on_site"].value() is False
    assert form[f"{EventKind.MERGED}-email"].value() == EmailChoice.DAILY
    assertContains(response, '<option value="daily" selected>', count=1)


def test_saving_stores_every_row_and_says_so(client, user):
    client.force_login(user)

    response = client.post(
        URL,
        form_data(
            **{
                f"{EventKind.STATUS_CHANGED}-email": EmailChoice.DAILY,
                f"{EventKind.MERGED}-on_site": None,
                f"{EventKind.MERGED}-email": EmailChoice.NEVER,
            }
        ),
        follow=True,
    )

    assertRedirects(response, URL)
    assertContains(response, "Your notification settings were saved.")
    assert choices_for(user=user) == {
        EventKind.STATUS_CHANGED: Choice(True, EmailChoice.DAILY),
        EventKind.OFFICIAL_RESPONSE: Choice(True, EmailChoice.IMMEDIATELY),
        EventKind.MERGED: Choice(False, EmailChoice.NEVER),
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (f"{EventKind.OFFICIAL_RESPONSE}-email", "weekly", "“weekly” is not a way to receive"),
        (f"{EventKind.MERGED}-email", None, "Choose how emails about Merges with another idea"),
    ],
)
def test_an_invalid_choice_is_refused_and_nothing_is_saved(client, user, field, value, message):
    client.force_login(user)

    response = client.post(
        URL, form_data(**{f"{EventKind.STATUS_CHANGED}-email": "never", field: value})
    )

    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assertContains(response, "Nothing was saved", status_code=400)
    assert not NotificationSetting.objects.filter(user=user).exists()


def test_page_needs_a_login(client, db):
    assert client.get(URL)["Location"].startswith("/accounts/login/")
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert not NotificationSetting.objects.exists()


def test_saving_needs_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(URL, form_data(**{f"{EventKind.MERGED}-email": "never"}))

    assert response.status_code == 403
    assert not NotificationSetting.objects.exists()


def test_profile_page_links_to_the_settings(client, user):
    client.force_login(user)

    assertContains(client.get("/accounts/profile/"), f'href="{URL}"')
