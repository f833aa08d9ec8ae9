"""Demo campaigns: fixed, percent with a cap, a threshold, and one for chosen goods. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from shop.models import Goods

from .models import Coupon


def seed_coupons():
    if Coupon.objects.exists():
        return
    now = timezone.now()
    window = {"start_time": now - timedelta(days=1), "end_time": now + timedelta(days=90)}
    Coupon.objects.create(title="全场立减 ¥10", money=1000, quantity=500, **window)
    Coupon.objects.create(title="85 折，最多减 ¥50", money_type=Coupon.MoneyType.PERCENT, money=15, max_money=5000,
                          **window)  # fmt: skip
    Coupon.objects.create(title="满 ¥300 减 ¥50", money=5000, min_amount=30000, per_user=2, **window)
    scoped = Coupon.objects.create(title="数码与茶具 8 折", money_type=Coupon.MoneyType.PERCENT,
                                   money=20, all_goods=False, quantity=100, **window)  # fmt: skip
    scoped.goods.set(Goods.objects.filter(url_token="stoneware-tea-set"))
    scoped.categories.set(Goods.objects.filter(url_token="wireless-earbuds").values_list("category", flat=True))
