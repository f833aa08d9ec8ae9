"""Every allowed and every forbidden transition of the status machine."""

import pytest

from config.api import ApiError
from orders.models import OrderEvent
from orders.status import TRANSITIONS, OrderStatus, apply_transition
from orders.tests.factories import PATHS, place_order
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL = [s.value for s in OrderStatus]
ALLOWED = {
    "cancel": {0: -1},
    "pay": {0: 1},
    "ship": {1: 2},
    "finish": {2: 3},
    "grant_membership": {1: 3},  # a paid VIP order completes at once
    "request_refund": {1: 8, 3: 8},
    "approve_refund": {8: 9},
    "reject_refund": {8: None},  # back to where it was: checked below
}
CASES = [(action, status) for action in TRANSITIONS for status in ALL]


def test_the_table_is_what_the_spec_says():
    assert {action: set(t.sources) for action, t in TRANSITIONS.items()} == {
        action: set(targets) for action, targets in ALLOWED.items()
    }


@pytest.mark.parametrize(("action", "status"), CASES)
def test_transition(action, status):
    user = UserFactory()
    order = place_order(user, GoodsFactory(stock=5), status=status)
    events_before = OrderEvent.objects.filter(order=order).count()
    if status in ALLOWED[action]:
        updated = apply_transition(order.pk, action, actor=user, note="test")
        expected = ALLOWED[action][status]
        assert updated.status == (expected if expected is not None else order.status_before_refund)
        event = OrderEvent.objects.filter(order=order).last()
        assert (event.action, event.from_status, event.to_status, event.actor) == (
            action, status, updated.status, user,
        )  # fmt: skip
    else:
        with pytest.raises(ApiError) as refused:
            apply_transition(order.pk, action, actor=user)
        assert str(OrderStatus(status).label) in str(refused.value.detail)
        assert str(TRANSITIONS[action].refusal) in str(refused.value.detail)
        order.refresh_from_db()
        assert order.status == status
        assert OrderEvent.objects.filter(order=order).count() == events_before


@pytest.mark.parametrize("before", [1, 3])
def test_rejected_refund_restores_the_previous_status(before):
    order = place_order(UserFactory(), GoodsFactory(stock=5), status=before)
    apply_transition(order.pk, "request_refund")
    assert apply_transition(order.pk, "reject_refund").status == before


def test_timestamps_are_stamped():
    order = place_order(UserFactory(), GoodsFactory(stock=5), status=3)
    assert order.paid_at and order.deliver_at and order.finished_at
    assert order.paid_at <= order.deliver_at <= order.finished_at


def test_every_status_is_reachable():
    assert set(PATHS) == set(ALL)
