from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.api import ApiError
from config.pages import chosen_sku_id, refusal_text, whole_number

from . import rendering, selectors, services
from .api import cart_owner, set_cart_cookie
from .models import CartItem


def _keep_token(response, new_token):
    return set_cart_cookie(response, new_token) if new_token else response


def _back(request):
    """The page the shopper came from (on this site), else the cart."""
    back = request.POST.get("back", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("cart:cart")


def cart_page(request, errors=None):
    owner = cart_owner(request)[0]
    rows = rendering.cart_rows(request, selectors.ROWS(*selectors.rows_args(owner)))
    for row in rows:
        row["error"] = (errors or {}).get(row["id"], "")
    total = sum(row["amount"] for row in rows)
    return render(request, "cart/cart.html", {"rows": rows, "total": total})


@require_POST
def add(request):
    owner, new_token = cart_owner(request, create=True)
    try:
        services.add_item(
            owner=owner,
            goods_id=whole_number(request.POST, "goods_id", minimum=1),
            sku_id=chosen_sku_id(request.POST),
            quantity=whole_number(request.POST, "quantity", minimum=1),
        )
    except ApiError as exc:
        messages.error(request, refusal_text(exc))
        return _keep_token(_back(request), new_token)
    messages.success(request, _("Added to your cart."))
    return _keep_token(redirect("cart:cart"), new_token)


@require_POST
def update(request):
    owner = cart_owner(request)[0]
    try:
        row_id = whole_number(request.POST, "id", minimum=1)
    except ApiError:
        return redirect("cart:cart")
    item = CartItem.objects.filter(**owner, pk=row_id).first()
    if not item:
        messages.error(request, _("That item is no longer in your cart."))
        return redirect("cart:cart")
    try:
        services.set_quantity(
            owner=owner,
            goods_id=item.goods_id,
            sku_id=item.sku_id,
            quantity=whole_number(request.POST, "quantity", minimum=1),
        )
    except ApiError as exc:
        return cart_page(request, errors={item.pk: refusal_text(exc)})
    messages.success(request, _("Quantity updated."))
    return redirect("cart:cart")


@require_POST
def remove(request):
    owner = cart_owner(request)[0]
    try:
        services.remove_item(owner=owner, item_id=whole_number(request.POST, "id", minimum=1))
    except ApiError as exc:
        messages.error(request, refusal_text(exc))
    return redirect("cart:cart")
