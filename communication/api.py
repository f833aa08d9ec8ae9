from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import validated
from orders.serializers import OrderSerializer

from . import selectors, services
from .models import CustomOrder, FormField, Message
from .serializers import (
    AcceptInput,
    CreateInput,
    CustomOrderDetailSerializer,
    CustomOrderSerializer,
    DetailQuery,
    FieldSerializer,
    MessageSerializer,
    MessagesQuery,
    SendInput,
    UpdateInput,
)


class FieldsView(APIView):
    """The fields of the custom-order form, as staff defined them."""

    @extend_schema(responses=FieldSerializer(many=True))
    def get(self, request):
        return Response(FieldSerializer(FormField.objects.all(), many=True).data)


class OrdersView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = CustomOrderSerializer
    queryset = CustomOrder.objects.none()  # for the schema

    def get_queryset(self):
        return selectors.requests_of(self.request.user)


class DetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[DetailQuery], responses=CustomOrderDetailSerializer)
    def get(self, request):
        pk = validated(DetailQuery, request.query_params)["id"]
        custom_order = services.mine(request.user, pk)
        found = selectors.requests_of(request.user).prefetch_related("messages", *selectors.SHOP_PICTURES)
        found = found.get(pk=custom_order.pk)
        services.read_by_user(custom_order)
        return Response(CustomOrderDetailSerializer(found, context={"request": request}).data)


class CreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=CreateInput, responses=CustomOrderSerializer)
    def post(self, request):
        data = validated(CreateInput, request.data)
        created = services.create(user=request.user, goods_id=data["archive_id"], title=data["title"],
                                  content=data["content"], phone=data["phone"], image_ids=data["images"],
                                  extra=data["order_extra"])  # fmt: skip
        found = selectors.requests_of(request.user).get(pk=created.pk)
        return Response(CustomOrderSerializer(found, context={"request": request}).data)


class UpdateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=UpdateInput, responses=CustomOrderSerializer)
    def post(self, request):
        data = validated(UpdateInput, request.data)
        services.update(user=request.user, pk=data["id"], title=data["title"], content=data["content"],
                        extra=data["order_extra"])  # fmt: skip
        found = selectors.requests_of(request.user).get(pk=data["id"])
        return Response(CustomOrderSerializer(found, context={"request": request}).data)


class MessagesView(generics.ListAPIView):
    """A request's thread, oldest first (paged: ``current``/``pageSize`` or ``page``/``page_size``)."""

    permission_classes = [IsAuthenticated]
    serializer_class = MessageSerializer
    queryset = Message.objects.none()  # for the schema

    @extend_schema(parameters=[MessagesQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        pk = validated(MessagesQuery, self.request.query_params)["comm_order_id"]
        return selectors.thread(services.mine(self.request.user, pk, "comm_order_id"))


class SendView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=SendInput, responses=MessageSerializer)
    def post(self, request):
        data = validated(SendInput, request.data)
        message = services.send_message(user=request.user, pk=data["comm_order_id"], message_type=data["message_type"],
                                        content=data["content"])  # fmt: skip
        return Response(MessageSerializer(message).data)


class AcceptView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=AcceptInput, responses=OrderSerializer)
    def post(self, request):
        data = validated(AcceptInput, request.data)
        given = AcceptInput.service_kwargs(data)
        order = services.accept(user=request.user, pk=data.get("id"), goods_id=data.get("goods_id"),
                                sku_id=data["goods_sku_id"], address=given["address"], remark=data["remark"],
                                coupon=given["coupon"])  # fmt: skip
        return Response(OrderSerializer(order).data)
