"""Schema-driven fuzzing of the API (schemathesis, on the WSGI app): for
every operation of /api/v1/schema/, generated requests, valid and not, get no
5xx and every answer matches the schema. Bounded: a few examples per
operation, so that the whole run takes well under a minute."""

import datetime

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from publicity.wsgi import application
from tests.factories import CasePartyFactory, ListEntryFactory, PenaltyFactory, PersonFactory
from tests.factories_company_page import LicenceFactory

EXAMPLES_PER_OPERATION = 15


@pytest.fixture
def api_schema(db, settings, time_machine):
    """The app with a few records of each kind, its limits off; the WSGI
    handler kept from closing the test's connection (as Django's test client
    does)."""
    time_machine.move_to(datetime.datetime(2025, 12, 1, 12, tzinfo=datetime.UTC), tick=False)
    settings.API_RATE_LIMIT = 0
    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()
    penalty = PenaltyFactory()
    LicenceFactory(company=penalty.company)
    CasePartyFactory(company=penalty.company)
    ListEntryFactory(company=penalty.company)
    PersonFactory()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_the_api_never_fails_and_always_answers_as_its_schema_says(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:

        @SETTINGS
        @given(case=operation.as_strategy())
        def answers_as_documented(case):
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        answers_as_documented()
