from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cart.models import CartItem
from config.api import ApiError
from config.pages import chosen_sku_id, refusal, refusal_text, whole_number
from payments.models import Refund
from reviews.models import Review
from shop.submissions import key_of, submitted_once

from . import selectors, services
from .forms import AddressForm
from .models import Address, OrderEvent
from .pricing import Line
from .status import STATUS_FILTERS, OrderStatus

ORDERS_PER_PAGE = 10
TABS = [("", gettext_lazy("All")), ("waiting", gettext_lazy("To pay")), ("paid", gettext_lazy("Paid")),
        ("delivery", gettext_lazy("Shipped")), ("finished", gettext_lazy("Completed")),
        ("refunding", gettext_lazy("Refunding")), ("refunded", gettext_lazy("Refunded")),
        ("closed", gettext_lazy("Cancelled"))]  # fmt: skip
BUY_NOW_FIELDS = ("goods_id", "sku_id", "quantity")


def _checkout_request(user, source):
    """What is being bought: ``goods_id``, ``sku_id``, ``quantity`` (buy now), else the whole cart."""
    if source.get("goods_id"):
        goods_id = whole_number(source, "goods_id", minimum=1)
        quantity = whole_number(source, "quantity", minimum=1, default=1, required=False)
        line = Line(goods_id, chosen_sku_id(source), quantity)
        return {"lines": [line]}
    cart_ids = list(CartItem.objects.filter(user=user).values_list("id", flat=True))
    if not cart_ids:
        raise ApiError(_("Your cart is empty."))
    return {"cart_ids": cart_ids}


def _chosen_coupon(source):
    """The coupon the shopper picked (one of theirs) or typed, as ``create_order`` takes it."""
    typed = source.get("coupon_code", "").strip()
    if typed:
        return {"coupon_code": typed}
    picked = source.get("coupon_code_id", "")
    return {"coupon_code_id": int(picked)} if picked.isdigit() and int(picked) else {}


def _back(request, source, exc):
    """A checkout that cannot go on: back to the product (buy now) or the cart, saying why."""
    messages.error(request, refusal_text(exc))
    goods_id = source.get("goods_id", "")
    if goods_id.isdigit():
        return redirect("shop:goods", pk=int(goods_id))
    return redirect("cart:cart")


def _chosen_address(source, form, errors):
    """The address to deliver to as ``create_order`` takes it, or None with the reason in ``errors``."""
    chosen = source.get("address", "")
    if chosen == "new":
        return form.cleaned_data if form.is_valid() else None
    if chosen.isdigit():
        return {"id": int(chosen)}
    errors["address"] = "Address: choose where to deliver."
    return None


def _place(source, place, coupon, form, errors):
    """Place the order the page shows; None with ``errors`` filled when something is not right."""
    address = _chosen_address(source, form, errors)
    if address is None:
        return None
    try:
        return place(remark=source.get("remark", "")[:500], address=address, coupon=coupon,
                     expected_amount=whole_number(source, "amount", minimum=0, required=False))  # fmt: skip
    except ApiError as exc:
        field, text = refusal(exc)
        errors["coupon" if field in ("coupon_code", "coupon_code_id", "coupon_id") else field or "order"] = text
        return None


@submitted_once
def checkout(request):
    source = request.POST if request.method == "POST" else request.GET
    if not request.user.is_authenticated:  # buy now survives the detour through the login page
        wanted = {name: source[name] for name in BUY_NOW_FIELDS if source.get(name)}
        return redirect_to_login(f"{request.path}?{urlencode(wanted)}" if wanted else request.path)
    try:
        wanted = _checkout_request(request.user, source)
    except ApiError as exc:
        return _back(request, source, exc)

    def place(**chosen):
        return services.create_order(user=request.user, idempotency_key=key_of(request), **wanted, **chosen)

    return checkout_page(request, source, wanted, place=place, back=lambda exc: _back(request, source, exc),
                         context={"resend": wanted.get("lines", [])})  # fmt: skip


def checkout_page(request, source, wanted, *, place, back, context, template="orders/checkout.html"):
    """The checkout of ``wanted`` (``checkout_preview``'s lines or cart_ids): its coupon, address and
    total, and ``place(remark=, address=, coupon=, expected_amount=)`` once the shopper places it.
    ``back(exc)`` answers a checkout that cannot go on (sold out, say)."""
    coupon = _chosen_coupon(source)
    new_chosen = source.get("address") == "new"
    form = AddressForm(request.POST if new_chosen and "place" in source else None, prefix="new",
                       use_required_attribute=False)  # fmt: skip
    errors = {}
    if request.method == "POST" and "place" in source:
        order = _place(source, place, coupon, form, errors)
        if order is not None:
            messages.success(request, _("Order %(number)s placed.") % {"number": order.order_id})
            return redirect("orders:detail", order_id=order.order_id)
    preview = None
    if coupon:
        try:
            preview = services.checkout_preview(user=request.user, coupon=coupon, **wanted)
        except ApiError as exc:  # a coupon that does not fit: the order is shown without it
            errors["coupon"], coupon = refusal_text(exc), {}
    if preview is None:
        try:
            preview = services.checkout_preview(user=request.user, **wanted)
        except ApiError as exc:  # the order itself cannot be made (sold out, say): back, with why
            return back(exc)
    priced, default, usable = preview
    addresses = list(selectors.addresses_for_user(request.user))
    chosen_address = source.get("address") or ("new" if not addresses else str(default.pk if default else ""))
    return render(
        request,
        template,
        {"priced": priced, "addresses": addresses, "form": form, "usable": usable, "coupon": coupon,
         "chosen_address": chosen_address, "errors": errors, **context},
    )  # fmt: skip


@login_required
def order_list(request):
    tab = request.GET.get("status", "")
    if tab not in STATUS_FILTERS:
        tab = ""
    search = request.GET.get("search", "").strip()[:64]
    orders = selectors.orders_with_lines(request.user, status=STATUS_FILTERS.get(tab), search=search)
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "orders/list.html",
        {
            "page": page,
            "tabs": TABS,
            "tab": tab,
            "search": search,
            "query": urlencode({"status": tab, "search": search}),
        },
    )


@login_required
def order_detail(request, order_id):
    events = Prefetch("events", queryset=OrderEvent.objects.select_related("actor"))
    order = get_object_or_404(
        selectors.orders_with_lines(request.user).prefetch_related(events, "refunds"), order_id=order_id
    )
    reviewed = set(Review.objects.filter(order=order).values_list("goods_id", flat=True))
    return render(request, "orders/detail.html", {"order": order, "Status": OrderStatus, "Refund": Refund.Status,
                                                  "reviewed": reviewed})  # fmt: skip


def order_action(request, order_id, act, done):
    """Carry out a shopper's action on one of their orders and go back to it, saying how it went."""
    order = get_object_or_404(selectors.orders_with_lines(request.user), order_id=order_id)
    try:
        act(order)
        messages.success(request, done)
    except ApiError as exc:
        messages.error(request, refusal_text(exc))
    return redirect("orders:detail", order_id=order_id)


@login_required
@require_POST
@submitted_once
def cancel(request, order_id):
    def act(order):
        services.cancel_order(order=order, actor=request.user, note=services.CANCELLED_BY_BUYER)

    return order_action(request, order_id, act, _("Order cancelled."))


@login_required
@require_POST
@submitted_once
def finish(request, order_id):
    def act(order):
        services.finish_order(order=order, actor=request.user, note=services.RECEIVED_BY_BUYER)

    return order_action(request, order_id, act, _("Thanks! The order is complete."))


@login_required
def address_book(request, pk=None):
    editing = get_object_or_404(Address, pk=pk, user=request.user) if pk else None
    form = AddressForm(request.POST or None, instance=editing)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data, **({"id": editing.pk} if editing else {}))
        services.save_address(user=request.user, data=data)
        messages.success(request, _("Address saved."))
        return redirect("orders:addresses")
    return render(
        request,
        "orders/addresses.html",
        {"addresses": selectors.addresses_for_user(request.user), "form": form, "editing": editing},
    )


def _address_action(request, pk, act, done):
    get_object_or_404(Address, pk=pk, user=request.user)
    act(user=request.user, address_id=pk)
    messages.success(request, done)
    return redirect("orders:addresses")


@login_required
@require_POST
def delete_address(request, pk):
    return _address_action(request, pk, services.delete_address, _("Address deleted."))


@login_required
@require_POST
def default_address(request, pk):
    return _address_action(request, pk, services.set_default_address, _("Default address chosen."))
