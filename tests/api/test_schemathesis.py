"""Schemathesis against the live schema: generated requests to every operation, through
the WSGI app, on seeded data. No response may be a server error, and every response
must match the schema it is documented with. Bounded: ``MAX_EXAMPLES`` per operation."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from brands.models import Role
from challenges.models import ChallengePage
from cocreate.wsgi import application
from ideas.roadmap import Status
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge, make_member

MAX_EXAMPLES = 15
SCHEMA_PATH = "/api/v1/schema/?format=json"


@pytest.fixture
def _keep_db_connection():
    """Schemathesis calls the WSGI app directly, so Django's request signals close the
    database connection after each call, in the middle of the test's transaction (on
    PostgreSQL). Django's own test client disconnects them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, settings, _keep_db_connection):
    """A brand with an open challenge and ideas on its roadmap, and a token for its owner
    (so staff endpoints are reached too). Rates are high: limits are tested elsewhere."""
    from tests.api.conftest import token_for

    settings.API_WRITE_RATE_USER = "100000/min"
    settings.API_WRITE_RATE_IP = "100000/min"
    brand = BrandFactory(name="Acme")
    owner = make_member(brand, Role.OWNER)
    challenge = make_challenge(brand, title="Greener packaging")
    challenge.tags.add("packaging")
    challenge.save_revision().publish()
    for status in (Status.SUBMITTED, Status.PLANNED, Status.SHIPPED, Status.DECLINED):
        IdeaFactory(challenge=challenge, status=status)
    IdeaFactory(challenge=make_challenge(BrandFactory(name="Other"), title="Closed one"))
    UserFactory()
    return {"token": token_for(owner), "challenge": ChallengePage.objects.get(pk=challenge.pk)}


# Loaded from the running app when the module is collected (the schema view reads no
# data). Not ``schemathesis.pytest.from_fixture``: with pytest 9 it fails on
# ``request.node._nodeid``, which pytest no longer has.
schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, seeded):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {seeded['token']}"},
        checks=[checks.not_a_server_error, checks.response_schema_conformance],
    )
