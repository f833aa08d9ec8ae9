"""The one place order amounts are computed (spec sections 1 and 6).

Rounding: every percentage is applied to whole cents and rounded down (``amount * percent // 100``),
per line for the member discount and on the paid amount for commissions, so the shop never gives
away a fraction of a cent more than its settings say.
"""

from dataclasses import dataclass

from config.api import ApiError
from coupons.rules import check_code
from shop.serializers import OPTION_VALUE
from shop.services import why_not_purchasable


@dataclass
class Line:
    goods_id: int
    sku_id: int | None
    quantity: int
    quoted_price: int | None = None  # a unit price the shop quoted (custom orders), set by our code only


@dataclass
class PricedLine:
    goods: object
    sku: object | None
    quantity: int
    origin_price: int
    price: int

    @property
    def goods_id(self):
        return self.goods.pk

    @property
    def sku_id(self):
        return self.sku.pk if self.sku else None

    @property
    def origin_amount(self):
        return self.origin_price * self.quantity

    @property
    def amount(self):
        return self.price * self.quantity

    @property
    def sku_values(self):
        return [OPTION_VALUE.to_representation(value) for value in self.sku.option_values] if self.sku else []


@dataclass
class PricedOrder:
    lines: list
    origin_amount: int
    discount_amount: int
    amount: int
    coupon_code: object = None
    coupon_amount: int = 0
    seller_id: int | None = None
    seller_amount: int = 0
    share_user: object = None
    share_amount: int = 0
    share_parent_user: object = None
    share_parent_amount: int = 0


def check_lines(lines, goods, skus):
    """Every line names a published product, and a SKU of that product exactly when it has SKUs."""
    for index, line in enumerate(lines):
        sku = skus.get(line.sku_id) if line.sku_id else None
        problem = why_not_purchasable(goods.get(line.goods_id), line.sku_id, sku)
        if problem:
            raise ApiError(f"details[{index}].{problem[0]}: {problem[1]}")


def price_order(lines, goods, skus, *, buyer, seller_percent, coupon_code=None):
    """Price ``lines`` from the database rows in ``goods``/``skus`` for ``buyer``.

    The buyer's inviter's group ``discount`` is the member discount; then at most one coupon code
    applies to the member prices (``coupons.rules``). The inviter earns their own
    group's ``share_reward`` of the paid amount, the inviter's inviter their group's
    ``parent_reward``; the seller earns the shop's ``seller_percent()`` when every line is theirs (asked only
    then: it is a read of the shop's rules).
    """
    inviter = buyer.parent
    discount = inviter.group.discount if inviter and inviter.group else 0
    priced = []
    for line in lines:
        sku = skus.get(line.sku_id) if line.sku_id else None
        if line.quoted_price is not None:  # the quote is the price: no member discount on top
            origin_price = price = line.quoted_price
        else:
            origin_price = (sku or goods[line.goods_id]).price
            price = origin_price - origin_price * discount // 100
        priced.append(
            PricedLine(
                goods=goods[line.goods_id], sku=sku, quantity=line.quantity, origin_price=origin_price, price=price
            )
        )
    origin_amount = sum(p.origin_amount for p in priced)
    coupon_amount = check_code(coupon_code, user=buyer, lines=priced) if coupon_code else 0
    amount = sum(p.amount for p in priced) - coupon_amount
    order = PricedOrder(
        lines=priced,
        origin_amount=origin_amount,
        discount_amount=origin_amount - amount,
        amount=amount,
        coupon_code=coupon_code,
        coupon_amount=coupon_amount,
    )

    if inviter and inviter.group and inviter.group.share_reward:
        order.share_user, order.share_amount = inviter, amount * inviter.group.share_reward // 100
        grand = inviter.parent
        if grand and grand.group and grand.group.parent_reward:
            order.share_parent_user, order.share_parent_amount = grand, amount * grand.group.parent_reward // 100
    sellers = {p.goods.seller_id for p in priced}
    if len(sellers) == 1 and None not in sellers and (percent := seller_percent()):
        order.seller_id = priced[0].goods.seller_id
        order.seller_amount = amount * percent // 100
    return order
