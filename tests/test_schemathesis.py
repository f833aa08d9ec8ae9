"""Schemathesis drives every operation of /api/schema with bodies and queries drawn from the schema
itself (bounded), as a logged-in shopper: no answer is a 500 or anything but the envelope."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.wsgi import application
from conftest import logged_in_client
from shop.tests.factories import GoodsFactory, UserFactory

schema = schemathesis.openapi.from_wsgi("/api/schema", application)
EXAMPLES = 10  # generated per operation, beside schemathesis' own coverage cases
calls = []


@pytest.fixture
def in_test_transaction():
    """The WSGI app in this thread must not close the test's database connection after each request,
    exactly as Django's own test client arranges."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(db, in_test_transaction):
    GoodsFactory(price=1000, stock=50)
    return logged_in_client(UserFactory(balance=10**6))._credentials["HTTP_TOKEN"]


@pytest.fixture(scope="module", autouse=True)
def count_requests():
    yield
    print(f"\nschemathesis: {len(calls)} requests to {len(set(calls))} operations")


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_the_envelope(case, token):
    response = case.call(headers={"token": token})
    calls.append(case.operation.label)
    assert response.status_code == 200, (case.method, case.path, response.status_code, response.text[:300])
    answer = response.json()
    assert set(answer) >= {"code", "msg", "data"}, answer
    assert isinstance(answer["code"], int) and isinstance(answer["msg"], str)
