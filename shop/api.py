from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cart.api import cart_owner, set_cart_cookie
from config.api import ApiError, validated
from config.api_codes import NOT_AUTHORIZED

from . import catalogue, limits, rendering, selectors, services, tokens, uploads, wechat_login, wishlist
from .authentication import CatalogueAuthentication
from .cookies import clear_token_cookie, set_token_cookie
from .filters import GoodsFilter
from .models import WishlistItem
from .serializers import (
    CategorySerializer,
    GoodsDetailSerializer,
    GoodsSerializer,
    GroupSerializer,
    IdInput,
    LoginSerializer,
    OptionSerializer,
    PasswordSerializer,
    RegisterSerializer,
    SkuSerializer,
    UserSerializer,
    WishlistAddInput,
    WishlistItemSerializer,
)


def _not_from_another_site(request):
    """Refuse a browser's post made by another site (login CSRF: a hidden form signing the visitor
    in to the attacker's account). Apps and mini-programs send no ``Origin``; browsers do, and say
    ``Sec-Fetch-Site`` too. Our own pages, ``CSRF_TRUSTED_ORIGINS`` and the front ends allowed by
    ``CORS_ALLOWED_ORIGINS`` are welcome."""
    origin = request.headers.get("Origin")
    if origin is not None:
        trusted = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS,
                   *settings.CORS_ALLOWED_ORIGINS}  # fmt: skip
        refused = origin not in trusted
    else:
        refused = request.headers.get("Sec-Fetch-Site") == "cross-site"
    if refused:
        raise ApiError(_("signing in from another site is not allowed"), NOT_AUTHORIZED)


class SignedInSerializer(UserSerializer):
    token = serializers.CharField(help_text="send it back in the token header")

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "token"]


def _session_response(request, user, *, remember):
    services.start_session(request=request, user=user, remember=remember)
    raw = tokens.issue_token(user=user, remember=remember)
    response = Response({**UserSerializer(user).data, "token": raw})
    set_token_cookie(response, raw, remember=remember)
    return response


class RegisterView(APIView):
    @extend_schema(request=RegisterSerializer, responses=SignedInSerializer)
    def post(self, request):
        _not_from_another_site(request)
        limits.attempt(request)
        data = validated(RegisterSerializer, request.data)
        user = services.register_user(**data)
        return _session_response(request, user, remember=False)


class LoginView(APIView):
    @extend_schema(request=LoginSerializer, responses=SignedInSerializer)
    def post(self, request):
        _not_from_another_site(request)
        data = validated(LoginSerializer, request.data)
        if data["platform"]:
            limits.attempt(request)
            user = wechat_login.sign_in(platform=data["platform"], code=data["code"], invite_id=data["invite_id"])
        else:
            user = services.authenticate_user(request=request, identifier=data["identifier"], password=data["password"])
        return _session_response(request, user, remember=data["remember"])


class LogoutView(APIView):
    @extend_schema(request=None, responses=None)
    def post(self, request):
        services.end_session(request=request, raw_token=getattr(request._request, "api_token", None))
        response = Response(None)
        clear_token_cookie(response)
        return response


class UserDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=UserSerializer)
    def get(self, request):
        return Response(UserSerializer(request.user).data)


class PasswordView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=PasswordSerializer, responses=None)
    def post(self, request):
        data = validated(PasswordSerializer, request.data)
        services.change_password(
            user=request.user,
            old_password=data["old_password"],
            new_password=data["password"],
        )
        return Response(None)


class GroupListView(generics.ListAPIView):
    """``/api/user/groups``: the memberships on sale (a VIP order buys one)."""

    serializer_class = GroupSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.groups_on_sale()


class CategoryListView(generics.ListAPIView):
    serializer_class = CategorySerializer
    pagination_class = None
    authentication_classes = [CatalogueAuthentication]

    def get_queryset(self):
        return selectors.categories()

    def list(self, request, *args, **kwargs):
        return Response(catalogue.cached(request, (), self._all))

    def _all(self):
        return [dict(row) for row in self.get_serializer(self.get_queryset(), many=True).data]


class GoodsListView(generics.ListAPIView):
    """``/api/archive/list``: a page of goods objects (``shop.rendering``), cached per query."""

    serializer_class = GoodsSerializer  # the schema
    filterset_class = GoodsFilter
    authentication_classes = [CatalogueAuthentication]
    QUERY = ("categoryId", "q", "order", "current", "page", "pageSize", "limit", "page_size")

    def get_queryset(self):
        return selectors.published_goods_rows(rendering.KEYS)

    def list(self, request, *args, **kwargs):
        data, total = catalogue.cached(request, self.QUERY, self._page)
        response = Response(data)
        response.api_total = total
        return response

    def _page(self):
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return list(rendering.objects_of_rows(self.request, rows).values()), self.paginator.total


def _goods_from_query(request, queryset):
    """The goods named by ``id`` (or ``url_token``) in the query string."""
    raw_id, url_token = (
        request.query_params.get("id"),
        request.query_params.get("url_token"),
    )
    if raw_id:
        if not raw_id.isdigit():
            raise ApiError(_("id: must be a whole number"))
        goods = queryset.filter(pk=int(raw_id)).first()
    elif url_token:
        goods = queryset.filter(url_token=url_token).first()
    else:
        raise ApiError(_("id: this field is required"))
    if goods is None:
        raise ApiError(_("goods not found"))
    return goods


GOODS_QUERY = [OpenApiParameter("id", int, description="the product's id"),
               OpenApiParameter("url_token", str, description="or its url_token")]  # fmt: skip


class GoodsDetailView(APIView):
    @extend_schema(parameters=GOODS_QUERY, responses=GoodsDetailSerializer)
    def get(self, request):
        goods = _goods_from_query(request, selectors.goods_with_variants())
        return Response(GoodsDetailSerializer(goods, context={"request": request}).data)


class GoodsSkuView(APIView):
    @extend_schema(parameters=GOODS_QUERY, responses=inline_serializer(
        "GoodsSkus", {"options": OptionSerializer(many=True), "skus": SkuSerializer(many=True)}))  # fmt: skip
    def get(self, request):
        goods = _goods_from_query(request, selectors.goods_with_variants())
        return Response(
            {
                "options": OptionSerializer(goods.options.all(), many=True).data,
                "skus": SkuSerializer(goods.skus.all(), many=True).data,
            }
        )


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    file_location = serializers.CharField(source="file.name", help_text="where the storage keeps it")
    url = serializers.SerializerMethodField()
    thumb = serializers.SerializerMethodField()
    token = serializers.CharField(source="guest_token", help_text="a guest's cart token: send it as the cart header")

    def get_url(self, attachment) -> str:
        return self.context["request"].build_absolute_uri(attachment.file.url)

    def get_thumb(self, attachment) -> str:
        return self.context["request"].build_absolute_uri(attachment.thumb.url)


class UploadInput(serializers.Serializer):
    file = serializers.FileField(help_text="a JPEG, PNG, WebP or GIF picture")


class AttachmentUploadView(APIView):
    """A picture for a review or a custom order. Signed in, or a guest (kept with their ``cart`` token,
    given one if they have none), at most ``UPLOAD_GUEST_RATE`` uploads per address."""

    @extend_schema(request={"multipart/form-data": UploadInput}, responses=AttachmentSerializer)
    def post(self, request):
        upload = validated(UploadInput, request.data)["file"]
        if request.user.is_authenticated:
            attachment, new_token = uploads.save_image(upload, user=request.user), ""
        else:
            limits.guest_upload(request)
            owner, new_token = cart_owner(request, create=True)
            attachment = uploads.save_image(upload, guest_token=owner["token"])
        response = Response(AttachmentSerializer(attachment, context={"request": request}).data)
        return set_cart_cookie(response, new_token) if new_token else response


class WishlistListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = WishlistItemSerializer
    queryset = WishlistItem.objects.none()  # for the schema; get_queryset gives mine

    def get_queryset(self):
        return wishlist.wishlist_for(self.request.user)


class WishlistAddView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=WishlistAddInput, responses=WishlistItemSerializer)
    def post(self, request):
        data = validated(WishlistAddInput, request.data)
        item = wishlist.add_wish(
            user=request.user,
            goods_id=data["archive_id"],
            sku_id=data["sku_id"] or None,
            remark=data["remark"],
            target_price=data["target_price"],
            priority=data["priority"],
        )
        return Response(WishlistItemSerializer(item, context={"request": request}).data)


class WishlistDeleteView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=IdInput, responses=None)
    def post(self, request):
        wishlist.delete_wish(user=request.user, item_id=validated(IdInput, request.data)["id"])
        return Response(None)
