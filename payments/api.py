from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import validated
from orders.serializers import OrderIdInput, OrderSerializer

from . import services
from .serializers import PaymentInput, RefundInput


def urls_for(request):
    """The absolute addresses a gateway needs for one payment."""

    def build(payment):
        absolute = request.build_absolute_uri
        return {
            "notify": absolute(reverse("payments:notify", args=[payment.pay_way])),
            "return": absolute(reverse("payments:return", args=[payment.payment_id])),
            "cancel": absolute(reverse("payments:cancelled", args=[payment.payment_id])),
            "absolute": absolute,
        }

    return build


class PaymentView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=PaymentInput,
        responses=OpenApiTypes.OBJECT,
        description="What the client needs to pay: "
        "jump_url, code_url (WeChat Native, a PNG data URL) or JSAPI parameters (weapp); balance pays at once.",
    )
    def post(self, request):
        data = validated(PaymentInput, request.data)
        return Response(
            services.start_payment(
                user=request.user,
                order_id=data["order_id"],
                pay_way=data["pay_way"],
                openid=data["openid"],
                urls_for=urls_for(request),
            )
        )


class PaymentCheckView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OrderIdInput],
        responses=inline_serializer(
            "PaymentCheck", {"paid": serializers.BooleanField(), "status": serializers.IntegerField()}
        ),
    )
    def get(self, request):
        order_id = validated(OrderIdInput, request.query_params)["order_id"]
        return Response(services.check_payment(user=request.user, order_id=order_id))


class RefundView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=RefundInput, responses=OrderSerializer)
    def post(self, request):
        data = validated(RefundInput, request.data)
        order = services.request_refund(user=request.user, order_id=data["order_id"], reason=data["reason"])
        return Response(OrderSerializer(order).data)
