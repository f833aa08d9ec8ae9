"""Adds to the same cart at the same moment, on PostgreSQL where requests really run in parallel."""

import pytest

from cart.models import CartItem
from conftest import logged_in_client, race
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]


def add(client, goods, quantity):
    return client.post("/api/cart/add", {"archive_id": goods.pk, "sku_id": 0, "quantity": quantity},
                       format="json").json()  # fmt: skip


@pytest.mark.parametrize("in_cart", [0, 3], ids=["new-row", "existing-row"])
def test_parallel_adds_never_take_a_cart_row_past_the_stock(in_cart):
    goods = GoodsFactory(stock=5)
    user = UserFactory()
    if in_cart:
        CartItem.objects.create(user=user, goods=goods, quantity=in_cart, origin_price=goods.price)
    clients = [logged_in_client(user) for _ in range(6)]
    answers = race(*[lambda c=c: add(c, goods, 2) for c in clients])
    accepted = sum(answer["code"] == 0 for answer in answers)
    assert accepted == (5 - in_cart) // 2  # as many as fit, and no more
    assert CartItem.objects.get(user=user, goods=goods).quantity == in_cart + 2 * accepted <= 5
    refused = {answer["msg"] for answer in answers if answer["code"] != 0}
    assert refused == {f"quantity: only 5 of {goods.title} in stock"}
    print(f"\n6 parallel adds of 2 (stock 5, {in_cart} in the cart): {accepted} accepted")
