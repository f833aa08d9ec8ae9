"""Demo reviews: the shopper's review of their completed order, approved and answered by the shop, and
a guest's waiting for staff to read it."""

from orders.models import Order
from orders.status import OrderStatus

from . import services
from .models import Review


def seed_reviews(shopper):
    if Review.objects.exists():
        return
    order = Order.objects.filter(user=shopper, status=OrderStatus.FINISHED).prefetch_related("details").first()
    if order is None:
        return
    goods_id = order.details.all()[0].goods_id
    mine = services.publish(goods_id=goods_id, order_id=order.order_id, user=shopper, score=5,
                            content="做工很好，包装也仔细，会再来买。")  # fmt: skip
    services.moderate([mine.pk], Review.Status.APPROVED)
    Review.objects.filter(pk=mine.pk).update(reply="谢谢您的支持，期待再次光临！")
    services.publish(goods_id=goods_id, user_name="路过的客人", score=4, content="颜色比图片略深一点，总体满意。")
