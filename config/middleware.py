"""Rules for every request and response, pages and API alike."""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .api_codes import ERROR


class RefuseNulBytes:
    """A NUL character in the address is never meant: PostgreSQL refuses it in any text, so it is
    refused here once rather than as a database error in whichever view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key + value for key, value in request.GET.items()):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": ERROR, "msg": _("the address contains a NUL character"), "data": None})
            return HttpResponseBadRequest(_("The address contains a NUL character."))
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


class Language:
    """The language of the answer: the ``Language`` header (API clients), else the ``lang`` cookie AnQiCMS
    sets (and the pages' and the admin's switcher), else the browser's ``Accept-Language``, else
    ``LANGUAGE_CODE``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Language", "Accept-Language", "Cookie"))  # a shared cache keeps one each
        return response


def chosen_language(request):
    asked = request.headers.get("Language", "").strip()
    if asked:
        try:
            return translation.get_supported_language_variant(asked.lower())
        except LookupError:
            pass  # a language the shop does not speak: as if not asked
    return translation.get_language_from_request(request)
