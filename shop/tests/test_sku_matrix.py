"""Staff define options and their values; the SKUs are the matrix of every combination."""

import pytest

from orders.tests.factories import place_order
from shop.forms import OptionForm
from shop.models import Goods, GoodsOption, GoodsSku
from shop.services import generate_skus
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


def option(goods, title, values, sort=0):
    form = OptionForm({"title": title, "value_titles": values, "sort": sort},
                      instance=GoodsOption(goods=goods))  # fmt: skip
    assert form.is_valid(), form.errors
    return form.save()


def matrix(goods):
    return sorted((sku.title, sku.price, sku.stock) for sku in goods.skus.all())


def test_every_combination_is_a_sku_at_the_products_price():
    goods = GoodsFactory(price=9900, stock=0)
    option(goods, "Colour", "Red, Blue")
    option(goods, "Size", "S\uff0cM, L, M", sort=1)  # a Chinese comma, a repeat
    assert generate_skus(goods) == (6, 0, 0)
    assert matrix(goods) == sorted((f"{c} / {s}", 9900, 0) for c in ("Red", "Blue") for s in ("S", "M", "L"))
    red_s = goods.skus.get(title="Red / S")
    assert red_s.symbol == "_".join(str(v.pk) for v in red_s.values.order_by("option__sort"))
    assert generate_skus(goods) == (0, 0, 0)  # saving again changes nothing


def test_prices_and_stock_staff_set_survive_and_the_product_shows_the_lowest():
    goods = GoodsFactory(price=9900)
    colour = option(goods, "Colour", "Red, Blue")
    generate_skus(goods)
    GoodsSku.objects.filter(goods=goods, title="Blue").update(price=8800, stock=4)
    option_form = OptionForm({"title": "Colour", "value_titles": "Red, Blue, Green", "sort": 0}, instance=colour)
    assert option_form.is_valid()
    option_form.save()
    assert generate_skus(goods) == (1, 0, 0)
    assert matrix(goods) == [("Blue", 8800, 4), ("Green", 9900, 0), ("Red", 9900, 0)]
    goods.refresh_from_db()
    assert (goods.price, goods.stock) == (8800, 4)


def test_a_removed_value_removes_its_skus_unless_past_orders_name_them():
    goods = GoodsFactory(price=5000)
    colour = option(goods, "Colour", "Red, Blue, Green")
    generate_skus(goods)
    GoodsSku.objects.filter(goods=goods).update(stock=5)
    generate_skus(goods)  # the product's stock: the SKUs' total
    ordered = goods.skus.get(title="Blue")
    place_order(UserFactory(), Goods.objects.get(pk=goods.pk), sku=ordered)
    form = OptionForm({"title": "Colour", "value_titles": "Red", "sort": 0}, instance=colour)
    assert form.is_valid()
    form.save()
    assert generate_skus(goods) == (0, 1, 1)
    assert matrix(goods) == [("Blue", 5000, 0), ("Red", 5000, 5)]


def test_an_option_needs_a_value():
    form = OptionForm({"title": "Colour", "value_titles": " , ,", "sort": 0}, instance=GoodsOption())
    assert not form.is_valid() and form.errors["value_titles"] == ["Give at least one value."]


def test_the_goods_page_has_no_symbols_to_type(staff):
    goods = GoodsFactory()
    option(goods, "Colour", "Red")
    generate_skus(goods)
    page = staff.get(f"/admin/shop/goods/{goods.pk}/change/").content.decode()
    assert 'name="skus-0-price"' in page and 'name="skus-0-symbol"' not in page and "skus-0-values" not in page
    assert 'name="options-0-value_titles" value="Red"' in page
