import factory

from orders.models import Address
from orders.pricing import Line
from orders.services import create_order
from orders.status import apply_transition
from shop.tests.factories import UserFactory

ADDRESS = {
    "name": "Wang",
    "phone": "13888888888",
    "province": "Henan",
    "city": "Zhengzhou",
    "country": "Zhongyuan",
    "address_info": "233 Zhongyuan West Road",
    "postcode": "450000",
}


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    name = "Wang"
    phone = "13888888888"
    province = "Henan"
    city = "Zhengzhou"
    country = "Zhongyuan"
    address_info = factory.Sequence(lambda n: f"{n} Zhongyuan West Road")
    postcode = "450000"


# The actions that take a new order to each status, through the status machine.
PATHS = {
    -1: ["cancel"],
    0: [],
    1: ["pay"],
    2: ["pay", "ship"],
    3: ["pay", "ship", "finish"],
    8: ["pay", "request_refund"],
    9: ["pay", "request_refund", "approve_refund"],
}


def place_order(user, goods, quantity=1, sku=None, status=0, coupon=None, address=None):
    """An order made by the real service, then moved to ``status`` through the status machine."""
    lines = [Line(goods.pk, sku.pk if sku else None, quantity)]
    order = create_order(user=user, lines=lines, coupon=coupon, address=address)
    for action in PATHS[status]:
        order = apply_transition(order.pk, action)
    return order
