"""Paying orders and refunding them (spec sections 6 and 7).

``confirm_payment`` is the one way an order becomes paid, whoever reports the payment (a
notification, the poller, a return page, the balance or staff). Gateway HTTP calls are made
outside any transaction, so no database lock is ever held while a gateway answers.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.api import ApiError
from orders import vip
from orders.models import Commission, Order
from orders.numbers import next_number
from orders.selectors import order_for_user, shop_settings
from orders.status import OrderStatus, RefundStatus, apply_transition
from shop import emails, wechat_login
from shop.models import User
from shop.money import format_money

from . import gateways
from .gateways import GatewayError, InvalidNotification, Verified
from .models import Payment, PaymentEvent, Refund

logger = logging.getLogger(__name__)


def _waiting(order):
    if order.status != OrderStatus.WAITING:
        raise ApiError(
            _("order is %(status)s: only an order waiting for payment can be paid")
            % {"status": OrderStatus(order.status).label}
        )


def start_payment(*, user, order_id, pay_way, urls_for, openid=""):
    """Begin paying my order ``order_id`` with ``pay_way``; the answer the client needs (spec section 7)."""
    order = order_for_user(user, order_id)
    _waiting(order)
    if pay_way == "balance" or order.amount == 0:
        return pay_with_balance(user=user, order=order)
    gateway = gateways.get(pay_way)
    payment = _new_payment(order, user=user, pay_way=pay_way)
    payment.openid = openid or (wechat_login.weapp_openid(user) if pay_way == "weapp" else "")
    try:
        answer, reference = gateway.start(payment, urls=urls_for(payment))
    except GatewayError as exc:
        Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.FAILED)
        raise ApiError(
            _("%(pay_way)s is not answering, please try again or choose another way: %(error)s")
            % {"pay_way": pay_way, "error": exc}
        ) from exc
    Payment.objects.filter(pk=payment.pk).update(gateway_ref=reference)
    Order.objects.filter(pk=order.pk).update(payment_id=payment.payment_id, updated_at=timezone.now())
    return {"pay_way": pay_way, **answer}


def pay_with_balance(*, user, order):
    """Pay at once from the buyer's balance, in one transaction with the order becoming paid."""
    payment_id = next_number("payment")
    with transaction.atomic(durable=True):
        locked = Order.objects.select_for_update().get(pk=order.pk)
        _waiting(locked)
        if locked.amount and not User.objects.filter(pk=user.pk, balance__gte=locked.amount).update(
            balance=F("balance") - locked.amount
        ):
            balance = User.objects.get(pk=user.pk).balance
            raise ApiError(
                _("balance: %(balance)s is not enough for %(amount)s")
                % {"balance": format_money(balance), "amount": format_money(locked.amount)}
            )
        if locked.amount:
            payment = _new_payment(locked, user=user, pay_way="balance", payment_id=payment_id)
            _confirm_in_full(payment, txn_id=payment_id, source="balance")
        else:
            apply_transition(locked.pk, "pay", actor=user, note=gettext_noop("nothing to pay"), payment_id=payment_id)
    return {"payment_id": payment_id, "order_id": order.order_id, "status": OrderStatus.PAID}


def _record(payment, pay_way, verified, source, outcome, *, refused=False):
    """Record what the gateway said, once per gateway transaction; False when it was already recorded.

    A refused message is keyed by what it claimed, so it never stands in for the gateway's later,
    correct message about the same transaction.
    """
    said = "paid" if verified.paid else "unpaid"
    if refused:
        said = f"refused {said} {verified.amount} {verified.currency}"
    key = f"{verified.txn_id or verified.payment_id}:{said}"
    try:
        with transaction.atomic():
            PaymentEvent.objects.create(
                payment=payment, pay_way=pay_way, event_key=key[:160], source=source, amount=verified.amount,
                currency=verified.currency, outcome=outcome, payload=verified.raw or {},
            )  # fmt: skip
    except IntegrityError:
        return False
    return True


def confirm_payment(*, pay_way, verified, source, actor=None):
    """Mark the order of a verified payment paid, exactly once.

    Locks the payment, then its order. A replay (same gateway transaction) changes nothing; an
    amount or currency that differs from what we asked is refused and logged; a payment for an
    order already closed is kept, and refunded through its gateway by a queued task.
    Returns the payment.
    """
    with transaction.atomic():
        payment, refusal = _confirm_locked(pay_way, verified, source, actor)
    if refusal:  # raised after the transaction, so the record of the refused message stays
        raise InvalidNotification(refusal)
    return payment


OFFLINE = "offline"  # money that reached the shop outside the gateways (a bank transfer, cash)


def mark_paid_offline(*, order, staff, payment=None):
    """Staff confirm money that arrived outside the gateways: for ``payment`` (pending, its gateway
    never said), else the order's pending payment, else a new offline payment of the order's amount."""
    payment = payment or order.payments.filter(status=Payment.Status.PENDING).order_by("-pk").first()
    if payment is None:
        _waiting(order)
        if order.amount == 0:
            return apply_transition(order.pk, "pay", actor=staff, note=gettext_noop("nothing to pay"))
        payment = _new_payment(order, user=order.user, pay_way=OFFLINE)
    if payment.status != Payment.Status.PENDING:
        raise ApiError(
            _("payment %(payment)s is %(status)s: only a pending one")
            % {"payment": payment.payment_id, "status": payment.get_status_display()}
        )
    try:
        return _confirm_in_full(payment, txn_id=f"OFFLINE-{payment.payment_id}", source="staff", actor=staff)
    except InvalidNotification as exc:
        raise ApiError(str(exc)) from exc


def _new_payment(order, *, user, pay_way, payment_id=None):
    """A pending payment of the whole order by ``pay_way``."""
    return Payment.objects.create(
        payment_id=payment_id or next_number("payment"), order=order, user=user, pay_way=pay_way, amount=order.amount,
        currency=settings.SHOP_CURRENCY,
    )  # fmt: skip


def _confirm_in_full(payment, *, txn_id, source, actor=None):
    """``payment`` paid in full with money the shop already holds (the balance, or what staff saw arrive)."""
    verified = Verified(payment_id=payment.payment_id, paid=True, txn_id=txn_id, amount=payment.amount,
                        currency=payment.currency)  # fmt: skip
    return confirm_payment(pay_way=payment.pay_way, verified=verified, source=source, actor=actor)


def _confirm_locked(pay_way, verified, source, actor):
    payment = Payment.objects.select_for_update().filter(payment_id=verified.payment_id, pay_way=pay_way).first()
    if payment is None:
        _record(None, pay_way, verified, source, "unknown payment", refused=True)
        return None, f"no {pay_way} payment {verified.payment_id}"
    if not verified.paid:
        _record(payment, pay_way, verified, source, "not paid")
        return payment, None
    if verified.amount != payment.amount or verified.currency.upper() != payment.currency:
        if _record(payment, pay_way, verified, source, "refused: amount or currency differs", refused=True):
            logger.error("payment %s: %s %s reported, %s %s asked", payment.payment_id, verified.amount,
                         verified.currency, payment.amount, payment.currency)  # fmt: skip
        return payment, "amount or currency differs from the payment"
    if not _record(payment, pay_way, verified, source, "paid") or payment.status == Payment.Status.PAID:
        return payment, None  # already processed (or paid before under another transaction id)
    payment.status, payment.gateway_txn_id = Payment.Status.PAID, verified.txn_id
    payment.paid_amount, payment.payer_amount, payment.paid_at = verified.amount, verified.paid_by_payer, timezone.now()
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    if order.status == OrderStatus.WAITING:
        payment.save()
        apply_transition(order.pk, "pay", actor=actor, note=gateways.PAY_WAY_NAMES.get(pay_way, pay_way),
                         payment_id=payment.payment_id)  # fmt: skip
        if order.type == "vip":
            vip.grant(order)
        emails.send_after_commit("order_paid", order.pk)
        return payment, None
    payment.orphaned = True
    payment.save()
    refund = Refund.objects.create(
        order=order, payment=payment, amount=payment.paid_amount, captured_amount=payment.paid_amount,
        automatic=True, status=Refund.Status.PROCESSING, idempotency_key=f"auto-{payment.payment_id}",
        reason=f"paid after the order was {OrderStatus(order.status).label}",
    )  # fmt: skip
    logger.warning("payment %s arrived for %s order %s: refunding", payment.payment_id,
                   OrderStatus(order.status).label, order.order_id)  # fmt: skip
    transaction.on_commit(lambda: _queue_refund(refund.pk))
    emails.send_after_commit("staff_late_payment", payment.pk)
    return payment, None


def _queue_refund(refund_pk):
    from .tasks import process_refund

    process_refund.delay(refund_pk)


def handle_notification(pay_way, request):
    """A gateway's notification: verified, then confirmed. Raises ``InvalidNotification``, or
    ``GatewayError`` when the gateway's help to verify it (PayPal's) is not to be had."""
    gateway = gateways.get(pay_way)
    try:
        verified = gateway.verify_notification(request)
    except (ValueError, KeyError, TypeError) as exc:  # not UTF-8, not JSON, not the shape gateways send
        raise InvalidNotification(f"malformed: {exc.__class__.__name__}") from exc
    confirm_payment(pay_way=pay_way, verified=verified, source="notify")
    return gateway


def ask_gateway(payment, source="poll"):
    """Query the gateway about a pending payment (no lock held) and confirm it if paid; True when paid."""
    verified = gateways.get(payment.pay_way).query(payment)
    if verified.paid:
        confirm_payment(pay_way=payment.pay_way, verified=verified, source=source)
    return verified.paid


def check_payment(*, user, order_id):
    """``/api/payment/check``: paid already, or ask the gateway of the latest attempt once."""
    order = order_for_user(user, order_id)
    if order.paid_at is None:
        pending = order.payments.filter(status=Payment.Status.PENDING).exclude(pay_way="balance").first()
        if pending is not None and pending.pay_way in gateways.available():
            try:
                ask_gateway(pending, source="check")
            except (GatewayError, InvalidNotification) as exc:
                logger.warning("check of %s failed: %s", pending.payment_id, exc)
        order.refresh_from_db()
    if order.paid_at is None:
        raise ApiError(_("unpaid"))
    return {"paid": True, "status": order.status}


def request_refund(*, user, order_id, reason=""):
    """The buyer asks for a refund of a paid order, or of a completed one within ``refund_days``."""
    order = order_for_user(user, order_id)
    if order.status == OrderStatus.FINISHED:
        days = shop_settings().refund_days
        if order.finished_at < timezone.now() - timedelta(days=days):
            raise ApiError(_("refunds are possible within %(days)s days of completion") % {"days": days})
    payment = order.payments.filter(status=Payment.Status.PAID, orphaned=False).first()
    if payment is None and order.status in (OrderStatus.PAID, OrderStatus.FINISHED):
        raise ApiError(_("this order has no payment to refund"))
    with transaction.atomic():
        order = apply_transition(order.pk, "request_refund", actor=user, note=reason,
                                 refund_status=RefundStatus.NONE)  # fmt: skip
        try:
            with transaction.atomic():
                refund = Refund.objects.create(
                    order=order, payment=payment, amount=payment.paid_amount, captured_amount=payment.paid_amount,
                    reason=reason, idempotency_key=f"refund-{order.order_id}",
                )  # fmt: skip
        except IntegrityError:
            raise ApiError(_("a refund of this order was already requested")) from None
        emails.send_after_commit("staff_refund_requested", refund.pk)
    return order


def approve_refund(*, refund, staff):
    """Staff approve: the money goes back through the original payment, by a queued task."""
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.status not in (Refund.Status.REQUESTED, Refund.Status.FAILED):
            raise ApiError(_("this refund is %(status)s") % {"status": refund.get_status_display()})
        refund.status, refund.decided_by, refund.error = Refund.Status.PROCESSING, staff, ""
        refund.save(update_fields=["status", "decided_by", "error", "updated_at"])
        Order.objects.filter(pk=refund.order_id).update(refund_status=RefundStatus.NONE, updated_at=timezone.now())
        transaction.on_commit(lambda: _queue_refund(refund.pk))
        emails.send_after_commit("refund_approved", refund.pk)
    return refund


def reject_refund(*, refund, staff, reason):
    """Staff reject: the order goes back to where it was, ``refund_status`` -1, the reason kept."""
    if not reason.strip():
        raise ApiError(_("reason: say why the refund is rejected"))
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.status != Refund.Status.REQUESTED:
            raise ApiError(_("this refund is %(status)s") % {"status": refund.get_status_display()})
        refund.status, refund.decided_by, refund.decision_note = Refund.Status.REJECTED, staff, reason
        refund.save(update_fields=["status", "decided_by", "decision_note", "updated_at"])
        apply_transition(refund.order_id, "reject_refund", actor=staff, note=reason,
                         refund_status=RefundStatus.FAILED)  # fmt: skip
        emails.send_after_commit("refund_rejected", refund.pk)
    return refund


def process_refund(refund_pk):
    """Carry out an approved refund at the gateway (or into the balance) and finish it. Idempotent:
    a refund no longer processing is left alone, and the gateway sees the same idempotency key."""
    refund = Refund.objects.select_related("payment", "order").get(pk=refund_pk)
    if refund.status != Refund.Status.PROCESSING:
        return refund
    Refund.objects.filter(pk=refund.pk).update(attempts=F("attempts") + 1)
    gateway_refund_id = ""
    if refund.payment.pay_way not in ("balance", OFFLINE):  # those two go back without a gateway
        try:
            gateway_refund_id = gateways.GATEWAYS[refund.payment.pay_way]().refund(refund)
        except GatewayError as exc:
            _refund_failed(refund, str(exc))
            raise
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.status != Refund.Status.PROCESSING:
            return refund
        refund.status, refund.gateway_refund_id = Refund.Status.SUCCEEDED, gateway_refund_id
        refund.save(update_fields=["status", "gateway_refund_id", "updated_at"])
        if refund.payment.pay_way == "balance":
            User.objects.filter(pk=refund.payment.user_id).update(balance=F("balance") + refund.amount)
        if not refund.automatic:
            order = apply_transition(refund.order_id, "approve_refund", actor=refund.decided_by,
                                     note=gettext_noop("refunded"), refund_status=RefundStatus.REFUNDED)  # fmt: skip
            _reverse_commissions(refund)
            if order.type == "vip":
                vip.revoke(order)
    return refund


def _refund_failed(refund, error):
    with transaction.atomic():
        Refund.objects.filter(pk=refund.pk, status=Refund.Status.PROCESSING).update(
            status=Refund.Status.FAILED, error=error[:2000]
        )
        if not refund.automatic:
            Order.objects.filter(pk=refund.order_id).update(
                refund_status=RefundStatus.FAILED, updated_at=timezone.now()
            )


def _reverse_commissions(refund):
    """Take back commissions a refunded order earned; one the balance cannot cover is left for staff."""
    for commission in Commission.objects.select_for_update().filter(order_id=refund.order_id, reversed=False):
        taken = User.objects.filter(pk=commission.user_id, balance__gte=commission.amount).update(
            balance=F("balance") - commission.amount, total_reward=F("total_reward") - commission.amount
        )
        if taken:
            Commission.objects.filter(pk=commission.pk).update(reversed=True)
        else:
            Refund.objects.filter(pk=refund.pk).update(
                error=f"commission {commission.pk} of {format_money(commission.amount)} could not be taken back"
            )
