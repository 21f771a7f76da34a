"""The brand settings page: owners only; settings and team changes take effect."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from brands import services
from brands.models import Brand, Membership, Role
from tests.factories import BrandFactory, UserFactory, make_member


def settings_url(brand) -> str:
    return reverse("brands:settings", kwargs={"brand_slug": brand.slug})


def test_settings_url_is_under_staff(brand):
    assert settings_url(brand) == f"/staff/{brand.slug}/settings/"


def test_owner_sees_the_page(client, brand, owner):
    client.force_login(owner)
    response = client.get(settings_url(brand))
    assert response.status_code == 200
    html = response.content.decode()
    assert owner.email in html
    title = html[html.index("<title>") : html.index("</title>")]
    assert "<section" not in title
    assert html.count("Connect your tools") == 1
    assert f'href="/staff/{brand.slug}/settings/webhooks/"' in html
    assert f'href="/staff/{brand.slug}/settings/api-keys/"' in html


@pytest.mark.parametrize("role", [Role.MANAGER, Role.MODERATOR, None, "foreign_owner"])
def test_others_are_refused(client, brand, role):
    if role is None:
        user = UserFactory()
    elif role == "foreign_owner":
        user = make_member(BrandFactory(), Role.OWNER)
    else:
        user = make_member(brand, role)
    client.force_login(user)
    assert client.get(settings_url(brand)).status_code == 403
    assert client.post(settings_url(brand), {"response_days": 1}).status_code == 403
    assert Brand.objects.get(pk=brand.pk).response_days == 14


def test_anonymous_is_sent_to_login(client, brand):
    response = client.get(settings_url(brand))
    assert response.status_code == 302 and "login" in response.url


def test_owner_changes_settings(client, brand, owner):
    client.force_login(owner)
    response = client.post(settings_url(brand), {"moderation_mode": "pre", "response_days": 5})
    assert response.status_code == 302
    brand.refresh_from_db()
    assert (brand.moderation_mode, brand.response_days) == ("pre", 5)


def test_invalid_settings_are_shown_again(client, brand, owner):
    client.force_login(owner)
    response = client.post(settings_url(brand), {"moderation_mode": "never", "response_days": 5})
    assert response.status_code == 400
    assert Brand.objects.get(pk=brand.pk).moderation_mode == "post"


def test_owner_adds_changes_and_removes_members(client, brand, owner):
    newcomer = UserFactory()
    client.force_login(owner)
    add = reverse("brands:add_member", kwargs={"brand_slug": brand.slug})
    response = client.post(add, {"email": newcomer.email.upper(), "role": Role.MODERATOR})
    assert response.status_code == 302
    assert Membership.objects.get(brand=brand, user=newcomer).role == Role.MODERATOR

    change = reverse(
        "brands:change_member", kwargs={"brand_slug": brand.slug, "user_id": newcomer.pk}
    )
    client.post(change, {"role": Role.MANAGER})
    assert Membership.objects.get(brand=brand, user=newcomer).role == Role.MANAGER

    client.post(change, {"action": "remove"})
    assert not Membership.objects.filter(brand=brand, user=newcomer).exists()


def test_unknown_email_is_refused(client, brand, owner):
    client.force_login(owner)
    add = reverse("brands:add_member", kwargs={"brand_slug": brand.slug})
    response = client.post(add, {"email": "nobody@example.com", "role": Role.MANAGER})
    assert response.status_code == 400
    assert "Nobody has an account" in response.content.decode()


def test_the_last_owner_stays(client, brand, owner):
    client.force_login(owner)
    change = reverse("brands:change_member", kwargs={"brand_slug": brand.slug, "user_id": owner.pk})
    response = client.post(change, {"action": "remove"}, follow=True)
    assert "at least one owner" in response.content.decode()
    client.post(change, {"role": Role.MANAGER})
    assert Membership.objects.get(brand=brand, user=owner).role == Role.OWNER

    second = make_member(brand, Role.OWNER)
    services.change_member(actor=second, brand=brand, user=owner, role=Role.MANAGER)
    assert Membership.objects.get(brand=brand, user=owner).role == Role.MANAGER


def test_services_refuse_non_owners(brand):
    manager = make_member(brand, Role.MANAGER)
    with pytest.raises(PermissionDenied):
        services.update_brand_settings(
            actor=manager, brand=brand, moderation_mode="pre", response_days=3
        )
    with pytest.raises(PermissionDenied):
        services.change_member(actor=manager, brand=brand, user=manager, role=Role.OWNER)
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=manager, brand=brand, user=manager)
    assert Membership.objects.get(brand=brand, user=manager).role == Role.MANAGER


def test_service_validates_settings(brand, owner):
    with pytest.raises(ValidationError):
        services.update_brand_settings(
            actor=owner, brand=brand, moderation_mode="sometimes", response_days=3
        )
