"""The shop's URLs and ``/bench/bare``: a DRF endpoint doing nothing, the yardstick of bench/reads.py."""

from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as shop_urlpatterns


class Bare(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"ok": 1})


urlpatterns = [path("bench/bare", Bare.as_view()), *shop_urlpatterns]
