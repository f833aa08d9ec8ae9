from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        from config import schema  # noqa: F401 (registers how the API schema describes token sign-in)

        from . import emails, signals  # noqa: F401 (the welcome email; the catalogue's cache)
