from django.conf import settings
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import validated

from . import selectors, services
from .serializers import CartItemSerializer, CartRemoveInput, CartUpdateInput, CartWriteInput

COOKIE_AGE = 60 * 60 * 24 * 30


def guest_token(request):
    """The guest cart token from the ``cart`` header or cookie, or ''."""
    return (request.headers.get("cart") or request.COOKIES.get("cart") or "").strip()[:64]


class CartView(APIView):
    """Any cart endpoint: the logged-in user's cart, or a guest's by ``cart`` token."""

    def owner(self, *, create=False):
        token = guest_token(self.request)
        if not self.request.user.is_authenticated and not token and create:
            token = self.new_token = services.new_cart_token()
        return services.owner_of(self.request.user, token)

    def answer(self, data):
        """The answer of a write: ``data`` plus the guest token, set as a cookie when new."""
        token = getattr(self, "new_token", None) or (
            "" if self.request.user.is_authenticated else guest_token(self.request)
        )
        response = Response({**data, "token": token} if data else {"token": token})
        if getattr(self, "new_token", None):
            response.set_cookie(
                "cart", self.new_token, max_age=COOKIE_AGE, httponly=True, samesite="Lax",
                secure=settings.TOKEN_COOKIE_SECURE,
            )  # fmt: skip
        return response


class CartListView(CartView, generics.ListAPIView):
    serializer_class = CartItemSerializer

    def get_queryset(self):
        owner = self.owner()
        if owner.get("token") == "":
            return selectors.cart_items(owner).none()
        return selectors.cart_items(owner)


class CartAddView(CartView):
    def post(self, request):
        data = validated(CartWriteInput, request.data)
        item = services.add_item(
            owner=self.owner(create=True), goods_id=data["archive_id"], sku_id=data["sku_id"], quantity=data["quantity"]
        )
        return self.answer(CartItemSerializer(selectors.with_display(item), context={"request": request}).data)


class CartUpdateView(CartView):
    def post(self, request):
        data = validated(CartUpdateInput, request.data)
        item = services.set_quantity(
            owner=self.owner(create=True), goods_id=data["archive_id"], sku_id=data["sku_id"], quantity=data["quantity"]
        )
        if item is None:
            return self.answer(None)
        return self.answer(CartItemSerializer(selectors.with_display(item), context={"request": request}).data)


class CartRemoveView(CartView):
    def post(self, request):
        data = validated(CartRemoveInput, request.data)
        services.remove_item(owner=self.owner(), item_id=data["id"])
        return self.answer(None)
