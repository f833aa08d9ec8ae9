"""The wishlist's pages (the journey is tests/browser/test_wishlist.py): yuan typed, other people's
wishes untouchable, the page's queries flat in the number of wishes."""

import pytest

from shop import wishlist
from shop.models import WishlistItem
from shop.tests.factories import GoodsFactory, GoodsImageFactory, UserFactory, add_skus

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_target_is_typed_in_yuan_and_a_bad_one_is_said(signed_in, user):
    item = wishlist.add_wish(user=user, goods_id=GoodsFactory(price=20000).pk)
    signed_in.post(f"/wishlist/{item.pk}/target/", {"target_price": "¥1,299.50"})
    assert WishlistItem.objects.get().target_price == 129950
    page = signed_in.post(f"/wishlist/{item.pk}/target/", {"target_price": "cheap"}, follow=True)
    assert "Enter an amount in yuan, such as 129.90." in page.content.decode()
    signed_in.post(f"/wishlist/{item.pk}/target/", {"target_price": ""})
    assert WishlistItem.objects.get().target_price == 0  # empty: no alert


def test_someone_elses_wish_is_not_found(signed_in):
    theirs = wishlist.add_wish(user=UserFactory(), goods_id=GoodsFactory().pk)
    assert signed_in.post(f"/wishlist/{theirs.pk}/target/", {"target_price": "1"}).status_code == 404
    assert signed_in.post(f"/wishlist/{theirs.pk}/remove/").status_code == 404
    assert WishlistItem.objects.get().target_price == 0


def test_the_product_page_adds_the_chosen_sku_or_asks_a_guest_to_sign_in(client, signed_in, user):
    goods = GoodsFactory()
    red, _blue = add_skus(goods, {"Colour": ["Red", "Blue"]})
    signed_in.post("/wishlist/add/", {"goods_id": goods.pk, "sku_id": red.pk, "quantity": "1"})
    signed_in.post("/wishlist/add/", {"goods_id": goods.pk, "sku_id": "", "quantity": "1"})  # no option chosen
    assert sorted(WishlistItem.objects.values_list("sku_id", flat=True), key=str) == sorted([red.pk, None], key=str)
    signed_in.logout()
    assert client.post("/wishlist/add/", {"goods_id": goods.pk})["Location"].startswith("/account/login/")


@pytest.mark.parametrize("count", [1, 8])
def test_the_page_reads_the_same_queries_for_any_number_of_wishes(signed_in, user, count,
                                                                 django_assert_num_queries):  # fmt: skip
    for _n in range(count):
        goods = GoodsFactory()
        GoodsImageFactory(goods=goods)
        wishlist.add_wish(user=user, goods_id=goods.pk, sku_id=add_skus(goods, {"Size": ["S"]})[0].pk)
    with django_assert_num_queries(7):  # session, user, cart count, categories (the header), wishes, goods, pictures
        page = signed_in.get("/wishlist/")
    assert page.content.decode().count('class="line wish"') == count
