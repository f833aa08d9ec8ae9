from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import validated

from . import rendering, selectors, services
from .models import CartItem
from .serializers import CartItemSerializer, CartRemoveInput, CartUpdateInput, CartWriteInput

COOKIE_AGE = 60 * 60 * 24 * 30


def guest_token(request):
    """The guest cart token from the ``cart`` header or cookie, or ''."""
    return (request.headers.get("cart") or request.COOKIES.get("cart") or "").strip()[:64]


def cart_owner(request, *, create=False):
    """``(owner, new_token)``: the user's cart, or the guest's; a first write makes a guest token."""
    token, new_token = guest_token(request), ""
    if create and not token and not request.user.is_authenticated:
        token = new_token = services.new_cart_token()
    return services.owner_of(request.user, token), new_token


def set_cart_cookie(response, token):
    response.set_cookie(
        "cart", token, max_age=COOKIE_AGE, httponly=True, samesite="Lax", secure=settings.TOKEN_COOKIE_SECURE
    )
    return response


class CartView(APIView):
    """Any cart endpoint: the logged-in user's cart, or a guest's by ``cart`` token."""

    new_token = ""

    def owner(self, *, create=False):
        owner, self.new_token = cart_owner(self.request, create=create)
        return owner

    def answer(self, data):
        """The answer of a write: ``data`` plus the guest token, set as a cookie when new."""
        token = self.new_token or ("" if self.request.user.is_authenticated else guest_token(self.request))
        response = Response({**(data or {}), "token": token})
        return set_cart_cookie(response, self.new_token) if self.new_token else response


class CartListView(CartView, generics.ListAPIView):
    serializer_class = CartItemSerializer  # the schema; the answer is built by cart.rendering
    queryset = CartItem.objects.none()

    def list(self, request, *args, **kwargs):
        rows = self.paginator.paginate_prepared(selectors.ROWS, selectors.rows_args(self.owner()), request)
        return self.get_paginated_response(rendering.cart_rows(request, rows))


CART_ANSWER = inline_serializer("CartAnswer", {"token": serializers.CharField(help_text="the guest cart token")})


class CartAddView(CartView):
    @extend_schema(request=CartWriteInput, responses=CartItemSerializer)
    def post(self, request):
        data = validated(CartWriteInput, request.data)
        item = services.add_item(
            owner=self.owner(create=True), goods_id=data["archive_id"], sku_id=data["sku_id"], quantity=data["quantity"]
        )
        return self.answer(rendering.cart_row(request, item))


class CartUpdateView(CartView):
    @extend_schema(request=CartUpdateInput, responses=CartItemSerializer)
    def post(self, request):
        data = validated(CartUpdateInput, request.data)
        item = services.set_quantity(
            owner=self.owner(create=True), goods_id=data["archive_id"], sku_id=data["sku_id"], quantity=data["quantity"]
        )
        if item is None:
            return self.answer(None)
        return self.answer(rendering.cart_row(request, item))


class CartRemoveView(CartView):
    @extend_schema(request=CartRemoveInput, responses=CART_ANSWER)
    def post(self, request):
        data = validated(CartRemoveInput, request.data)
        services.remove_item(owner=self.owner(), item_id=data["id"])
        return self.answer(None)
