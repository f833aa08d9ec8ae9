"""``config.queries.Prepared`` answers what its queryset answers, written by the ORM once per shape."""

from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.sql.compiler import SQLCompiler, SQLUpdateCompiler

from cart.models import CartItem
from config.queries import Prepared, PreparedUpdate, updates
from coupons.services import UNUSED_CODES
from coupons.tests.factories import CodeFactory
from orders.selectors import LATEST_ADDRESS
from orders.tests.factories import AddressFactory
from shop.models import GoodsSku
from shop.selectors import PURCHASABLE, SKU_WITH_GOODS, purchasable_goods
from shop.tests.factories import GoodsFactory, UserFactory, add_skus

pytestmark = pytest.mark.django_db


def same(instances, queryset):
    """Each instance as its queryset's: every field's value (converted from the database's), annotations too."""
    expected = list(queryset)
    assert [type(one) for one in instances] == [type(one) for one in expected]
    assert [vars_of(one) for one in instances] == [vars_of(one) for one in expected]


def vars_of(instance):
    return {name: value for name, value in vars(instance).items() if name != "_state"}


def test_the_same_instances_as_the_queryset_with_annotations_and_converted_values():
    plain, with_options = GoodsFactory(), GoodsFactory()
    add_skus(with_options, {"Size": ["S", "L"]})
    same(PURCHASABLE(plain.pk, with_options.pk), purchasable_goods().filter(pk__in=[plain.pk, with_options.pk]))
    assert [g.has_skus for g in PURCHASABLE(plain.pk)] == [False]
    assert PURCHASABLE(with_options.pk)[0].created_at == with_options.created_at  # a datetime, on SQLite too
    assert PURCHASABLE(10**9) == [] and PURCHASABLE() == []


def test_select_related_objects_come_with_their_row():
    goods = GoodsFactory(title="Teapot")
    (sku,) = add_skus(goods, {"Size": ["S"]})
    (found,) = SKU_WITH_GOODS(sku.pk)
    same([found], GoodsSku.objects.select_related("goods").filter(pk=sku.pk))
    with mock.patch.object(SQLCompiler, "execute_sql", side_effect=AssertionError("read again")):
        assert found.goods.title == "Teapot"  # already there, as with select_related


def test_none_makes_its_own_statement():
    user, goods = UserFactory(), GoodsFactory()
    guest_row = CartItem.objects.create(token="t1", goods=goods, quantity=1, origin_price=1)
    mine = CartItem.objects.create(user=user, goods=goods, quantity=2, origin_price=1)
    rows = Prepared(lambda user_id, token: CartItem.objects.filter(user_id=user_id, token=token))
    assert rows(None, "t1") == [guest_row] and rows(user.pk, "") == [mine]


def test_written_once_per_shape():
    goods = GoodsFactory()
    prepared = Prepared(lambda *pks: purchasable_goods().filter(pk__in=pks))
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as as_sql:
        for _n in range(3):
            prepared(goods.pk)
            prepared(goods.pk, 10**9)
    assert as_sql.call_count == 2 + 2  # each statement and its EXISTS, once per number of ids


def test_an_argument_is_put_in_each_of_its_places_and_one_the_orm_changes_is_refused():
    cheap, dear = GoodsFactory(price=100), GoodsFactory(price=5000)
    same_as_price = Prepared(lambda pk: purchasable_goods().filter(pk__gte=pk, price__gte=pk).order_by("pk"))
    assert same_as_price(cheap.pk) == list(
        purchasable_goods().filter(pk__gte=cheap.pk, price__gte=cheap.pk).order_by("pk")
    )
    assert dear in same_as_price(cheap.pk)
    with pytest.raises(ValueError, match="as it is"):  # written as '%text%': no place takes the argument
        Prepared(lambda text: purchasable_goods().filter(title__icontains=text))("tea")


def test_a_prepared_update_changes_what_its_queryset_update_would_and_counts_the_rows():
    goods = GoodsFactory(stock=3, sold_count=0)
    take = PreparedUpdate(lambda pk, n: (
        purchasable_goods().filter(pk=pk, stock__gte=n), {"stock": F("stock") - n, "sold_count": F("sold_count") + n}
    ))  # fmt: skip
    written = mock.patch.object(SQLUpdateCompiler, "as_sql", autospec=True, side_effect=SQLUpdateCompiler.as_sql)
    with written as as_sql:
        assert (take(goods.pk, 2), take(goods.pk, 2), take(goods.pk, 1)) == (1, 0, 1)
    assert as_sql.call_count == 1  # written once
    goods.refresh_from_db()
    assert (goods.stock, goods.sold_count) == (0, 3)
    with pytest.raises(ValueError, match="one table"):
        PreparedUpdate(lambda pk: (GoodsSku.objects.filter(goods__title="x", pk=pk), {"stock": 0}))(1)


def test_several_prepared_updates_count_their_rows_in_order_in_one_round_trip_on_postgresql(
    django_assert_num_queries,
):
    goods = GoodsFactory(stock=3, sold_count=0)
    (sku,) = add_skus(goods, {"Size": ["S"]})
    GoodsSku.objects.filter(pk=sku.pk).update(stock=1)
    take_sku = PreparedUpdate(lambda pk, n: (GoodsSku.objects.filter(pk=pk, stock__gte=n), {"stock": F("stock") - n}))
    take_goods = PreparedUpdate(lambda pk, n: (
        purchasable_goods().filter(pk=pk, stock__gte=n), {"stock": F("stock") - n, "sold_count": F("sold_count") + n}
    ))  # fmt: skip
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 3):
        assert updates([(take_sku, (sku.pk, 1)), (take_goods, (goods.pk, 2)), (take_sku, (sku.pk, 1))]) == [1, 1, 0]
    goods.refresh_from_db()
    assert (goods.stock, goods.sold_count, GoodsSku.objects.get(pk=sku.pk).stock) == (1, 2, 0)
    untitle = PreparedUpdate(lambda pk: (GoodsSku.objects.filter(pk=pk), {"title": None}))  # NOT NULL: refused
    with pytest.raises(IntegrityError), transaction.atomic():  # a statement refused: none of them is kept
        updates([(take_goods, (goods.pk, 1)), (untitle, (sku.pk,))])
    goods.refresh_from_db()
    assert goods.stock == 1


def test_the_prepared_reads_of_checkout():
    user = UserFactory()
    older, default = AddressFactory(user=user), AddressFactory(user=user, is_default=True)
    assert LATEST_ADDRESS(user.pk) == [default] and older.pk
    code = CodeFactory(user=user)
    (found,) = UNUSED_CODES(user.pk)
    assert (found, found.coupon) == (code, code.coupon)


def test_skus_come_with_their_option_values_in_one_query(django_assert_num_queries):
    from shop.models import GoodsOption
    from shop.selectors import OPTION_ORDER, option_values_of, skus_with_values

    goods = GoodsFactory()
    small, large = add_skus(goods, {"Size": ["S", "L"], "Colour": ["Red"]})
    GoodsOption.objects.filter(goods=goods, title="Colour").update(sort=-1)  # shown first
    bare = GoodsSku.objects.create(goods=goods, title="Plain", symbol="plain", price=100)
    expected = {sku.pk: list(sku.values.order_by(*OPTION_ORDER)) for sku in (small, large, bare)}
    with django_assert_num_queries(1):
        skus = skus_with_values([small.pk, large.pk])
    assert {pk: (sku.title, sku.price, sku.option_values) for pk, sku in skus.items()} == {
        sku.pk: (sku.title, sku.price, expected[sku.pk]) for sku in (small, large)
    }
    assert [value.option.title for value in skus[small.pk].option_values] == ["Colour", "Size"]
    with django_assert_num_queries(2):  # a SKU without option values is read on its own
        skus = skus_with_values([small.pk, bare.pk])
    assert (skus[bare.pk].title, skus[bare.pk].option_values) == ("Plain", [])
    assert option_values_of([large.pk, bare.pk]) == {large.pk: expected[large.pk], bare.pk: []}


def test_a_values_query_gives_the_same_dicts():
    from orders.selectors import MY_ORDER_ROW
    from orders.tests.factories import place_order
    from shop.rendering import KEY_ROWS, KEYS

    goods = GoodsFactory()
    assert KEY_ROWS(goods.pk) == list(purchasable_goods().filter(pk=goods.pk).values(*KEYS))
    order = place_order(UserFactory(), goods)
    assert MY_ORDER_ROW(order.user_id, order.order_id) == [{"id": order.pk, "updated_at": order.updated_at}]
    assert MY_ORDER_ROW(UserFactory().pk, order.order_id) == []  # someone else's: nothing


@pytest.mark.django_db(transaction=True)
def test_threads_share_one_prepared_query_each_on_its_own_connection(postgres_only):
    from conftest import race

    goods = GoodsFactory()
    prepared = Prepared(lambda *pks: purchasable_goods().filter(pk__in=pks))
    results = race(*[lambda: prepared(goods.pk)] * 6)  # written by whichever thread comes first
    assert all(isinstance(result, list) and [g.pk for g in result] == [goods.pk] for result in results), results
    assert prepared(goods.pk)[0].created_at == goods.created_at  # read again here, after those threads closed


def test_each_window_is_the_slice_of_the_queryset_and_its_own_statement():
    goods = [GoodsFactory() for _n in range(4)]
    prepared = Prepared(lambda *pks: purchasable_goods().filter(pk__in=pks).order_by("-pk"))
    pks = [g.pk for g in goods]
    assert prepared(*pks, window=(1, 2)) == list(purchasable_goods().filter(pk__in=pks).order_by("-pk")[1:3])
    assert prepared(*pks, window=(0, 1)) == [goods[-1]] and prepared(*pks, window=(4, 2)) == []
    assert prepared(*pks) == goods[::-1]


def test_windows_past_the_most_shapes_start_the_statements_again(monkeypatch):
    monkeypatch.setattr("config.queries.MOST_SHAPES", 3)
    goods = GoodsFactory()
    prepared = Prepared(lambda pk: purchasable_goods().filter(pk=pk))
    for offset in range(5):
        assert prepared(goods.pk, window=(offset, 1)) == ([goods] if offset == 0 else [])
        assert len(prepared._compiled) <= 3


def test_an_argument_on_a_small_integer_column_is_matched_on_every_database():
    """PostgreSQL's SmallIntegerField holds up to 32,767: Django writes a lookup of a value out of that
    range as "nothing matches", so an argument's marker must be in it."""
    from orders.models import Order
    from orders.selectors import MY_ORDER_ROWS
    from orders.tests.factories import place_order

    user, goods = UserFactory(), GoodsFactory()
    closed, paid = place_order(user, goods, status=-1), place_order(user, goods, status=1)
    assert [row["id"] for row in MY_ORDER_ROWS(user.pk, -1)] == [closed.pk]
    assert [row["id"] for row in MY_ORDER_ROWS(user.pk, 1)] == [paid.pk]
    assert len(MY_ORDER_ROWS(user.pk, None)) == 2
    with pytest.raises(ValueError, match="matches nothing"):  # never silently empty
        Prepared(lambda pk: Order.objects.filter(pk=pk).none())(1)
