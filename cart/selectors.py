from config.queries import Prepared
from shop.rendering import joined

from .models import CartItem

COLUMNS = ("id", "goods_id", "sku_id", "quantity", "origin_price", "user_id", "token", "created_at", "sku__price",
           "sku__stock", *joined())  # fmt: skip
# A cart's rows as values of COLUMNS (cart.rendering shows them), read by every cart answer, so written by the
# ORM once (config.queries): a user's, or a guest token's.
ROWS = Prepared(lambda user_id, token: (
    CartItem.objects.filter(user_id=user_id, **({} if token is None else {"token": token})).values(*COLUMNS)
))  # fmt: skip


def rows_args(owner):
    """``ROWS``'s arguments for a cart (``cart.services.owner_of``). A guest with no token yet has an empty
    cart: no row has an empty token (``cart_has_exactly_one_owner``)."""
    return (owner["user"].pk, None) if owner["user"] is not None else (None, owner["token"])
