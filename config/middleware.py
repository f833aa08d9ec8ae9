"""Rules for every request and response, pages and API alike."""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse

from .api_codes import ERROR


class RefuseNulBytes:
    """A NUL character in the address is never meant: PostgreSQL refuses it in any text, so it is
    refused here once rather than as a database error in whichever view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key + value for key, value in request.GET.items()):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": ERROR, "msg": "the address contains a NUL character", "data": None})
            return HttpResponseBadRequest("The address contains a NUL character.")
        return self.get_response(request)


class ContentSecurityPolicy:
    """Pages load scripts, styles and fonts from this site only and run no inline script, so an
    injected ``<script>`` does nothing. ``Referrer-Policy`` comes from ``SECURE_REFERRER_POLICY``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
