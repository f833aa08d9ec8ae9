from django.utils import timezone
from rest_framework import serializers

from config.api import IdField, OptionalIdField, UnixTimeField

from .models import Coupon, CouponCode

CODE_STATUS_FILTERS = ("", "all", "unused", "used", "expired")


class CouponSerializer(serializers.ModelSerializer):
    scope = serializers.SerializerMethodField()
    goods_ids = serializers.SerializerMethodField()
    category_ids = serializers.SerializerMethodField()
    start_time = UnixTimeField()
    end_time = UnixTimeField()
    claimable = serializers.BooleanField(read_only=True)
    claimed = serializers.IntegerField(read_only=True)

    class Meta:
        model = Coupon
        fields = [
            "id", "title", "description", "money_type", "money", "max_money", "min_amount", "scope", "goods_ids",
            "category_ids", "start_time", "end_time", "quantity", "per_user", "status", "claimable", "claimed",
        ]  # fmt: skip

    def get_scope(self, coupon) -> str:
        return "all" if coupon.all_goods else "chosen"

    def get_goods_ids(self, coupon) -> list[int]:
        return [] if coupon.all_goods else [g.pk for g in coupon.goods.all()]

    def get_category_ids(self, coupon) -> list[int]:
        return [] if coupon.all_goods else [c.pk for c in coupon.categories.all()]


class CouponCodeSerializer(serializers.ModelSerializer):
    """The spec's code keys: the campaign's terms copied next to the code."""

    user_id = OptionalIdField()
    title = serializers.CharField(source="coupon.title")
    money_type = serializers.IntegerField(source="coupon.money_type")
    money = serializers.IntegerField(source="coupon.money")
    max_money = serializers.IntegerField(source="coupon.max_money")
    min_amount = serializers.IntegerField(source="coupon.min_amount")
    start_time = UnixTimeField(source="coupon.start_time")
    end_time = UnixTimeField(source="coupon.end_time")
    get_time = UnixTimeField()
    use_time = UnixTimeField()
    order_id = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = CouponCode
        fields = [
            "id", "coupon_id", "code", "user_id", "title", "money_type", "money", "max_money", "min_amount",
            "start_time", "end_time", "get_time", "use_time", "order_id", "status",
        ]  # fmt: skip

    def get_order_id(self, code) -> str:
        return code.order.order_id if code.order_id else ""

    def get_status(self, code) -> int:
        if code.status == CouponCode.Status.UNUSED and code.coupon.end_time < timezone.now():
            return -1
        return code.status


class UsableCodeSerializer(CouponCodeSerializer):
    """A code with the discount it gives on the order at hand."""

    discount = serializers.SerializerMethodField()

    class Meta(CouponCodeSerializer.Meta):
        fields = [*CouponCodeSerializer.Meta.fields, "discount"]

    def get_discount(self, code) -> int:
        return self.context["discounts"].get(code.pk, 0)


class ClaimInput(serializers.Serializer):
    id = IdField(min_value=1)


class CodesQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=CODE_STATUS_FILTERS, required=False, default="")


class CampaignsQuery(serializers.Serializer):
    archive_id = IdField(min_value=1, required=False)


class ValidQuery(serializers.Serializer):
    amount = serializers.IntegerField(min_value=0, required=False)
    archive_id = IdField(min_value=1, required=False)
