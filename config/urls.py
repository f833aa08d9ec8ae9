from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cart.urls import api_patterns as cart_api
from communication.urls import api_patterns as communication_api
from coupons.urls import api_patterns as coupons_api
from orders.urls import api_patterns as orders_api
from payments.urls import api_patterns as payments_api
from reviews.urls import api_patterns as reviews_api
from shop.urls import api_patterns as shop_api
from shop.views import switch_language

from .api import NotFoundView


class FaviconView(RedirectView):
    """Browsers (and the admin's pages, which name no icon) ask for /favicon.ico."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")  # at request time: the hashed name exists only after collectstatic


api_patterns = [*shop_api, *cart_api, *orders_api, *coupons_api, *payments_api, *reviews_api, *communication_api]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", FaviconView.as_view()),
    path("api/", include(api_patterns)),
    path("api/schema", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    re_path(r"^api(/|$)", NotFoundView.as_view()),
    path("i18n/setlang/", switch_language, name="set_language"),  # the header's language switcher
    path("cart/", include("cart.urls")),
    path("coupons/", include("coupons.urls")),
    path("reviews/", include("reviews.urls")),
    path("custom/", include("communication.urls")),
    path("", include("payments.urls")),
    path("", include("orders.urls")),
    path("", include("shop.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.append(
        re_path(
            rf"^{media_prefix}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )
