"""Schema-driven fuzzing of the JSON search endpoint (issue #8).

Schemathesis reads the OpenAPI description the site serves
(/api/v1/openapi.json, built by search/openapi.py), generates requests from
it, sends them to the WSGI application in-process, and checks each answer:
no server error, a status the description lists, a documented content type,
and a body that matches the description's schema (Results for 200, Errors
for 400 and 404).

Two phases: requests that fit the description (positive), and requests that
break it (negative: wrong types, out-of-range numbers, unknown enum values,
too many facet values), which must be refused or tolerated, never crash.
Derandomized and bounded; each test prints how many requests it sent.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, inside the test's transaction.

    Django closes an obsolete database connection at the start and the end of
    each request, and a connection inside a transaction looks obsolete: on
    PostgreSQL that would close the test's connection. Its test client
    disconnects those handlers too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def operation(wsgi_app, catalogue):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    return schema["/api/v1/search/"]["GET"]


def fuzz(operation, mode, max_examples):
    sent = {"requests": 0, "statuses": {}}

    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        response = case.call()
        sent["requests"] += 1
        sent["statuses"][response.status_code] = sent["statuses"].get(response.status_code, 0) + 1
        case.validate_response(response, checks=CHECKS)

    check()
    print(f"\nschemathesis, {mode.value}: {sent['requests']} requests, statuses {sent['statuses']}")
    return sent


def test_requests_that_fit_the_description_get_documented_answers(operation):
    sent = fuzz(operation, GenerationMode.POSITIVE, 200)
    assert sent["statuses"].get(200)


def test_requests_that_break_the_description_are_refused_not_crashed(operation):
    sent = fuzz(operation, GenerationMode.NEGATIVE, 200)
    assert sent["statuses"].get(400)
