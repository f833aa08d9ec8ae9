import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config.api import ApiError
from config.pages import refusal_text
from orders.models import Order
from orders.status import OrderStatus
from orders.views import order_action
from shop.submissions import submitted_once

from . import gateways, services
from .api import urls_for
from .gateways import GatewayError, InvalidNotification
from .gateways.sandbox import notification_for, payment_id_in
from .models import Payment

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def notify(request, pay_way):
    """``/notify/<pay_way>/pay``: a gateway tells us about a payment. Verified, then confirmed once."""
    if pay_way not in gateways.GATEWAYS:
        raise Http404
    try:
        gateway = services.handle_notification(pay_way, request)
    except (InvalidNotification, ApiError) as exc:
        logger.warning("%s notification refused: %s", pay_way, exc)
        return HttpResponseBadRequest("refused")
    except GatewayError as exc:  # it could not be checked now: the gateway sends it again later
        logger.warning("%s notification not checked: %s", pay_way, exc)
        return HttpResponse("try again later", status=503)
    back = request.POST.get("return_url", "")  # the sandbox page's browser, sent back into this shop only
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return HttpResponse(gateway.notification_ok)


@login_required
def return_page(request, payment_id):
    """Where a gateway sends the shopper back: ask it once how the payment stands, then show the order."""
    payment = get_object_or_404(Payment.objects.select_related("order"), payment_id=payment_id, user=request.user)
    if payment.status == Payment.Status.PENDING and payment.pay_way in gateways.available():
        try:
            services.ask_gateway(payment, source="return")
        except (GatewayError, InvalidNotification) as exc:
            logger.warning("return page of %s could not ask the gateway: %s", payment_id, exc)
    payment.refresh_from_db()
    return render(request, "payments/return.html", {"payment": payment, "order": payment.order})


@login_required
def cancelled_page(request, payment_id):
    payment = get_object_or_404(Payment.objects.select_related("order"), payment_id=payment_id, user=request.user)
    return render(request, "payments/cancelled.html", {"payment": payment, "order": payment.order})


def sandbox_page(request, token):
    """The local test gateway's page: its buttons post a signed notification, as a gateway would."""
    if not gateways.GATEWAYS["sandbox"].configured():
        raise Http404
    try:
        payment_id = payment_id_in(token)
    except signing.BadSignature:
        raise Http404 from None  # forged, or older than LINK_MAX_AGE
    payment = get_object_or_404(Payment.objects.select_related("order"), payment_id=payment_id, pay_way="sandbox")
    return render(
        request,
        "payments/sandbox.html",
        {"payment": payment, "paid": notification_for(payment, paid=True),
         "failed": notification_for(payment, paid=False)},
    )  # fmt: skip


@login_required
@submitted_once
def pay_page(request, order_id):
    """Choose how to pay an order; the gateway's page, the WeChat QR code or the balance takes it from here."""
    order = get_object_or_404(Order, user=request.user, order_id=order_id)
    if request.method == "POST":
        try:
            answer = services.start_payment(
                user=request.user, order_id=order_id, pay_way=request.POST.get("pay_way", ""),
                urls_for=urls_for(request),
            )  # fmt: skip
        except ApiError as exc:
            messages.error(request, refusal_text(exc))
            return redirect("payments:pay", order_id=order_id)
        if "jump_url" in answer:
            return redirect(answer["jump_url"])
        if "code_url" in answer:
            return render(request, "payments/qr.html", {"order": order, "code_url": answer["code_url"]})
        messages.success(request, _("Paid from your balance. Thank you!"))
        return redirect("orders:detail", order_id=order_id)
    return render(
        request,
        "payments/pay.html",
        {
            "order": order,
            "ways": {way: gateways.PAY_WAY_NAMES[way] for way in gateways.available()},
            "waiting": order.status == OrderStatus.WAITING,
        },
    )


@login_required
@require_POST
@submitted_once
def refund(request, order_id):
    def act(order):
        services.request_refund(user=request.user, order_id=order.order_id, reason=request.POST.get("reason", "")[:500])

    return order_action(request, order_id, act, _("Refund requested. We will review it shortly."))
