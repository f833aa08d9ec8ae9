"""The catalogue's API answers (archive and category lists) are the same for every visitor: each is
cached per query, and all are dropped together once a change of goods, SKUs, pictures, categories
or stock commits (``shop.signals`` and ``shop.stock`` call ``changed``).

The version is a random token, not a counter: two changes can never write the same version back,
so an answer built before a change can never be read after it.
"""

import hashlib
import uuid
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

VERSION = "catalogue:version"
TIMEOUT = 10 * 60


def _new_version():
    return uuid.uuid4().hex


def changed(**_signal_arguments):
    transaction.on_commit(lambda: cache.set(VERSION, _new_version(), None))


def cached(request, names, build):
    """``build()``, from the cache while the catalogue is unchanged; ``names`` are the query
    parameters the answer depends on (others are ignored, so they cannot fill the cache), and it is
    kept per language.

    One round trip: the answer is kept beside the version it was built under, and read with the
    current version."""
    query = urlencode(sorted((name, value) for name in names for value in request.query_params.getlist(name)))
    asked = f"{translation.get_language()}:{request.build_absolute_uri(request.path)}?{query}"
    key = "catalogue:" + hashlib.sha256(asked.encode()).hexdigest()
    found = cache.get_many([VERSION, key])
    version = found.get(VERSION) or cache.get_or_set(VERSION, _new_version, None)
    if key in found and found[key][0] == version:
        return found[key][1]
    answer = build()
    cache.set(key, (version, answer), TIMEOUT)
    return answer
