from rest_framework import serializers

from config.api import IdField, OptionalIdField, UnixTimeField
from shop.serializers import PictureUrlsField
from shop.uploads import MAX_ATTACHED

from .models import Review

ORDERINGS = {"id desc": ["-id"], "id asc": ["id"], "score desc": ["-score", "-id"], "score asc": ["score", "-id"]}


class ReviewListQuery(serializers.Serializer):
    archive_id = IdField(min_value=0, required=False, default=0)
    id = IdField(min_value=0, required=False, default=0, help_text="the same as archive_id (AnQiCMS accepts both)")
    user_id = IdField(min_value=0, required=False, default=0)
    order = serializers.ChoiceField(choices=list(ORDERINGS), required=False, default="id desc")


class ReviewSerializer(serializers.ModelSerializer):
    order_id = serializers.SerializerMethodField()
    archive_id = serializers.IntegerField(source="goods_id")
    archive_sku_id = OptionalIdField(source="sku_id", default=0)
    user_id = OptionalIdField(default=0)
    images = PictureUrlsField()
    created_time = UnixTimeField(source="created_at")

    class Meta:
        model = Review
        fields = ["id", "order_id", "archive_id", "archive_sku_id", "user_id", "user_name", "score", "content",
                  "images", "reply", "created_time", "status"]  # fmt: skip

    def get_order_id(self, review) -> str:
        return review.order.order_id if review.order_id else ""


class PublishInput(serializers.Serializer):
    archive_id = IdField(min_value=1)
    content = serializers.CharField(max_length=2000, trim_whitespace=True)
    score = serializers.IntegerField(min_value=1, max_value=5)
    images = serializers.ListField(child=IdField(min_value=1), required=False, default=list, max_length=MAX_ATTACHED,
                                   help_text="ids of pictures I uploaded (/api/attachment/upload)")  # fmt: skip
    order_id = serializers.CharField(max_length=32, required=False, default="", allow_blank=True)
    user_name = serializers.CharField(max_length=64, required=False, default="", allow_blank=True,
                                      help_text="a guest's name (signed in: mine)")  # fmt: skip
    email = serializers.EmailField(required=False, default="", allow_blank=True)
