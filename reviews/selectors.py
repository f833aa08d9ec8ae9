from django.db.models import Prefetch

from shop.models import Attachment

from .models import Review


def approved(*, goods_id=0, user_id=0, ordering=("-id",)):
    """Approved reviews, of one product and/or one user, with their order numbers and pictures."""
    reviews = Review.objects.filter(status=Review.Status.APPROVED)
    if goods_id:
        reviews = reviews.filter(goods_id=goods_id)
    if user_id:
        reviews = reviews.filter(user_id=user_id)
    shown = ("id", "order__order_id", "goods_id", "sku_id", "user_id", "user_name", "score", "content", "reply",
             "created_at", "status")  # fmt: skip
    pictures = Prefetch("images", queryset=Attachment.objects.order_by("pk").only("pk", "file"))
    return reviews.select_related("order").only(*shown).prefetch_related(pictures).order_by(*ordering)
