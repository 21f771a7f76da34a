import pytest

from tests.support.http_sink import start_sink, stop_sink
from webhooks import services
from webhooks.models import EventType


@pytest.fixture(autouse=True)
def _allow_local_endpoints(settings):
    """The sink listens on 127.0.0.1; SSRF tests switch this back off for themselves."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOKS_TIMEOUT_SECONDS = 5


@pytest.fixture
def sink():
    sink = start_sink()
    yield sink
    stop_sink(sink)


@pytest.fixture
def make_endpoint(owner, brand):
    def make(url, events=tuple(EventType.values)):
        return services.create_endpoint(actor=owner, brand=brand, url=url, events=list(events))

    return make


@pytest.fixture
def endpoint(make_endpoint, sink):
    return make_endpoint(sink.url)
