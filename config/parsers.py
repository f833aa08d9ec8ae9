"""The API's JSON parser: AnQiCMS bodies are JSON objects of a few fields, so anything else (a
bare ``null``, a list, a body nested hundreds deep) is a clear error, not a crash deep inside a
view. (A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused before: ``config.api``.)"""

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 20  # the deepest AnQiCMS body (an order's details) is 3


def _depth(value):
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
            stack.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))
    return deepest


class ObjectJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = json.loads(stream.read().decode((parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET))
        except (ValueError, RecursionError) as exc:
            raise ParseError(
                "body: not valid JSON" if isinstance(exc, ValueError) else "body: nested too deeply"
            ) from None
        if not isinstance(data, dict):
            raise ParseError("body: send a JSON object")
        if _depth(data) > MAX_DEPTH:
            raise ParseError("body: nested too deeply")
        return data
