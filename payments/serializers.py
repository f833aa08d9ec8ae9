from rest_framework import serializers

from orders.serializers import OrderIdInput

from .gateways import PAY_WAYS


class PaymentInput(OrderIdInput):
    pay_way = serializers.ChoiceField(choices=PAY_WAYS)
    openid = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


class RefundInput(OrderIdInput):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
