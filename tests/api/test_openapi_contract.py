"""The OpenAPI document tells the truth: every operation, called with what the document allows (and with
what it does not), answers without a server error and with a body of the shape the document gives.

Schemathesis reads the document the API serves and calls the hub in-process through WSGI, as a
coordinator with a real personal token, so every operation runs its whole code (a coordinator may do
anything). Each operation is a test of its own (`-k activities` runs those of one resource). Examples
are few, fixed (derandomized) and without a deadline, so the run is short and the same on every
machine; the coverage phase still sends each parameter's edge values (the largest id, an empty list,
a missing field, a value of the wrong type) to every operation.

No operation is left out. Those that archive or withdraw may archive the records made here; the test
needs them only to be there for the operations that read them, and each operation starts afresh.
"""

from datetime import date, timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from engaging.accounts.models import ApiToken
from engaging.api.api import api
from engaging.board.models import AgendaItem, Board, Meeting
from engaging.register.models import Status
from tests.factories import ActivityFactory
from tests.loop.factories import FindingFactory, LoopClosureFactory, ResponseFactory

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()
# Calling with methods the document does not list is the 405 tests' work (test_bad_input.py).
schema.config.phases.coverage.unexpected_methods = set()

CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def connection_kept_through_each_call():
    """The test's records live in a transaction on one connection. A real WSGI call would close an old
    connection at its start and end (on PostgreSQL, with the transaction in it), so, as Django's own test
    client does, the calls leave it open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(world):
    """A coordinator's token, and a record of each kind for the operations to read and change."""
    closed = date.today() - timedelta(days=100)
    finished = ActivityFactory(
        lead_organisation=world.council,
        start_date=closed - timedelta(days=30),
        end_date=closed,
        status=Status.CLOSED,
        closed_on=closed,
        groups=[world.carers],
        areas=[world.locality],
        priorities=[world.priority],
    )
    ActivityFactory(lead_organisation=world.healthwatch, groups=[world.carers], areas=[world.ward])
    finding = FindingFactory(activity=finished, statement="Carers said the bus to the clinic is late.")
    ResponseFactory(organisation=world.council, findings=[finding])
    LoopClosureFactory(activity=finished)
    board = Board.objects.create(name="Health and Wellbeing Board", area=world.borough)
    meeting = Meeting.objects.create(board=board, starts_at=timezone.now() + timedelta(days=30), is_public=True)
    AgendaItem.objects.create(meeting=meeting, title="Carers", lead_organisation=world.council, decision_sought="Agree")
    return ApiToken.issue(user=world.coordinator, name="contract")[1]


@schema.parametrize()
@hypothesis_settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_keeps_to_its_document(case, token):
    case.call_and_validate(base_url="http://testserver", headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
