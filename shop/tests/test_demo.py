import pytest
from django.core.management import call_command

from coupons.models import Coupon
from orders.models import Order
from orders.status import OrderStatus
from reviews.models import Review
from shop.demo import SHOPPER, STAFF
from shop.models import Category, Goods, GoodsImage, GoodsSku, User

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "orders": list(Order.objects.order_by("id").values_list("id", "status", "updated_at")),
        "coupons": list(Coupon.objects.order_by("id").values_list("id", "issued")),
        "users": list(User.objects.order_by("id").values_list("id", "username", "password", "updated_at")),
        "categories": Category.objects.count(),
        "goods": list(Goods.objects.order_by("id").values_list("id", "price", "stock", "updated_at")),
        "images": GoodsImage.objects.count(),
        "skus": list(GoodsSku.objects.order_by("id").values_list("id", "price", "stock")),
        "reviews": list(Review.objects.order_by("id").values_list("id", "status", "updated_at")),
    }


def test_demo_data_is_believable_and_idempotent(capsys):
    call_command("seed_demo")
    first = snapshot()
    assert len(first["goods"]) >= 30
    assert first["categories"] >= 5
    assert first["images"] >= 2 * len(first["goods"])
    assert len(first["skus"]) > 20
    assert User.objects.get(username=STAFF[0]).check_password(STAFF[1])
    assert User.objects.get(username=STAFF[0]).is_staff
    assert User.objects.get(username=SHOPPER[0]).check_password(SHOPPER[1])
    out = capsys.readouterr().out
    assert f"{STAFF[0]} / {STAFF[1]}" in out
    assert f"{SHOPPER[0]} / {SHOPPER[1]}" in out

    call_command("seed_demo")
    assert snapshot() == first
    assert "already present" in capsys.readouterr().out


def test_demo_goods_with_skus_are_buyable():
    call_command("seed_demo")
    with_skus = Goods.objects.filter(skus__isnull=False).distinct()
    assert with_skus.exists()
    for goods in with_skus:
        assert goods.stock == sum(goods.skus.values_list("stock", flat=True))


def test_demo_shopper_has_an_order_in_every_status():
    call_command("seed_demo")
    statuses = set(Order.objects.filter(user__username=SHOPPER[0]).values_list("status", flat=True))
    assert statuses == {s.value for s in OrderStatus}


def test_demo_has_a_membership_on_sale_and_a_wechat_shopper(client_api):
    from shop.demo import WECHAT_SHOPPER
    from shop.models import WechatAccount

    call_command("seed_demo")
    groups = client_api.get("/api/user/groups").json()["data"]
    assert [(g["title"], g["price"], g["setting"]["expire_day"]) for g in groups] == [("VIP", 9900, 365)]
    account = WechatAccount.objects.get(openid=WECHAT_SHOPPER[2])
    assert (account.platform, account.user.username) == ("weapp", WECHAT_SHOPPER[0])
    call_command("seed_demo")
    assert WechatAccount.objects.count() == 1


def test_demo_has_an_approved_review_with_a_reply_and_one_to_moderate(client_api):
    call_command("seed_demo")
    shown = Review.objects.get(status=Review.Status.APPROVED)
    assert shown.order.user.username == SHOPPER[0] and shown.reply
    assert (shown.goods.review_count, shown.goods.review_score_total) == (1, 5)
    assert Review.objects.filter(status=Review.Status.PENDING, user=None).count() == 1
    listed = client_api.get("/api/review/list", {"archive_id": shown.goods_id}).json()["data"]
    assert [review["id"] for review in listed] == [shown.pk]
