"""The envelope renderer (orjson) writes the bytes DRF's JSON renderer wrote."""

import datetime
import decimal
import uuid

from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from config.renderers import EnvelopeRenderer


def test_the_same_bytes_as_drfs_renderer():
    data = {
        "title": '茶杯 «tea» \u2028 line\u2029 para "quoted" \\ / \t',
        "when": datetime.datetime(2026, 12, 4, 10, 11, 12, 345678, tzinfo=datetime.UTC),
        "day": datetime.date(2026, 12, 4),
        "price": decimal.Decimal("12.34"),
        "label": gettext_lazy("Price"),
        "id": uuid.UUID(int=7),
        "ints": {1: [0, -1, 2**62], 2: None},
        "flags": (True, False),
        "empty": [],
    }
    response = Response(data)
    response.api_total = 3
    ours = EnvelopeRenderer().render(data, renderer_context={"response": response})
    drf = JSONRenderer().render({"code": 0, "msg": "", "data": data, "total": 3})
    assert ours == drf
    assert b"\\u2028" in ours and "茶杯".encode() in ours
