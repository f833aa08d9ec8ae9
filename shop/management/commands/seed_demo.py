from django.core.management.base import BaseCommand

from coupons.demo import seed_coupons
from orders.demo import seed_orders
from reviews.demo import seed_reviews
from shop.demo import CLERK, SHOPPER, STAFF, WECHAT_SHOPPER, seed_demo
from shop.models import User


class Command(BaseCommand):
    help = "Fill an empty shop with demo goods, orders, reviews and coupons (idempotent) and print the demo accounts."

    def handle(self, *args, **options):
        created = seed_demo()
        shopper = User.objects.get(username=SHOPPER[0])
        seed_orders(shopper)
        seed_reviews(shopper)
        seed_coupons()
        self.stdout.write(f"Demo data: {created} goods created." if created else "Demo data already present.")
        self.stdout.write(f"  staff account:   {STAFF[0]} / {STAFF[1]}   (admin at /admin/)")
        self.stdout.write(
            f"  shop staff:      {CLERK[0]} / {CLERK[1]}   (orders, refunds, coupons, reviews; no settings)"
        )
        self.stdout.write(f"  shopper account: {SHOPPER[0]} / {SHOPPER[1]}")
        self.stdout.write(f"  WeChat shopper:  {WECHAT_SHOPPER[0]} / {WECHAT_SHOPPER[1]}   (mini-program openid "
                          f"{WECHAT_SHOPPER[2]}; the VIP membership is on sale at /api/user/groups)")  # fmt: skip
