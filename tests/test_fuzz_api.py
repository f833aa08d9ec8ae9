"""Random bodies, bounded, at every API endpoint that takes one: whatever arrives, the answer is
the envelope (``code``, ``msg``, ``data``) and never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from config.urls import api_patterns
from conftest import logged_in_client
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db
WRITE_PATHS = [f"/api/{p.pattern}" for p in api_patterns if hasattr(p.callback.view_class, "post")]
# The fields AnQiCMS clients send (docs/api.md), so most bodies reach the rules behind the parsers.
FIELDS = ["id", "order_id", "goods_id", "archive_id", "sku_id", "goods_sku_id", "quantity", "address_id",
          "coupon_code_id", "details", "pay_way", "reason", "remark", "user_name", "password", "email", "phone",
          "name", "province", "city", "country", "address_info", "postcode", "is_default", "status", "code",
          "openid", "remember", "invite_code", "old_password", "real_name", "type"]  # fmt: skip

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(
        [
            "",
            "0",
            "1",
            "-1",
            "1e309",
            "\x00",
            "202611221200000001",
            "a" * 300,
            "a" * 250 + "@example.com",
            "\uff11\uff12",
        ]
    )
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
# Each documented field, often with a value that passes its own check, so the rules behind are reached.
plausible = st.sampled_from([
    "alice", "Long enough 1", "13900000000", "alice@example.com", "balance", "450000", "Henan", "202611221200000001",
    1, 2, 0, True, [{"goods_id": 1, "quantity": 1}],
])  # fmt: skip
bodies = st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, plausible | values)) | st.dictionaries(
    st.text(max_size=10), values, max_size=4
)


@pytest.mark.parametrize("path", WRITE_PATHS)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, logged_in=st.booleans())
def test_random_bodies_get_the_envelope_and_never_a_500(path, body, logged_in, shopper):
    client = shopper if logged_in else shopper.anonymous
    response = client.post(path, body, format="json")
    assert response.status_code == 200, (path, body, response.content[:300])
    answer = response.json()
    assert set(answer) >= {"code", "msg", "data"} and isinstance(answer["code"], int)
    assert answer["code"] == 0 or answer["msg"]


@pytest.fixture
def shopper():
    GoodsFactory(price=1000, stock=100)
    client = logged_in_client(UserFactory(balance=10**6))
    client.anonymous = APIClient()
    return client
