from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import IdField, OptionalIdField, UnixTimeField
from coupons.models import CouponCode
from coupons.serializers import UsableCodeSerializer
from shop.serializers import GoodsSerializer, GroupSerializer, UserSerializer

from .models import Address, Order, OrderDetail, OrderEvent
from .pricing import Line
from .status import STATUS_FILTERS

MAX_QUANTITY = 9999
MAX_LINES = 100
REQUIRED_ADDRESS_FIELDS = ["name", "phone", "province", "city", "country", "address_info", "postcode"]


class AddressSerializer(serializers.ModelSerializer):
    """The spec's address keys; validates a saved address (the model makes REQUIRED_ADDRESS_FIELDS required)."""

    id = IdField(required=False, min_value=1)
    user_id = serializers.IntegerField(read_only=True)
    created_time = UnixTimeField(source="created_at")
    updated_time = UnixTimeField(source="updated_at")

    class Meta:
        model = Address
        fields = [
            "id", "user_id", "name", "last_name", "phone", "email", "province", "city", "town", "country",
            "address_info", "company", "postcode", "status", "created_time", "updated_time",
        ]  # fmt: skip
        read_only_fields = ["status"]


class OrderAddressInput(AddressSerializer):
    """``address`` in checkout and create: ``{id}`` of mine, or a full new address."""

    # It validates a new one (every field optional for DRF, the required ones checked here); an id is
    # read by ``OrderAddressField``.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def validate(self, attrs):
        missing = [name for name in REQUIRED_ADDRESS_FIELDS if not attrs.get(name)]
        if missing:
            raise serializers.ValidationError({missing[0]: _("This field is required.")})
        return attrs


@extend_schema_field(OrderAddressInput)
class OrderAddressField(serializers.Field):
    """``address`` in checkout and create: ``{id}`` of mine (its other keys ignored) is read without building
    ``OrderAddressInput``, whose fields cost a fifth of a checkout; a new address is validated by it."""

    ID = IdField(min_value=1)

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            invalid = serializers.Serializer.default_error_messages["invalid"]  # DRF's words, translated by DRF
            raise serializers.ValidationError(invalid.format(datatype=type(data).__name__))
        if data.get("id"):
            try:
                return {"id": self.ID.run_validation(data["id"])}
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"id": exc.detail}) from None
        address = OrderAddressInput(data=data)
        address.is_valid(raise_exception=True)
        return address.validated_data


def _empty(value):
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return value is None or value == [] or (not isinstance(value, bool) and value in (0, ""))


def _given(data, names):
    """``data`` without the fields in ``names`` that are zero or empty (an object of empty fields
    too): typed clients send every documented field, and AnQiCMS reads those as "not given"."""
    if not isinstance(data, dict):
        return data
    return {k: v for k, v in data.items() if k not in names or not _empty(v)}


class DetailInput(serializers.Serializer):
    goods_id = IdField(min_value=1)
    goods_sku_id = IdField(min_value=0, required=False, default=0)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False, default=1)

    def to_internal_value(self, data):
        return super().to_internal_value(_given(data, {"goods_sku_id", "quantity"}))


class OrderInput(serializers.Serializer):
    """The body of checkout and create (spec section 6). The lines are ``details`` when non-empty,
    else the one ``goods_id`` item, else the cart rows ``cart_ids``; ``cart_ids`` beside either of
    the others names the cart rows the order empties.

    ``price``/``total_price`` sent by clients are ignored: prices come from the database.
    """

    OPTIONAL = {"goods_id", "goods_sku_id", "quantity", "details", "cart_ids", "address", "type", "coupon_code",
                "coupon_code_id", "coupon_id"}  # fmt: skip

    goods_id = IdField(min_value=1, required=False)
    goods_sku_id = IdField(min_value=0, required=False, default=0)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False, default=1)
    details = DetailInput(many=True, required=False, max_length=MAX_LINES)
    cart_ids = serializers.ListField(child=IdField(min_value=1), required=False, max_length=MAX_LINES)
    address = OrderAddressField(required=False, allow_null=True)
    remark = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    type = serializers.ChoiceField(choices=Order.Type.choices, required=False, default=Order.Type.GOODS)
    coupon_code = serializers.CharField(required=False, allow_blank=True, max_length=64)
    coupon_code_id = IdField(required=False, min_value=0)
    coupon_id = IdField(required=False, min_value=0)

    def to_internal_value(self, data):
        return super().to_internal_value(_given(data, self.OPTIONAL))

    def validate(self, attrs):
        if attrs.get("details"):
            attrs["lines"] = [Line(d["goods_id"], d["goods_sku_id"], d["quantity"]) for d in attrs["details"]]
        elif attrs.get("goods_id"):
            attrs["lines"] = [Line(attrs["goods_id"], attrs["goods_sku_id"], attrs["quantity"])]
        elif not attrs.get("cart_ids"):
            raise serializers.ValidationError({"goods_id": _("give goods_id, details or cart_ids")})
        return attrs

    @staticmethod
    def service_kwargs(data):
        """The validated body as ``checkout_preview`` and ``create_order`` take it."""
        coupon = {key: data[key] for key in ("coupon_code", "coupon_code_id", "coupon_id") if data.get(key)}
        return {
            "lines": data.get("lines"),
            "cart_ids": data.get("cart_ids"),
            "address": data.get("address"),
            "coupon": coupon,
        }


class DetailSerializer(serializers.ModelSerializer):
    """A line: a product's (``goods``), or a VIP order's membership (``goods`` null, ``group``)."""

    order_id = serializers.CharField(source="order.order_id")
    goods_id = OptionalIdField()
    goods_item_id = OptionalIdField(source="sku_id")
    goods = GoodsSerializer(allow_null=True)
    group = GroupSerializer(allow_null=True)
    created_time = UnixTimeField(source="created_at")
    updated_time = UnixTimeField(source="updated_at")

    class Meta:
        model = OrderDetail
        fields = [
            "id", "order_id", "user_id", "goods_id", "goods_item_id", "sku_values", "price", "origin_price",
            "amount", "origin_amount", "quantity", "status", "goods", "group", "created_time", "updated_time",
        ]  # fmt: skip


class OrderSerializer(serializers.ModelSerializer):
    """The spec's order object (no nested parts: the create answer)."""

    address_id = OptionalIdField()
    coupon_code_id = serializers.SerializerMethodField()
    seller_id = OptionalIdField()
    share_user_id = OptionalIdField()
    share_parent_user_id = OptionalIdField()
    is_updated = serializers.IntegerField()
    paid_time = UnixTimeField(source="paid_at")
    end_time = UnixTimeField(source="end_at")
    deliver_time = UnixTimeField(source="deliver_at")
    finished_time = UnixTimeField(source="finished_at")
    created_time = UnixTimeField(source="created_at")
    updated_time = UnixTimeField(source="updated_at")

    class Meta:
        model = Order
        fields = [
            "id", "order_id", "payment_id", "user_id", "address_id", "remark", "type", "status", "refund_status",
            "origin_amount", "amount", "discount_amount", "coupon_code_id", "paid_time", "end_time", "deliver_time",
            "finished_time", "seller_id", "seller_amount", "share_user_id", "share_parent_user_id", "share_amount",
            "share_parent_amount", "express_company", "tracking_number", "created_time", "updated_time",
            "is_updated",
        ]  # fmt: skip

    def get_coupon_code_id(self, order) -> int:
        try:
            return order.coupon_code.pk
        except CouponCode.DoesNotExist:
            return 0


class OrderListSerializer(OrderSerializer):
    """``/api/orders``: with ``user`` and ``details[].goods``."""

    user = UserSerializer()
    details = DetailSerializer(many=True)

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "user", "details"]


class OrderDetailSerializer(OrderSerializer):
    """``/api/order/detail``: with ``details`` and ``order_address``."""

    details = DetailSerializer(many=True)
    order_address = serializers.JSONField(source="address_snapshot")

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "details", "order_address"]


class PricedLineSerializer(serializers.Serializer):
    goods_id = serializers.IntegerField()
    goods_sku_id = OptionalIdField(source="sku_id")
    sku_values = serializers.ListField()
    quantity = serializers.IntegerField()
    origin_price = serializers.IntegerField()
    price = serializers.IntegerField()
    origin_amount = serializers.IntegerField()
    amount = serializers.IntegerField()
    goods = serializers.SerializerMethodField()

    @extend_schema_field(GoodsSerializer)
    def get_goods(self, line):
        return self.context["goods"][line.goods_id]  # the lines' objects, made at once (shop.rendering)


class CheckoutSerializer(serializers.Serializer):
    """The checkout preview: what create would charge for the same body."""

    details = PricedLineSerializer(source="priced.lines", many=True)
    origin_amount = serializers.IntegerField(source="priced.origin_amount")
    discount_amount = serializers.IntegerField(source="priced.discount_amount")
    amount = serializers.IntegerField(source="priced.amount")
    coupon = serializers.SerializerMethodField()
    coupons = serializers.SerializerMethodField()
    address = AddressSerializer(allow_null=True)

    def _codes(self, codes):
        context = {**self.context, "discounts": {code.pk: off for code, off in self.instance["usable"]}}
        if self.instance["priced"].coupon_code is not None:
            applied = self.instance["priced"].coupon_code
            context["discounts"][applied.pk] = self.instance["priced"].coupon_amount
        return UsableCodeSerializer(codes, many=True, context=context).data

    @extend_schema_field(UsableCodeSerializer(allow_null=True))
    def get_coupon(self, data):
        applied = data["priced"].coupon_code
        return self._codes([applied])[0] if applied is not None else None

    @extend_schema_field(UsableCodeSerializer(many=True))
    def get_coupons(self, data):
        return self._codes([code for code, _ in data["usable"]])


def vip_checkout(group):
    """The checkout preview of a VIP order: one membership line, no coupon, no address."""
    line = {"goods_id": 0, "goods_sku_id": 0, "sku_values": [], "quantity": 1, "origin_price": group.price,
            "price": group.price, "origin_amount": group.price, "amount": group.price, "goods": None,
            "group": GroupSerializer(group).data}  # fmt: skip
    return {"details": [line], "origin_amount": group.price, "discount_amount": 0, "amount": group.price,
            "coupon": None, "coupons": [], "address": None}  # fmt: skip


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default="")
    created_time = UnixTimeField(source="created_at")

    class Meta:
        model = OrderEvent
        fields = ["action", "from_status", "to_status", "actor", "note", "created_time"]


class OrderIdInput(serializers.Serializer):
    order_id = serializers.RegexField(
        r"^\d{18}\Z", error_messages={"invalid": gettext_lazy("must be an 18-digit order number")}
    )


class OrderListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=["", *STATUS_FILTERS], required=False, default="")


class ChartQuery(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=366, required=False, default=30)
    status = serializers.ChoiceField(choices=["", *STATUS_FILTERS], required=False, default="")


# Serializers built once, for answers rendered with ``to_representation``: a serializer builds its fields
# each time it is made, which cost more than rendering with them (a third of an order's create).
ORDER, ADDRESS = OrderSerializer(), AddressSerializer()
