"""Views that exist only to exercise the shared API wiring."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import path
from rest_framework import serializers
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import ApiError, validated
from config.urls import urlpatterns as project_patterns
from shop.models import Category


class StaffOnlyView(APIView):
    permission_classes = [IsAdminUser]

    def get(self, request):
        return Response({"secret": 42})


class Nested(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1)


class EchoSerializer(serializers.Serializer):
    name = serializers.CharField()
    lines = Nested(many=True, required=False)


class EchoView(APIView):
    def post(self, request):
        return Response(validated(EchoSerializer, request.data))


@transaction.atomic
def write_then_refuse():
    Category.objects.create(title="half", url_token="half-written")
    raise ApiError("refused after a write")


class HalfWriteView(APIView):
    """A service that writes, then refuses: its error must reach the client and undo the write."""

    def post(self, request):
        write_then_refuse()


class BrokenView(APIView):
    def get(self, request):
        raise RuntimeError("a bug")


def forbidden_page(request):
    raise PermissionDenied


urlpatterns = [
    path("test/forbidden/", forbidden_page),
    path("api/test/broken", BrokenView.as_view()),
    path("api/test/staff", StaffOnlyView.as_view()),
    path("api/test/echo", EchoView.as_view()),
    path("api/test/half-write", HalfWriteView.as_view()),
    *project_patterns,
]
