from rest_framework import serializers

from config.api import IdField, OptionalIdField, UnixTimeField
from orders.serializers import MAX_QUANTITY
from shop.serializers import GoodsSerializer

from .models import CartItem


class CartItemSerializer(serializers.ModelSerializer):
    archive_id = serializers.IntegerField(source="goods_id")
    sku_id = OptionalIdField()
    sku_values = serializers.SerializerMethodField()
    price = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()
    title = serializers.CharField(source="goods.local_title")
    thumb = serializers.SerializerMethodField()
    stock = serializers.SerializerMethodField()
    status = serializers.IntegerField(source="goods.status")
    user_id = OptionalIdField()
    created_time = UnixTimeField(source="created_at")

    class Meta:
        model = CartItem
        fields = [
            "id", "archive_id", "sku_id", "sku_values", "quantity", "origin_price", "price", "amount", "title",
            "thumb", "stock", "status", "user_id", "token", "created_time",
        ]  # fmt: skip

    def get_sku_values(self, item) -> list[dict]:
        if not item.sku:
            return []
        return [
            {"id": v.pk, "option_id": v.option_id, "option_title": v.option.title, "title": v.title}
            for v in item.sku.values.all()
        ]

    def get_price(self, item) -> int:
        return (item.sku or item.goods).price

    def get_amount(self, item) -> int:
        return self.get_price(item) * item.quantity

    def get_stock(self, item) -> int:
        return (item.sku or item.goods).stock

    def get_thumb(self, item) -> str:
        return GoodsSerializer(context=self.context).get_thumb(item.goods)


class CartWriteInput(serializers.Serializer):
    archive_id = IdField(min_value=1)
    sku_id = IdField(min_value=0, required=False, default=0)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)


class CartUpdateInput(CartWriteInput):
    quantity = serializers.IntegerField(min_value=0, max_value=MAX_QUANTITY)


class CartRemoveInput(serializers.Serializer):
    id = IdField(min_value=1)
