from django.db.models import Count, Prefetch, Q

from shop.models import Attachment

from .models import CustomOrder, Message

PICTURES = Prefetch("images", queryset=Attachment.objects.order_by("pk").only("pk", "file"))


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
