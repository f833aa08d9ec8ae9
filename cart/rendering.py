"""Cart rows as the API (and the cart page) show them, built from value rows: the products' parts
come from ``shop.rendering``. ``CartItemSerializer`` stays as the documented schema;
``cart/tests/test_rendering.py`` holds both to the same bytes."""

from config.api import unix_time
from shop.rendering import objects_of, objects_of_joined
from shop.selectors import option_values_of

from .selectors import COLUMNS
from .serializers import CartItemSerializer


def cart_rows(request, rows, goods=None):
    """The answers of cart rows (dicts of ``COLUMNS``), in their order; ``goods``: their products'
    objects when the caller has them."""
    rows = list(rows)
    goods = goods or objects_of_joined(request, rows)
    values = _sku_values({row["sku_id"] for row in rows if row["sku_id"]})
    answers = []
    for row in rows:
        product = goods.get(row["goods_id"])
        if product is None:
            continue  # the product was deleted (with its cart rows) since they were read
        price, stock = (row["sku__price"], row["sku__stock"]) if row["sku_id"] else (product["price"], product["stock"])
        fields = {
            **row,
            "archive_id": row["goods_id"],
            "sku_id": row["sku_id"] or 0,
            "sku_values": values.get(row["sku_id"], []),
            "price": price,
            "amount": price * row["quantity"],
            "title": product["title"],
            "thumb": product["thumb"],
            "stock": stock,
            "status": product["status"],
            "user_id": row["user_id"] or 0,
            "created_time": unix_time(row["created_at"]),
        }
        answers.append({name: fields[name] for name in CartItemSerializer.Meta.fields})
    return answers


def cart_row(request, item):
    """The answer of one written row (a ``CartItem``)."""
    row = {name: getattr(item, name) for name in COLUMNS if "__" not in name}
    row["sku__price"], row["sku__stock"] = (item.sku.price, item.sku.stock) if item.sku_id else (None, None)
    return cart_rows(request, [row], goods=objects_of(request, [item.goods]))[0]


def _sku_values(sku_ids):
    """``{sku id: [its option values]}``, in the order of the options."""
    return {sku_id: [{"id": value.pk, "option_id": value.option_id, "option_title": value.option.title,
                      "title": value.title} for value in values]
            for sku_id, values in option_values_of(sku_ids).items()}  # fmt: skip
