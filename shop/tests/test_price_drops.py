"""The price-drop job (``shop.wishlist.tell_price_drops``): a shopper hears once when a wished product
falls to their target price, again only after it has risen above it and fallen again."""

import pytest

from shop import wishlist
from shop.models import Goods, SentEmail, WishlistItem
from shop.tests.factories import GoodsFactory, UserFactory, add_skus

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(mailoutbox, django_capture_on_commit_callbacks):
    """``run()``: the job with its after-commit emails; the subjects of the emails it sent."""

    def job():
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            wishlist.tell_price_drops()
        return [email.subject for email in mailoutbox[before:]]

    return job


def price(goods, cents):
    Goods.objects.filter(pk=goods.pk).update(price=cents)


def test_told_once_per_drop_and_again_after_a_rise_and_a_new_drop(run):
    shopper = UserFactory(email="lin@example.com", language="en")
    goods = GoodsFactory(title="Teapot", price=20000)
    wishlist.add_wish(user=shopper, goods_id=goods.pk, target_price=15000)
    assert run() == []  # still above the target
    price(goods, 15000)
    assert run() == ["Now ¥150.00: Teapot, on your wishlist"]
    assert run() == []  # the same drop: told already
    price(goods, 14000)
    assert run() == []  # lower still, but the same drop
    price(goods, 16000)
    assert run() == []  # risen above the target: re-armed, nothing to say
    price(goods, 12000)
    assert run() == ["Now ¥120.00: Teapot, on your wishlist"]
    assert SentEmail.objects.filter(key__startswith="wishlist_price_drop:").count() == 1


def test_a_wished_sku_counts_by_its_own_price_and_each_shopper_hears_in_their_language(run):
    goods = GoodsFactory(title="茶壶")
    red, blue = add_skus(goods, {"Colour": ["Red", "Blue"]}, price=20000)
    chinese = UserFactory(email="a@example.com", language="zh-hans")
    wishlist.add_wish(user=chinese, goods_id=goods.pk, sku_id=blue.pk, target_price=15000)
    type(red).objects.filter(pk=red.pk).update(price=9900)  # another SKU: not the wished one
    assert run() == []
    type(blue).objects.filter(pk=blue.pk).update(price=14900)
    (told,) = run()
    assert told == "降价到 ¥149.00：您收藏的 茶壶"


def test_no_target_a_draft_or_no_email_address_sends_nothing(run):
    goods = GoodsFactory(price=1000)
    wishlist.add_wish(user=UserFactory(email="a@example.com"), goods_id=goods.pk)  # no target
    draft = GoodsFactory(price=1000)
    wishlist.add_wish(user=UserFactory(email="b@example.com"), goods_id=draft.pk, target_price=5000)
    Goods.objects.filter(pk=draft.pk).update(status=Goods.Status.DRAFT)
    silent = UserFactory(email="")
    wishlist.add_wish(user=silent, goods_id=goods.pk, target_price=5000)
    assert run() == []
    assert WishlistItem.objects.get(user=silent).told_of_drop  # told as far as it can be: not again each run


def test_a_new_target_may_be_told_again(run):
    shopper = UserFactory(email="lin@example.com")
    goods = GoodsFactory(title="Cup", price=5000)
    item = wishlist.add_wish(user=shopper, goods_id=goods.pk, target_price=6000)
    assert len(run()) == 1
    wishlist.set_target(user=shopper, item_id=item.pk, target_price=5500)
    assert len(run()) == 0  # the same email: SentEmail keeps it once until the price rises


def test_the_job_reads_only_wishes_with_a_target(run, django_assert_num_queries):
    goods = GoodsFactory(price=1000)
    for _n in range(30):
        wishlist.add_wish(user=UserFactory(), goods_id=goods.pk)  # no target: never read
    with django_assert_num_queries(6):  # the risen ones (none), the first batch (none), each in a savepoint here
        wishlist.tell_price_drops()
