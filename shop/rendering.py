"""The API's ``goods`` object built from value rows, each product's kept in the Django cache.

Order lines, cart rows and checkout lines repeat a few products; rendering each through
``GoodsSerializer`` (storage URLs, nested fields rebuilt per request) was most of those reads' time.
Here a product's object is built once per change: its cache key holds ``updated_at`` (a picture's
change touches it, see ``shop.signals``), the absolute URL's base and the language, and the counters that move
without touching it (stock, sales, views, reviews) are read with the row and laid over.
``GoodsSerializer`` stays as the documented schema; ``shop/tests/test_rendering.py`` holds both to
the same bytes.
"""

from collections import defaultdict

from django.urls import reverse
from django.utils import translation

from config.api import unix_time
from config.cache import get_or_build_many
from config.queries import Prepared

from .models import Goods, GoodsImage, translated
from .serializers import GoodsSerializer

COUNTERS = ("views", "comment_count", "stock", "sold_count", "review_count")
COLUMNS = ("id", "title", "title_en", "seo_title", "url_token", "keywords", "description", "description_en",
           "module_id", "category_id", "canonical_url", "fixed_link", "status", "seller_id", "price", "origin_price",
           "user_limit", "created_at", "updated_at", *COUNTERS)  # fmt: skip
KEYS = ("id", "updated_at", *COUNTERS)  # what a query of rows that show products reads of each
TIMEOUT = 24 * 60 * 60  # an object whose product changed is never asked for again: let it go in a day
# ``KEY_ROWS(*ids)``: those products' rows of ``KEYS``, read by every order page (config.queries).
KEY_ROWS = Prepared(lambda *pks: Goods.objects.filter(pk__in=pks).values(*KEYS))


def joined(relation="goods"):
    """The ``KEYS`` of the product, read through ``relation`` in the query of the rows that show it."""
    return tuple(f"{relation}__{name}" for name in KEYS)


def objects_of_joined(request, rows, relation="goods"):
    """``{id: goods object}`` for rows that read ``joined(relation)`` (drafts too: old orders show them)."""
    products = {}
    for row in rows:
        if row[f"{relation}__id"] is not None:
            products[row[f"{relation}__id"]] = {name: row[f"{relation}__{name}"] for name in KEYS}
    return objects_of_rows(request, products.values())


def objects_of(request, goods):
    """``{id: goods object}`` for loaded ``Goods`` (no query when they are cached)."""
    return objects_of_rows(request, [{name: getattr(one, name) for name in COLUMNS} for one in goods], full=True)


def objects_of_rows(request, rows, full=False):
    """``{id: goods object}`` for rows of ``KEYS`` (``full``: of all ``COLUMNS``): one cache read; the
    misses are built at once (read again first unless ``full``)."""
    base = request.build_absolute_uri("/")
    rows = {row["id"]: row for row in rows}
    language = translation.get_language()
    keys = {pk: f"goods:{pk}:{row['updated_at'].timestamp()}:{base}:{language}" for pk, row in rows.items()}

    def build(missing):
        read = [rows[pk] for pk in missing] if full else Goods.objects.filter(pk__in=missing).values(*COLUMNS)
        return _build(request, read)

    objects = {}
    for pk, cached in get_or_build_many(keys, build, TIMEOUT).items():
        goods = dict(cached)
        for name in COUNTERS:
            goods[name] = rows[pk][name]
        objects[pk] = goods
    return objects


def _build(request, rows):
    storage = GoodsImage._meta.get_field("image").storage
    pictures = defaultdict(list)
    images = GoodsImage.objects.filter(goods_id__in=[row["id"] for row in rows]).order_by("sort", "id")
    for goods_id, image, thumb in images.values_list("goods_id", "image", "thumb"):
        pictures[goods_id].append((image, thumb or image))
    built = {}
    for row in rows:
        urls = [request.build_absolute_uri(storage.url(image)) for image, _ in pictures[row["id"]]]
        first_thumb = pictures[row["id"]][0][1] if urls else ""
        values = {
            **row,
            "title": translated(row["title"], row["title_en"]),
            "description": translated(row["description"], row["description_en"]),
            "images": urls,
            "logo": urls[0] if urls else "",
            "thumb": request.build_absolute_uri(storage.url(first_thumb)) if urls else "",
            "link": request.build_absolute_uri(reverse("shop:goods", args=[row["id"]])),
            "user_id": row["seller_id"] or 0,
            "created_time": unix_time(row["created_at"]),
            "updated_time": unix_time(row["updated_at"]),
        }
        built[row["id"]] = {name: values[name] for name in GoodsSerializer.Meta.fields}
    return built
