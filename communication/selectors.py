from django.db.models import Count, Prefetch, Q

from shop.models import Attachment

from .models import CustomOrder, FormField, Message

PICTURES = Prefetch("images", queryset=Attachment.objects.order_by("pk").only("pk", "file", "thumb"))
SHOP_PICTURES = [
    Prefetch(name, queryset=Attachment.objects.order_by("pk")) for name in ("sketch_images", "finished_images")
]


def requests_of(user):
    """My requests, newest first, each with its pictures, order number and the shop's unread messages."""
    unread = Count("messages", filter=Q(messages__read_by_user=False) & ~Q(messages__sender_kind=Message.Sender.USER))
    return (
        CustomOrder.objects.filter(user=user)
        .select_related("order")
        .prefetch_related(PICTURES)
        .annotate(unread=unread)
        .order_by("-id")
    )


def thread(custom_order):
    return custom_order.messages.order_by("id")


def filled_fields(custom_order):
    """The request's ``order_extra`` as ``(label, value, is_picture)`` in the form's order; a field staff
    removed since keeps its key as its label."""
    defined = {field.field_name: field for field in FormField.objects.all()}
    known = [name for name in defined if name in custom_order.extra]
    shown = []
    for name in known + [name for name in custom_order.extra if name not in defined]:
        field, value = defined.get(name), custom_order.extra[name]
        is_picture = field is not None and field.type in (FormField.Type.IMAGE, FormField.Type.FILE)
        shown.append(
            (field.name if field else name, ", ".join(value) if isinstance(value, list) else value, is_picture)
        )
    return shown
