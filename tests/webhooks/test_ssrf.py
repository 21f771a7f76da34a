import pytest

from webhooks import services, ssrf
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

REFUSED = [
    "http://127.0.0.1:8000/hook",
    "http://10.0.0.1/hook",
    "http://192.168.1.10/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/hook",
    "http://[fe80::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://0.0.0.0/hook",
    "http://100.64.0.1/hook",
    "http://localhost/hook",
]


@pytest.fixture
def no_private(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False


@pytest.mark.parametrize("url", REFUSED)
def test_private_addresses_are_refused(no_private, url):
    with pytest.raises(ssrf.UnsafeURL):
        ssrf.check_url(url)


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "file:///etc/passwd", "http://u:p@8.8.8.8/"]
)
def test_only_plain_http_urls_are_allowed(url):
    with pytest.raises(ssrf.UnsafeURL):
        ssrf.check_url(url)


def test_a_public_address_is_allowed(no_private):
    ssrf.check_url("https://8.8.8.8/hook")
    assert ssrf.is_public("2606:4700:4700::1111")


def test_registration_of_a_private_address_shows_a_form_error(no_private, client, owner, brand):
    client.force_login(owner)
    response = client.post(
        f"/staff/{brand.slug}/settings/webhooks/",
        {"url": "http://169.254.169.254/latest", "events": ["idea.created"]},
    )
    assert response.status_code == 400
    assert "webhooks only go to public addresses" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_a_private_address_is_refused_at_send_time(
    sink, endpoint, owner, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    with django_capture_on_commit_callbacks(execute=True):
        services.send_test_event(actor=owner, endpoint=endpoint)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_error.startswith("Refused")
    assert not sink.requests


def test_the_request_goes_to_the_checked_address_not_a_later_dns_answer(
    sink, endpoint, owner, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """DNS rebinding: the host resolves to a public address when checked, then to the
    sink on 127.0.0.1. The connection is pinned to the checked address, so the sink (the
    "internal" service) never hears from us."""
    import socket

    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1
    port = sink.server.server_address[1]
    endpoint.url = f"http://hooks.rebind.test:{port}/hook"
    endpoint.save(update_fields=["url"])
    answers = iter(["93.184.216.34"])  # public; unreachable here, hence the 1 s timeout
    real_getaddrinfo = socket.getaddrinfo

    def rebinding_getaddrinfo(host, *args, **kwargs):
        if host == "hooks.rebind.test":
            address = next(answers, "127.0.0.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_test_event(actor=owner, endpoint=endpoint)

    assert not sink.requests
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_error


def test_a_pinned_request_keeps_the_host_name():
    from webhooks.sending import _pinned

    url, host = _pinned("https://hooks.example.com:8443/in?x=1", "2606:4700::1")
    assert (url, host) == ("https://[2606:4700::1]:8443/in?x=1", "hooks.example.com:8443")
    assert _pinned("http://hooks.example.com/in", "93.184.216.34") == (
        "http://93.184.216.34/in",
        "hooks.example.com",
    )
