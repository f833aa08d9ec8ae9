from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.api import ApiError

from . import selectors, services
from .api import cart_owner, set_cart_cookie
from .serializers import CartItemSerializer


def _keep_token(response, new_token):
    return set_cart_cookie(response, new_token) if new_token else response


def _int(request, name, default=0):
    try:
        return int(request.POST.get(name, default) or default)
    except ValueError:
        raise ApiError(f"{name}: must be a whole number") from None


def cart_page(request):
    owner, _ = cart_owner(request)
    items = selectors.cart_items(owner) if owner.get("token") != "" else []
    rows = CartItemSerializer(items, many=True, context={"request": request}).data
    total = sum(row["amount"] for row in rows)
    return render(request, "cart/cart.html", {"rows": rows, "total": total})


@require_POST
def add(request):
    owner, new_token = cart_owner(request, create=True)
    try:
        services.add_item(
            owner=owner,
            goods_id=_int(request, "goods_id"),
            sku_id=_int(request, "sku_id") or None,
            quantity=max(_int(request, "quantity", 1), 1),
        )
    except ApiError as exc:
        messages.error(request, str(exc.detail))
        return _keep_token(redirect(request.POST.get("back") or "cart:cart"), new_token)
    messages.success(request, "Added to your cart.")
    return _keep_token(redirect("cart:cart"), new_token)


@require_POST
def update(request):
    owner, _ = cart_owner(request)
    try:
        services.set_quantity(
            owner=owner,
            goods_id=_int(request, "goods_id"),
            sku_id=_int(request, "sku_id") or None,
            quantity=max(_int(request, "quantity"), 0),
        )
    except ApiError as exc:
        messages.error(request, str(exc.detail))
    return redirect("cart:cart")


@require_POST
def remove(request):
    owner, _ = cart_owner(request)
    try:
        services.remove_item(owner=owner, item_id=_int(request, "id"))
    except ApiError as exc:
        messages.error(request, str(exc.detail))
    return redirect("cart:cart")
