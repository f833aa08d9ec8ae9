"""Custom orders as the shopper and staff move them: each change through ``status.apply`` under the
request's lock, each message with its sender taken from who is calling, never from the body."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.api import ApiError
from orders.pricing import Line
from orders.services import cancel_order, create_order
from shop import emails, uploads
from shop.selectors import published_goods

from . import status
from .fields import validate_extra
from .models import CustomOrder, Message

# The order's note when its request closed while it was being accepted (shown translated, as the timeline's).
ACCEPT_UNDONE = gettext_noop("the custom order closed while it was accepted")


def mine(user, pk, field="id"):
    """My request ``pk``, or "not found" naming the body's ``field`` (someone else's too: its existence is
    not told)."""
    custom_order = CustomOrder.objects.filter(user=user, pk=pk).first()
    if custom_order is None:
        raise ApiError(_("%(field)s: request not found") % {"field": field})
    return custom_order


def create(*, user, goods_id, title, content, phone="", image_ids=(), extra=None):
    """A request for something made to order, of a product of the shop, waiting for the shop."""
    goods = published_goods().filter(pk=goods_id).first()
    if goods is None:
        raise ApiError(_("archive_id: product not found"))
    images = uploads.attached(image_ids, user=user)
    extra = validate_extra(extra or {}, user=user)
    with transaction.atomic():
        custom_order = CustomOrder.objects.create(user=user, goods=goods, title=title.strip(), content=content.strip(),
                                                  phone=phone.strip(), extra=extra)  # fmt: skip
        custom_order.images.set(images)
        emails.send_after_commit("custom_order_new", custom_order.pk)
    return custom_order


def update(*, user, pk, title=None, content=None, extra=None):
    """Change my request's words or fields before it is accepted (a quote is withdrawn by it)."""
    changes = {name: value.strip() for name, value in (("title", title), ("content", content)) if value}
    if extra is not None:
        changes["extra"] = validate_extra(extra, user=user)
    with transaction.atomic():
        return status.apply(mine(user, pk).pk, "update", **changes)


def _message_content(user, message_type, content):
    """What a shopper's message keeps: its text, or for a picture or a file the URL of my upload ``content``."""
    if message_type == Message.Type.QUOTE:
        raise ApiError(_("message_type: only the shop sends quotes"))
    if message_type in (Message.Type.IMAGE, Message.Type.FILE, Message.Type.VIDEO):
        if not str(content).isdigit():
            raise ApiError(_("content: the id of a file you uploaded"))
        (attachment,) = uploads.mine([int(content)], user=user)
        return attachment.file.url
    if not str(content).strip():
        raise ApiError(_("content: write a message"))
    return str(content).strip()


def send_message(*, user, pk, message_type, content):
    """A message from me, the shopper, on my request."""
    kept = _message_content(user, message_type, content)
    with transaction.atomic():
        custom_order = status.apply(mine(user, pk, "comm_order_id").pk, "user_message")
        message = Message.objects.create(custom_order=custom_order, sender_kind=Message.Sender.USER, sender=user,
                                         type=message_type, content=kept, read_by_user=True)  # fmt: skip
        emails.send_after_commit("custom_order_shopper_message", message.pk)
        return message


def staff_message(*, staff, pk, content, message_type=Message.Type.TEXT):
    """A staff member's reply (text, or the URL of a picture they put up)."""
    with transaction.atomic():
        custom_order = status.apply(pk, "staff_message")
        message = Message.objects.create(custom_order=custom_order, sender_kind=Message.Sender.STAFF, sender=staff,
                                         type=message_type, content=content, read_by_staff=True)  # fmt: skip
        emails.send_after_commit("custom_order_reply", message.pk)
        return message


def add_pictures(*, staff, pk, kind, attachments):
    """Staff's sketches (``kind`` "sketch_images") or pictures of the finished piece ("finished_images"):
    kept on the request and each sent to its thread; the shopper hears of them once."""
    with transaction.atomic():
        custom_order = status.apply(pk, "staff_message")
        getattr(custom_order, kind).add(*attachments)
        sent = Message.objects.bulk_create(
            Message(custom_order=custom_order, sender_kind=Message.Sender.STAFF, sender=staff,
                    type=Message.Type.IMAGE, content=attachment.file.url, read_by_staff=True)
            for attachment in attachments
        )  # fmt: skip
        emails.send_after_commit("custom_order_reply", sent[-1].pk)


def close(*, pk, action, user=None):
    """Decline ("reject", staff) or "cancel" an open request (staff, or its shopper ``user``): the thread
    notes it, and the shopper hears of the shop's decision."""
    with transaction.atomic():
        custom_order = status.apply(mine(user, pk).pk if user else pk, action)
        note = Message.objects.create(custom_order=custom_order, sender_kind=Message.Sender.SYSTEM,
                                      content=CustomOrder.Status(custom_order.status).name.lower(),
                                      read_by_user=user is not None, read_by_staff=user is None)  # fmt: skip
        if user is None:
            emails.send_after_commit("custom_order_reply", note.pk)
    return custom_order


def quote(*, staff, pk, price, text):
    """The shop's price (cents) and what it covers: the request becomes quoted, the thread says so."""
    if price <= 0:
        raise ApiError(_("quote_price: more than ¥0.00"))
    with transaction.atomic():
        custom_order = status.apply(pk, "quote", quote_price=price, quote_content=text.strip())
        message = Message.objects.create(custom_order=custom_order, sender_kind=Message.Sender.STAFF, sender=staff,
                                         type=Message.Type.QUOTE, content=text.strip(), read_by_staff=True)  # fmt: skip
        emails.send_after_commit("custom_order_quoted", message.pk)
        return custom_order


def read_by_user(custom_order):
    """The shop's messages of the request, now read by its shopper."""
    custom_order.messages.exclude(sender_kind=Message.Sender.USER).filter(read_by_user=False).update(read_by_user=True)


def _quoted_for(user, goods_id):
    """My latest quoted request for ``goods_id``: what an AnQiCMS client accepts when it names no ``id``."""
    custom_order = CustomOrder.objects.filter(user=user, goods_id=goods_id, status=CustomOrder.Status.QUOTED).last()
    if custom_order is None:
        raise ApiError(_("id: which request? None of yours for this product is quoted"))
    return custom_order


def quoted_line(custom_order, sku_id=None):
    """The order line of an accepted quote: the requested product (the option chosen) at the quoted price."""
    return Line(custom_order.goods_id, sku_id or None, 1, quoted_price=custom_order.quote_price)


def accept(*, user, pk=None, goods_id=None, sku_id=None, address=None, remark="", coupon=None, expected_amount=None):
    """Accept my quoted request: a normal order at the quoted price through ``orders.services.create_order``
    (address and coupon rules as any order), linked to the request, once. Two accepts at once make one
    order (its idempotency key is the request's); the second is refused."""
    custom_order = mine(user, pk) if pk else _quoted_for(user, goods_id)
    if custom_order.status != CustomOrder.Status.QUOTED:
        raise ApiError(str(status.TRANSITIONS["accept"].refusal))
    if custom_order.goods_id is None:
        raise ApiError(_("archive_id: product not found"))
    order = create_order(user=user, lines=[quoted_line(custom_order, sku_id)], address=address, coupon=coupon,
                         remark=remark or custom_order.title, expected_amount=expected_amount,
                         idempotency_key=f"custom-order:{custom_order.pk}")  # fmt: skip
    try:
        with transaction.atomic():
            status.apply(custom_order.pk, "accept", order=order)
            Message.objects.create(custom_order=custom_order, sender_kind=Message.Sender.SYSTEM, type=Message.Type.TEXT,
                                   content=order.order_id)  # fmt: skip
            emails.send_after_commit("custom_order_accepted", custom_order.pk)
    except ApiError:
        if not CustomOrder.objects.filter(order=order).exists():  # cancelled meanwhile: the order goes too
            cancel_order(order=order, note=ACCEPT_UNDONE)
        raise
    return order
