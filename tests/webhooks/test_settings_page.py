import pytest

from brands.models import Role
from tests.factories import BrandFactory, UserFactory, make_member
from webhooks import services
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def base(brand):
    return f"/staff/{brand.slug}/settings/webhooks/"


def test_the_owner_adds_edits_and_deletes_an_endpoint(client, owner, brand, sink):
    client.force_login(owner)
    assert client.get(base(brand)).status_code == 200
    response = client.post(base(brand), {"url": sink.url, "events": ["idea.created"]})
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{base(brand)}{endpoint.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert endpoint.secret in page
    response = client.post(
        f"{base(brand)}{endpoint.pk}/",
        {"url": sink.url + "?v=2", "events": ["idea.merged", "comment.created"]},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url.endswith("?v=2") and endpoint.events == ["idea.merged", "comment.created"]
    old_secret = endpoint.secret
    client.post(f"{base(brand)}{endpoint.pk}/rotate/")
    endpoint.refresh_from_db()
    assert endpoint.secret != old_secret and endpoint.secret.startswith("whsec_")
    assert client.post(f"{base(brand)}{endpoint.pk}/delete/").status_code == 302
    assert not WebhookEndpoint.objects.exists()


def test_the_owner_redelivers_and_sends_a_test_event(
    client, owner, brand, endpoint, sink, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base(brand)}{endpoint.pk}/test/")
    delivery = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base(brand)}{endpoint.pk}/deliveries/{delivery.pk}/redeliver/")
    assert response.status_code == 302
    assert len(sink.requests) == 2
    page = client.get(f"{base(brand)}{endpoint.pk}/").content.decode()
    assert "webhook.test" in page and "Redeliver" in page


def test_a_disabled_endpoint_is_shown_and_enabled_again(client, owner, brand, endpoint):
    WebhookEndpoint.objects.update(is_active=False, disabled_reason="Kept failing.")
    client.force_login(owner)
    assert "Kept failing." in client.get(base(brand)).content.decode()
    client.post(f"{base(brand)}{endpoint.pk}/enable/")
    endpoint.refresh_from_db()
    assert endpoint.is_active and not endpoint.disabled_reason


@pytest.mark.parametrize("role", [Role.MANAGER, Role.MODERATOR, None])
def test_others_than_owners_are_refused(client, brand, endpoint, role):
    user = make_member(brand, role) if role else UserFactory()
    client.force_login(user)
    assert client.get(base(brand)).status_code == 403
    assert client.post(f"{base(brand)}{endpoint.pk}/delete/").status_code == 403
    assert (
        client.post(base(brand), {"url": "http://x.test/", "events": ["idea.created"]}).status_code
        == 403
    )
    assert WebhookEndpoint.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_log_in(client, brand):
    assert client.get(base(brand)).status_code == 302


def test_another_brands_owner_cannot_reach_the_endpoint(client, brand, endpoint):
    other = BrandFactory()
    stranger = make_member(other, Role.OWNER)
    client.force_login(stranger)
    assert client.get(base(brand)).status_code == 403
    assert client.get(f"{base(other)}{endpoint.pk}/").status_code == 404
    assert client.post(f"{base(other)}{endpoint.pk}/delete/").status_code == 404
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_a_failed_action_changes_nothing(client, owner, brand, endpoint, sink):
    client.force_login(owner)
    response = client.post(base(brand), {"url": "not a url", "events": []})
    assert response.status_code == 400 and WebhookEndpoint.objects.count() == 1
    response = client.post(
        f"{base(brand)}{endpoint.pk}/", {"url": "ftp://x.test/", "events": ["idea.created"]}
    )
    assert response.status_code == 400
    endpoint.refresh_from_db()
    assert endpoint.url == sink.url
    WebhookEndpoint.objects.update(is_active=False)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_type="idea.created",
        message_id="msg_x",
        payload={},
        status=DeliveryStatus.FAILED,
    )
    response = client.post(f"{base(brand)}{endpoint.pk}/deliveries/{delivery.pk}/redeliver/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and not sink.requests


def test_the_service_refuses_a_manager(brand, endpoint):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.rotate_secret(actor=make_member(brand, Role.MANAGER), endpoint=endpoint)


def test_the_delivery_log_keeps_a_fixed_query_count(
    client, owner, brand, endpoint, django_assert_max_num_queries
):
    client.force_login(owner)
    url = f"{base(brand)}{endpoint.pk}/"
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint, event_type="idea.created", message_id=f"m{i}", payload={}
        )
        for i in range(3)
    )
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint, event_type="idea.created", message_id=f"n{i}", payload={}
        )
        for i in range(30)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
