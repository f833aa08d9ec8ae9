from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import validated

from . import selectors, services
from .models import CouponCode
from .serializers import CampaignsQuery, ClaimInput, CodesQuery, CouponCodeSerializer, CouponSerializer, ValidQuery


class ValidCouponsView(APIView):
    """``GET /api/coupon/valid``: my codes usable now, and nothing else (every item is a code)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[ValidQuery], responses=CouponCodeSerializer(many=True))
    def get(self, request):
        query = validated(ValidQuery, request.query_params)
        codes = selectors.valid_codes(request.user, amount=query.get("amount"), archive_id=query.get("archive_id"))
        response = Response(CouponCodeSerializer(codes, many=True).data)
        response.api_total = len(codes)
        return response


@extend_schema(parameters=[CampaignsQuery])
class CampaignListView(generics.ListAPIView):
    """``GET /api/coupon/list``: the campaigns open for claiming, with ``claimable`` and ``claimed``."""

    serializer_class = CouponSerializer

    def get_queryset(self):
        archive_id = validated(CampaignsQuery, self.request.query_params).get("archive_id")
        user = self.request.user if self.request.user.is_authenticated else None
        return selectors.campaigns_for(user, archive_id=archive_id)


@extend_schema(parameters=[CodesQuery])
class MyCodesView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = CouponCodeSerializer
    queryset = CouponCode.objects.none()  # for the schema; get_queryset gives mine

    def get_queryset(self):
        status = validated(CodesQuery, self.request.query_params)["status"]
        return selectors.codes_for_user(self.request.user, status=status)


class ClaimView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ClaimInput, responses=CouponCodeSerializer)
    def post(self, request):
        code = services.claim(user=request.user, coupon_id=validated(ClaimInput, request.data)["id"])
        return Response(CouponCodeSerializer(code).data)
