from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import ApiError, validated
from shop.rendering import objects_of

from . import rendering, selectors, services, vip
from .models import Order
from .serializers import (
    ADDRESS,
    ORDER,
    AddressSerializer,
    ChartQuery,
    CheckoutSerializer,
    OrderDetailSerializer,
    OrderIdInput,
    OrderInput,
    OrderListQuery,
    OrderListSerializer,
    OrderSerializer,
    vip_checkout,
)
from .status import STATUS_FILTERS


class LoggedIn(APIView):
    permission_classes = [IsAuthenticated]


class LatestAddressView(LoggedIn):
    @extend_schema(responses=AddressSerializer, description="My latest address, or null.")
    def get(self, request):
        address = selectors.latest_address(request.user)
        return Response(ADDRESS.to_representation(address) if address else None)

    @extend_schema(request=AddressSerializer, responses=AddressSerializer,
                   description="Save an address: a new one, or mine named by id.")  # fmt: skip
    def post(self, request):
        data = validated(AddressSerializer, request.data, partial="id" in request.data)
        address = services.save_address(user=request.user, data=dict(data))
        return Response(ADDRESS.to_representation(address))


class AddressListView(LoggedIn):
    @extend_schema(responses=AddressSerializer(many=True))
    def get(self, request):
        return Response(AddressSerializer(selectors.addresses_for_user(request.user), many=True).data)


class CheckoutView(LoggedIn):
    @extend_schema(request=OrderInput, responses=CheckoutSerializer)
    def post(self, request):
        body = validated(OrderInput, request.data)
        if body["type"] == "vip":
            return Response(vip_checkout(vip.group_on_sale(body.get("lines") or [])))
        priced, address, usable = services.checkout_preview(user=request.user, **OrderInput.service_kwargs(body))
        goods = objects_of(request, [line.goods for line in priced.lines])
        return Response(rendering.checkout(priced, address, usable, goods))


class CreateOrderView(LoggedIn):
    @extend_schema(request=OrderInput, responses=OrderSerializer,
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)])  # fmt: skip
    def post(self, request):
        body = validated(OrderInput, request.data)
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 64:
            raise ApiError(_("Idempotency-Key: at most 64 characters"))
        if body["type"] == "vip":
            order = vip.create_vip_order(user=request.user, lines=body.get("lines") or [], remark=body["remark"],
                                         idempotency_key=key or None)  # fmt: skip
        else:
            order = services.create_order(user=request.user, remark=body["remark"], idempotency_key=key or None,
                                          **OrderInput.service_kwargs(body))  # fmt: skip
        return Response(ORDER.to_representation(order))


@extend_schema(parameters=[OrderListQuery])
class OrderListView(LoggedIn, generics.ListAPIView):
    serializer_class = OrderListSerializer  # the schema; the answer is built by orders.rendering
    queryset = Order.objects.none()

    def list(self, request, *args, **kwargs):
        status = validated(OrderListQuery, request.query_params)["status"]
        args = (request.user.pk, STATUS_FILTERS.get(status))
        orders = self.paginator.paginate_prepared(selectors.MY_ORDER_ROWS, args, request)
        return self.get_paginated_response(rendering.order_list(request, orders))


class OrderDetailView(LoggedIn):
    @extend_schema(parameters=[OrderIdInput], responses=OrderDetailSerializer)
    def get(self, request):
        order_id = validated(OrderIdInput, request.query_params)["order_id"]
        return Response(rendering.order_detail(request, selectors.order_row_for_user(request.user, order_id)))


class CancelOrderView(LoggedIn):
    @extend_schema(request=OrderIdInput, responses=OrderSerializer)
    def post(self, request):
        order_id = validated(OrderIdInput, request.data)["order_id"]
        order = selectors.order_for_user(request.user, order_id)
        order = services.cancel_order(order=order, actor=request.user, note=services.CANCELLED_BY_BUYER)
        return Response(ORDER.to_representation(order))


class FinishOrderView(LoggedIn):
    @extend_schema(request=OrderIdInput, responses=OrderSerializer)
    def post(self, request):
        order_id = validated(OrderIdInput, request.data)["order_id"]
        order = selectors.order_for_user(request.user, order_id)
        order = services.finish_order(order=order, actor=request.user, note=services.RECEIVED_BY_BUYER)
        return Response(ORDER.to_representation(order))


STATISTICS = inline_serializer("OrderStatistics", {name: serializers.IntegerField() for name in (
    "total", "pending", "processing", "completed", "cancelled", "refunding", "refunded", "wishlist", "paid",
    "delivery", "finished")})  # fmt: skip
CHART = inline_serializer("OrderChartDay", {"date": serializers.DateField(), "count": serializers.IntegerField(),
                                            "amount": serializers.IntegerField()}, many=True)  # fmt: skip


class StatisticsView(LoggedIn):
    @extend_schema(responses=STATISTICS)
    def get(self, request):
        return Response(selectors.order_statistics(request.user))


class ChartView(LoggedIn):
    @extend_schema(parameters=[ChartQuery], responses=CHART)
    def get(self, request):
        query = validated(ChartQuery, request.query_params)
        return Response(
            selectors.order_chart(request.user, days=query["days"], status=STATUS_FILTERS.get(query["status"]))
        )
