from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopConfig(AppConfig):
    name = "shop"
    verbose_name = _("shop")

    def ready(self):
        from config import schema  # noqa: F401 (registers how the API schema describes token sign-in)

        from . import emails, signals, wishlist  # noqa: F401 (the emails' kinds; the catalogue's cache)
