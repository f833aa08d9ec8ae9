from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from cart.api import guest_token
from config.api import validated

from . import selectors, services
from .models import Review
from .serializers import ORDERINGS, PublishInput, ReviewListQuery, ReviewSerializer


class ReviewListView(generics.ListAPIView):
    """A product's approved reviews (or a user's): ``archive_id`` or ``id``, ``user_id``, ``order``."""

    serializer_class = ReviewSerializer
    queryset = Review.objects.none()  # for the schema

    @extend_schema(parameters=[ReviewListQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = validated(ReviewListQuery, self.request.query_params)
        return selectors.approved(goods_id=query["archive_id"] or query["id"], user_id=query["user_id"],
                                  ordering=ORDERINGS[query["order"]])  # fmt: skip


class PublishView(APIView):
    """A review, saved as pending (status 0) until staff approve it."""

    @extend_schema(request=PublishInput, responses=ReviewSerializer)
    def post(self, request):
        data = validated(PublishInput, request.data)
        review = services.publish(
            goods_id=data["archive_id"], content=data["content"], score=data["score"], image_ids=data["images"],
            order_id=data["order_id"], user=request.user, guest_token=guest_token(request),
            user_name=data["user_name"], email=data["email"],
        )  # fmt: skip
        return Response(ReviewSerializer(review, context={"request": request}).data)
