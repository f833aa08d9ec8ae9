from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import validated

from . import selectors, services
from .serializers import ClaimInput, CodesQuery, CouponCodeSerializer, CouponSerializer, ValidQuery


class ValidCouponsView(APIView):
    """``GET /api/coupon/valid``: my usable codes, then the campaigns I can claim (``claimable: true``)."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        query = validated(ValidQuery, request.query_params)
        codes, campaigns = selectors.valid_for(
            request.user, amount=query.get("amount"), archive_id=query.get("archive_id")
        )
        return Response(CouponCodeSerializer(codes, many=True).data + CouponSerializer(campaigns, many=True).data)


class MyCodesView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = CouponCodeSerializer

    def get_queryset(self):
        status = validated(CodesQuery, self.request.query_params)["status"]
        return selectors.codes_for_user(self.request.user, status=status)


class ClaimView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request):
        code = services.claim(user=request.user, coupon_id=validated(ClaimInput, request.data)["id"])
        return Response(CouponCodeSerializer(code).data)
