from datetime import timedelta

import factory
from django.utils import timezone

from coupons.models import Coupon, CouponCode


class CouponFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coupon

    title = factory.Sequence(lambda n: f"Coupon {n}")
    money = 1000
    start_time = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    end_time = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class CodeFactory(factory.django.DjangoModelFactory):
    """A claimed code of ``user``."""

    class Meta:
        model = CouponCode

    coupon = factory.SubFactory(CouponFactory)
    claim_number = factory.Sequence(lambda n: n + 1)
    get_time = factory.LazyFunction(timezone.now)
