from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cart.models import CartItem
from config.api import ApiError

from . import selectors, services
from .forms import AddressForm
from .models import Address, OrderEvent
from .pricing import Line
from .status import STATUS_FILTERS, OrderStatus

ORDERS_PER_PAGE = 10
TABS = [("", "All"), ("waiting", "To pay"), ("paid", "Paid"), ("delivery", "Shipped"), ("finished", "Completed"),
        ("refunding", "Refunding"), ("refunded", "Refunded"), ("closed", "Cancelled")]  # fmt: skip


def _checkout_request(request):
    """What is being bought: ``?goods_id=&sku_id=&quantity=`` (buy now), else the whole cart."""
    source = request.POST if request.method == "POST" else request.GET
    if source.get("goods_id"):
        try:
            line = Line(int(source["goods_id"]), int(source.get("sku_id") or 0) or None,
                        max(int(source.get("quantity") or 1), 1))  # fmt: skip
        except ValueError:
            raise ApiError("goods_id, sku_id and quantity must be whole numbers") from None
        return {"lines": [line]}
    cart_ids = list(CartItem.objects.filter(user=request.user).values_list("id", flat=True))
    if not cart_ids:
        raise ApiError("Your cart is empty.")
    return {"cart_ids": cart_ids}


def _chosen_coupon(source):
    """The coupon the shopper picked (one of theirs) or typed, as ``create_order`` takes it."""
    typed = source.get("coupon_code", "").strip()
    if typed:
        return {"coupon_code": typed}
    picked = source.get("coupon_code_id", "")
    return {"coupon_code_id": int(picked)} if picked.isdigit() and int(picked) else {}


@login_required
def checkout(request):
    addresses = list(selectors.addresses_for_user(request.user))
    source = request.POST if request.method == "POST" else request.GET
    form = AddressForm(request.POST or None, prefix="new")
    coupon = _chosen_coupon(source)
    try:
        wanted = _checkout_request(request)
    except ApiError as exc:
        messages.error(request, str(exc.detail))
        return redirect("cart:cart")
    try:
        if request.method == "POST" and "place" in request.POST:
            chosen = request.POST.get("address", "")
            if chosen == "new":
                address = form.cleaned_data if form.is_valid() else None
            else:
                address = {"id": int(chosen)} if chosen.isdigit() else None
            if chosen != "new" or address is not None:
                order = services.create_order(
                    user=request.user, remark=source.get("remark", "")[:500], address=address, coupon=coupon, **wanted
                )
                messages.success(request, f"Order {order.order_id} placed.")
                return redirect("orders:detail", order_id=order.order_id)
        priced, latest, usable = services.checkout_preview(user=request.user, coupon=coupon, **wanted)
    except ApiError as exc:
        if not coupon:
            messages.error(request, str(exc.detail))
            return redirect("cart:cart")
        messages.error(request, str(exc.detail))  # a coupon that does not fit: show the order without it
        coupon = {}
        priced, latest, usable = services.checkout_preview(user=request.user, **wanted)
    return render(
        request,
        "orders/checkout.html",
        {
            "priced": priced,
            "addresses": addresses,
            "latest": latest,
            "form": form,
            "wanted": wanted,
            "usable": usable,
            "coupon": coupon,
            "new_chosen": source.get("address") == "new" or not addresses,
            "chosen_address": source.get("address", ""),
        },
    )


@login_required
def order_list(request):
    tab = request.GET.get("status", "")
    status = STATUS_FILTERS.get(tab)
    page = Paginator(selectors.orders_with_lines(request.user, status=status), ORDERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "orders/list.html", {"page": page, "tabs": TABS, "tab": tab, "query": f"status={tab}"})


@login_required
def order_detail(request, order_id):
    events = Prefetch("events", queryset=OrderEvent.objects.select_related("actor"))
    order = get_object_or_404(selectors.orders_with_lines(request.user).prefetch_related(events), order_id=order_id)
    return render(request, "orders/detail.html", {"order": order, "Status": OrderStatus})


def _order_action(request, order_id, act, done):
    order = get_object_or_404(selectors.orders_with_lines(request.user), order_id=order_id)
    try:
        act(order)
        messages.success(request, done)
    except ApiError as exc:
        messages.error(request, str(exc.detail))
    return redirect("orders:detail", order_id=order_id)


@login_required
@require_POST
def cancel(request, order_id):
    def act(order):
        services.cancel_order(order=order, actor=request.user, note="cancelled by the buyer")

    return _order_action(request, order_id, act, "Order cancelled.")


@login_required
@require_POST
def finish(request, order_id):
    def act(order):
        services.finish_order(order=order, actor=request.user, note="receipt confirmed by the buyer")

    return _order_action(request, order_id, act, "Thanks! The order is complete.")


@login_required
def address_book(request, pk=None):
    editing = get_object_or_404(Address, pk=pk, user=request.user) if pk else None
    form = AddressForm(request.POST or None, instance=editing)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data, **({"id": editing.pk} if editing else {}))
        services.save_address(user=request.user, data=data)
        messages.success(request, "Address saved.")
        return redirect("orders:addresses")
    return render(
        request,
        "orders/addresses.html",
        {"addresses": selectors.addresses_for_user(request.user), "form": form, "editing": editing},
    )
