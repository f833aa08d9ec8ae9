"""Publishing a review and moderating it. Moderation locks the reviews it changes and keeps each
product's ``review_count`` and ``review_score_total`` right in the same transaction, whoever else
moderates at the same time."""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from config.api import ApiError
from orders.models import OrderDetail
from orders.selectors import order_for_user
from orders.status import OrderStatus
from shop import catalogue, uploads
from shop.models import Goods
from shop.selectors import published_goods

from .models import Review


def publish(*, goods_id, content, score, image_ids=(), order_id="", user=None, guest_token="", user_name="",
            email=""):  # fmt: skip
    """A pending review of a product by ``user``, or by a guest named ``user_name``. Tied to an order
    (``order_id``), it must be my completed order containing the product, reviewed once."""
    signed_in = user is not None and user.is_authenticated
    goods = published_goods().filter(pk=goods_id).first()
    if goods is None:
        raise ApiError(_("archive_id: product not found"))
    if not content.strip():
        raise ApiError(_("content: write a few words"))
    if not 1 <= score <= 5:
        raise ApiError(_("score: from 1 to 5"))
    if not signed_in and not user_name.strip():
        raise ApiError(_("user_name: a guest's review needs a name"))
    images = uploads.attached(image_ids, user=user, guest_token=guest_token)
    order = sku = None
    if order_id:
        if not signed_in:
            raise ApiError(_("order_id: sign in to review an order"))
        try:
            order = order_for_user(user, order_id)
        except ApiError as exc:
            raise ApiError(_("order_id: %(problem)s") % {"problem": exc.detail}) from None
        if order.status != OrderStatus.FINISHED:
            raise ApiError(_("order_id: an order can be reviewed once it is completed"))
        line = OrderDetail.objects.filter(order=order, goods=goods).first()
        if line is None:
            raise ApiError(_("archive_id: this order has no such product"))
        sku = line.sku_id
        if Review.objects.filter(order=order, goods=goods).exists():
            raise ApiError(_("order_id: you have already reviewed this product of this order"))
    review = Review(goods=goods, sku_id=sku, order=order, user=user if signed_in else None, score=score,
                    user_name=(user_name.strip() or user.username) if signed_in else user_name.strip(),
                    email=email.strip(), content=content.strip())  # fmt: skip
    try:
        with transaction.atomic():
            review.save()
            review.images.set(images)
    except IntegrityError:  # the same review posted twice at once: the constraint let one in
        raise ApiError(_("order_id: you have already reviewed this product of this order")) from None
    return review


def moderate(review_ids, status):
    """Approve or reject reviews; each product's counts move by the reviews whose being shown changed.
    Returns how many reviews changed."""
    with transaction.atomic():
        reviews = list(Review.objects.select_for_update().filter(pk__in=review_ids).order_by("pk"))
        count, total = Counter(), Counter()
        changed = [review for review in reviews if review.status != status]
        for review in changed:
            step = 1 if status == Review.Status.APPROVED else -1 if review.status == Review.Status.APPROVED else 0
            count[review.goods_id] += step
            total[review.goods_id] += step * review.score
        Review.objects.filter(pk__in=[review.pk for review in changed]).update(status=status)
        moved = sorted(goods_id for goods_id, step in count.items() if step)  # in id order: no deadlock
        for goods_id in moved:
            Goods.objects.filter(pk=goods_id).update(
                review_count=F("review_count") + count[goods_id],
                review_score_total=F("review_score_total") + total[goods_id],
            )
        if moved:
            catalogue.changed()  # the cached catalogue answers show review_count
    return len(changed)
