from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import IdField, OptionalIdField, UnixTimeField

from .models import Category, Goods, GoodsOption, GoodsOptionValue, GoodsSku, User, UserGroup, WishlistItem
from .validators import validate_phone


@extend_schema_field(serializers.ListField(child=serializers.URLField()))
class PictureUrlsField(serializers.Field):
    """Uploaded pictures (a relation to ``Attachment``) as their absolute URLs."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, pictures):
        absolute = self.context["request"].build_absolute_uri
        return [absolute(picture.file.url) for picture in pictures.all()]


class UserSerializer(serializers.ModelSerializer):
    """The spec's user object; never the password hash."""

    user_name = serializers.CharField(source="username")
    parent_id = OptionalIdField()
    group_id = OptionalIdField()
    is_retailer = serializers.IntegerField()
    status = serializers.SerializerMethodField()
    last_login = UnixTimeField()
    expire_time = UnixTimeField()
    created_time = UnixTimeField(source="date_joined")
    updated_time = UnixTimeField(source="updated_at")

    class Meta:
        model = User
        fields = [
            "id", "parent_id", "user_name", "real_name", "avatar_url", "email", "phone", "group_id",
            "is_retailer", "balance", "total_reward", "invite_code", "last_login", "expire_time",
            "created_time", "updated_time", "status",
        ]  # fmt: skip
        read_only_fields = fields

    def get_status(self, user) -> int:
        return int(user.is_active)


class RegisterSerializer(serializers.Serializer):
    user_name = serializers.RegexField(
        r"^[\w.@+-]+\Z",
        max_length=150,
        error_messages={"invalid": gettext_lazy("letters, digits and @ . + - _ only")},
    )
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    email = serializers.EmailField(required=False, allow_blank=True, default="", max_length=254)
    phone = serializers.CharField(required=False, allow_blank=True, default="", validators=[validate_phone])
    invite_code = serializers.CharField(required=False, allow_blank=True, default="", max_length=16)


class LoginSerializer(serializers.Serializer):
    """A password sign-in (``user_name`` | ``email`` | ``phone`` + ``password``), or a WeChat one
    (``platform`` + ``code``)."""

    user_name = serializers.CharField(required=False, allow_blank=True, max_length=254)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=32)
    password = serializers.CharField(required=False, allow_blank=True, max_length=128, trim_whitespace=False)
    remember = serializers.BooleanField(required=False, default=False)
    platform = serializers.ChoiceField(choices=["", "weapp", "wechat"], required=False, default="")
    code = serializers.CharField(required=False, allow_blank=True, max_length=128)
    invite_id = IdField(required=False, default=0, min_value=0)

    def validate(self, attrs):
        if attrs["platform"]:
            if not attrs.get("code"):
                raise serializers.ValidationError({"code": _("give the code from wx.login (or WeChat's OAuth)")})
            return attrs
        identifier = attrs.get("user_name") or attrs.get("email") or attrs.get("phone")
        if not identifier:
            raise serializers.ValidationError({"user_name": _("give user_name, email or phone")})
        if not attrs.get("password"):
            raise serializers.ValidationError({"password": self.fields["password"].error_messages["required"]})
        attrs["identifier"] = identifier
        return attrs


class PasswordSerializer(serializers.Serializer):
    old_password = serializers.CharField(max_length=128, trim_whitespace=False)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class GroupSettingSerializer(serializers.Serializer):
    discount = serializers.IntegerField()
    expire_day = serializers.IntegerField()
    share_reward = serializers.IntegerField()
    parent_reward = serializers.IntegerField()


class GroupSerializer(serializers.ModelSerializer):
    """A membership group as ``/api/user/groups`` and VIP order lines show it (spec section 12)."""

    setting = GroupSettingSerializer(source="*")

    class Meta:
        model = UserGroup
        fields = ["id", "title", "description", "level", "price", "setting"]


class CategorySerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="local_title", read_only=True)  # in the language asked, as pages show it
    parent_id = OptionalIdField()
    description = serializers.CharField(source="local_description", read_only=True)

    class Meta:
        model = Category
        fields = ["id", "title", "parent_id", "url_token", "description"]


class GoodsSerializer(serializers.ModelSerializer):
    """The spec's ``goods`` object. Needs ``images`` prefetched (see selectors)."""

    title = serializers.CharField(source="local_title", read_only=True)
    description = serializers.CharField(source="local_description", read_only=True)
    images = serializers.SerializerMethodField()
    logo = serializers.SerializerMethodField()
    thumb = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField()
    user_id = OptionalIdField(source="seller_id")
    created_time = UnixTimeField(source="created_at")
    updated_time = UnixTimeField(source="updated_at")

    class Meta:
        model = Goods
        fields = [
            "id", "title", "seo_title", "url_token", "keywords", "description", "module_id", "category_id",
            "views", "comment_count", "images", "logo", "thumb", "canonical_url", "fixed_link", "link",
            "created_time", "updated_time", "status", "user_id", "price", "stock", "origin_price",
            "sold_count", "review_count", "user_limit",
        ]  # fmt: skip

    def _absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_images(self, goods) -> list[str]:
        return [self._absolute(image.image.url) for image in goods.images.all()]

    def get_logo(self, goods) -> str:
        first = next(iter(goods.images.all()), None)
        return self._absolute(first.image.url) if first else ""

    def get_thumb(self, goods) -> str:
        first = next(iter(goods.images.all()), None)
        return self._absolute((first.thumb or first.image).url) if first else ""

    def get_link(self, goods) -> str:
        return self._absolute(goods.get_absolute_url())


class OptionValueSerializer(serializers.ModelSerializer):
    option_title = serializers.CharField(source="option.title")

    class Meta:
        model = GoodsOptionValue
        fields = ["id", "option_id", "option_title", "title", "price"]


OPTION_VALUE = OptionValueSerializer()  # built once: see orders.serializers.ORDER


class OptionSerializer(serializers.ModelSerializer):
    values = OptionValueSerializer(many=True)

    class Meta:
        model = GoodsOption
        fields = ["id", "title", "values"]


class SkuSerializer(serializers.ModelSerializer):
    values = OptionValueSerializer(many=True)

    class Meta:
        model = GoodsSku
        fields = ["id", "title", "symbol", "values", "price", "origin_price", "stock"]


class GoodsDetailSerializer(GoodsSerializer):
    options = OptionSerializer(many=True)
    skus = SkuSerializer(many=True)

    class Meta(GoodsSerializer.Meta):
        fields = [*GoodsSerializer.Meta.fields, "content", "options", "skus"]


class WishlistItemSerializer(serializers.ModelSerializer):
    archive_id = serializers.IntegerField(source="goods_id")
    user_name = serializers.CharField(source="user.username")
    sku_id = OptionalIdField()
    sku_title = serializers.SerializerMethodField()
    title = serializers.CharField(source="goods.local_title")
    description = serializers.CharField(source="goods.local_description")
    thumb = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField(method_name="get_thumb")  # AnQiCMS's name for the same URL
    link = serializers.SerializerMethodField()
    price = serializers.SerializerMethodField()
    created_time = UnixTimeField(source="created_at")

    class Meta:
        model = WishlistItem
        fields = [
            "id", "user_id", "user_name", "archive_id", "sku_id", "sku_title", "title", "description", "thumb",
            "thumbnail", "link", "remark", "priority", "origin_price", "price", "target_price", "status",
            "created_time",
        ]  # fmt: skip

    def get_sku_title(self, item) -> str:
        return item.sku.title if item.sku else ""

    def get_thumb(self, item) -> str:
        return GoodsSerializer(context=self.context).get_thumb(item.goods)

    def get_link(self, item) -> str:
        return GoodsSerializer(context=self.context).get_link(item.goods)

    def get_price(self, item) -> int:
        return (item.sku or item.goods).price


class WishlistAddInput(serializers.Serializer):
    archive_id = IdField(min_value=1)
    sku_id = IdField(min_value=0, required=False, default=0)
    remark = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    target_price = serializers.IntegerField(required=False, default=0, min_value=0, max_value=10**12)
    priority = serializers.IntegerField(required=False, default=0, min_value=-100, max_value=100)


class IdInput(serializers.Serializer):
    id = IdField(min_value=1)
