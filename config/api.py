"""The API's shared wiring: envelope, errors, paging, time fields (spec section 1).

Views return plain data; the renderer wraps it as ``{"code", "msg", "data"[, "total"]}``.
Every error, ours or DRF's, goes through ``exception_handler`` and answers HTTP 200 with
its code, as AnQiCMS clients branch on ``code`` and not on the HTTP status.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db.models import Count, Window
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.views import APIView, set_rollback

from .api_codes import ERROR, NOT_AUTHORIZED, NOT_LOGGED_IN
from .queries import Prepared

logger = logging.getLogger(__name__)


class ApiError(exceptions.APIException):
    """A rule of the shop said no: services raise this with a message for the client."""

    status_code = 200

    def __init__(self, msg, code=ERROR):
        super().__init__(msg)
        self.api_code = code


def _first_message(detail, prefix=""):
    """The first validation message, prefixed with the path of the field it belongs to."""
    if isinstance(detail, dict):
        field, value = next(iter(detail.items()))
        if isinstance(field, int):  # a list serializer's errors, keyed by position
            return _first_message(value, f"{prefix}[{field}]")
        name = "" if field == "non_field_errors" else str(field)
        return _first_message(value, f"{prefix}.{name}" if prefix and name else prefix or name)
    if isinstance(detail, list):
        for index, item in enumerate(detail):
            if item:
                nested = isinstance(item, (dict, list))
                return _first_message(item, f"{prefix}[{index}]" if nested and prefix else prefix)
        return prefix
    return f"{prefix}: {detail}" if prefix else str(detail)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.ParseError(
            _("body: larger than %(kb)s KB") % {"kb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024}
        )
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        # A bug, not a rule: logged with its traceback, answered as the envelope clients can read.
        logger.error("unhandled error in %s", context.get("view").__class__.__name__, exc_info=exc)
        set_rollback()
        response = Response(None, status=500)
        response.api_code, response.api_msg = ERROR, _("server error, please try again later")
        return response

    if isinstance(exc, ApiError):
        code, msg = exc.api_code, str(exc.detail)
    elif isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        code, msg = NOT_LOGGED_IN, _("not logged in")
    elif isinstance(exc, exceptions.PermissionDenied):
        code, msg = NOT_AUTHORIZED, _("not authorized")
    elif isinstance(exc, exceptions.ValidationError):
        code, msg = ERROR, _first_message(exc.detail)
    else:
        code, msg = ERROR, str(exc.detail)

    set_rollback()
    response = Response(None, status=200)
    response.api_code, response.api_msg = code, msg
    if getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait))
    return response


class NotFoundView(APIView):
    """Answers any unknown path under /api, for any method, with the envelope."""

    authentication_classes = []

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound(f"no such endpoint: {request.path}")


class PagePagination(BasePagination):
    """``current``/``pageSize`` paging; AnQiCMS clients also send ``page``, ``limit``, ``page_size``."""

    default_size = 10
    max_size = 100
    max_page = 10**6  # past any real list: keeps the offset a number every database takes

    def window(self, request):
        """``(offset, size)`` of the page asked for."""
        page = min(max(_read_int(request.query_params, ("current", "page"), 1), 1), self.max_page)
        size = _read_int(request.query_params, ("pageSize", "limit", "page_size"), self.default_size)
        size = min(max(size, 1), self.max_size)
        return (page - 1) * size, size

    def paginate_queryset(self, queryset, request, view=None):
        offset, size = self.window(request)
        if queryset.query.distinct or queryset.query.combinator:  # a window would count before DISTINCT
            self.total = queryset.count()
            return list(queryset[offset : offset + size]) if offset < self.total else []
        # The page and the total in one statement.
        return self._page(list(with_total(queryset)[offset : offset + size]), queryset.count, offset)

    def paginate_prepared(self, prepared, args, request):
        """``paginate_queryset`` for the rows of a prepared query (``config.queries``) with ``args``: the
        page's statement is written by the ORM once per window."""
        paged = PAGED.get(prepared)
        if paged is None:
            paged = PAGED[prepared] = Prepared(lambda *markers: with_total(prepared.build(*markers)))
        offset, size = self.window(request)
        return self._page(paged(*args, window=(offset, size)), lambda: prepared.build(*args).count(), offset)

    def _page(self, rows, count, offset):
        """The page's rows (each with ``_total``, taken off) and ``self.total``; a page past the end has
        no row to carry the total: ``count()`` counts them."""
        if not rows:
            self.total = count() if offset else 0
            return []
        if isinstance(rows[0], dict):
            self.total = rows[0]["_total"]
            for row in rows:
                del row["_total"]
        else:
            self.total = rows[0]._total
        return rows

    def get_paginated_response(self, data):
        response = Response(data)
        response.api_total = self.total
        return response

    def get_paginated_response_schema(self, schema):
        return {**schema, "x-paged": True}  # config.schema puts ``total`` beside it in the envelope

    def get_schema_operation_parameters(self, view):
        described = [("current", "page number, from 1"), ("pageSize", f"rows a page, at most {self.max_size}"),
                     ("page", "AnQiCMS's other name for current"), ("limit", "another name for pageSize"),
                     ("page_size", "another name for pageSize")]  # fmt: skip
        return [{"name": name, "in": "query", "required": False, "description": text, "schema": {"type": "integer"}}
                for name, text in described]  # fmt: skip


def with_total(queryset):
    """``queryset`` with each row's ``_total``: how many rows it has in all (``COUNT(*) OVER ()``)."""
    return queryset.annotate(_total=Window(Count("*")))


PAGED = {}  # a prepared query -> the same with each row's total (PagePagination.paginate_prepared)


def _read_int(params, names, default):
    for name in names:
        raw = params.get(name)
        if raw not in (None, ""):
            try:
                return int(raw)
            except ValueError:
                raise ApiError(f"{name}: must be a whole number") from None
    return default


def validated(serializer_class, data, **kwargs):
    """Validate ``data`` (a body or query string) with ``serializer_class`` and return the clean values.

    One instance of each serializer (and options) validates every request: DRF deep-copies all the declared
    fields into each new instance, which cost more than the validation (a fifth of a checkout preview). Our
    input serializers keep nothing on the instance while they validate.
    """
    key = (serializer_class, *sorted(kwargs.items()))
    serializer = VALIDATORS.get(key)
    if serializer is None:
        serializer = VALIDATORS[key] = serializer_class(**kwargs)
    return serializer.run_validation(data)


VALIDATORS = {}  # (serializer class, its options) -> the instance that validates with them (``validated``)


@extend_schema_field(OpenApiTypes.INT)
class UnixTimeField(serializers.Field):
    """A datetime as unix seconds; ``0`` for none, as the spec says."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        # DRF renders a None attribute as null without asking the field; the spec wants 0.
        return super().get_attribute(instance) or 0

    def to_representation(self, value):
        return unix_time(value)


def unix_time(value):
    """A datetime as the API writes it: unix seconds, ``0`` for none."""
    return int(value.timestamp()) if value else 0


MAX_ID = 2**63 - 1  # the largest id the databases hold: a larger number names nothing and cannot be queried


class IdField(serializers.IntegerField):
    """An object's id in a request: a whole number the database can hold."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class OptionalIdField(serializers.IntegerField):
    """A nullable foreign key's id as the spec writes it: ``0`` for none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return super().get_attribute(instance) or 0
