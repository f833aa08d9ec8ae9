from django.utils.translation import gettext as _
from rest_framework import serializers

from config.api import IdField, OptionalIdField, UnixTimeField
from orders.serializers import OrderInput
from shop.serializers import PictureUrlsField
from shop.uploads import MAX_ATTACHED

from .models import CustomOrder, FormField, Message


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = FormField
        fields = ["name", "field_name", "type", "required", "content"]


class MessageSerializer(serializers.ModelSerializer):
    comm_order_id = serializers.IntegerField(source="custom_order_id")
    sender_type = serializers.CharField(source="sender_kind", help_text="user, staff or system")
    user_id = OptionalIdField(source="sender_id", default=0)
    message_type = serializers.CharField(source="type")
    content = serializers.CharField(source="text")
    is_read = serializers.SerializerMethodField(help_text="whether the other side has read it")
    created_time = UnixTimeField(source="created_at")

    class Meta:
        model = Message
        fields = ["id", "comm_order_id", "sender_type", "user_id", "message_type", "content", "is_read",
                  "created_time"]  # fmt: skip

    def get_is_read(self, message) -> bool:
        return message.read_by_staff if message.sender_kind == Message.Sender.USER else message.read_by_user


class CustomOrderSerializer(serializers.ModelSerializer):
    archive_id = OptionalIdField(source="goods_id", default=0)
    images = PictureUrlsField()
    order_extra = serializers.JSONField(source="extra")
    order_id = serializers.SerializerMethodField(help_text="the shop order's number once accepted")
    unread = serializers.IntegerField(read_only=True, default=0, help_text="the shop's messages I have not read")
    created_time = UnixTimeField(source="created_at")
    updated_time = UnixTimeField(source="updated_at")

    class Meta:
        model = CustomOrder
        fields = ["id", "user_id", "archive_id", "title", "content", "phone", "images", "order_extra", "status",
                  "quote_price", "quote_content", "order_id", "unread", "created_time", "updated_time"]  # fmt: skip

    def get_order_id(self, custom_order) -> str:
        return custom_order.order.order_id if custom_order.order_id else ""


class CustomOrderDetailSerializer(CustomOrderSerializer):
    sketch_images = PictureUrlsField(help_text="the shop's sketches")
    finished_images = PictureUrlsField(help_text="the shop's pictures of the finished piece")
    messages = MessageSerializer(many=True, read_only=True)
    order_fields = serializers.SerializerMethodField()

    class Meta(CustomOrderSerializer.Meta):
        fields = [*CustomOrderSerializer.Meta.fields, "sketch_images", "finished_images", "messages", "order_fields"]

    def get_order_fields(self, custom_order) -> list[dict]:
        return FieldSerializer(FormField.objects.all(), many=True).data


class CreateInput(serializers.Serializer):
    archive_id = IdField(min_value=1)
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=5000)
    phone = serializers.CharField(max_length=32, required=False, default="", allow_blank=True)
    images = serializers.ListField(child=IdField(min_value=1), required=False, default=list, max_length=MAX_ATTACHED)
    order_extra = serializers.JSONField(required=False, default=dict)


class UpdateInput(serializers.Serializer):
    id = IdField(min_value=1)
    title = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    content = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)
    order_extra = serializers.JSONField(required=False, default=None, allow_null=True)


class DetailQuery(serializers.Serializer):
    id = IdField(min_value=1)


class MessagesQuery(serializers.Serializer):
    comm_order_id = IdField(min_value=1)


class SendInput(serializers.Serializer):
    comm_order_id = IdField(min_value=1)
    message_type = serializers.ChoiceField(choices=Message.Type.values, required=False, default=Message.Type.TEXT)
    content = serializers.CharField(max_length=5000, trim_whitespace=False)


class AcceptInput(OrderInput):
    """The body of order create (spec section 6), with the request's ``id``: its line is the requested
    product at the quoted price, whatever lines the body names. An AnQiCMS client may name no ``id``:
    then my quoted request for ``goods_id`` is the one."""

    OPTIONAL = {*OrderInput.OPTIONAL, "id"}

    id = IdField(min_value=1, required=False)

    def validate(self, attrs):
        if not attrs.get("id") and not attrs.get("goods_id"):
            raise serializers.ValidationError({"id": _("which request to accept")})
        return attrs
