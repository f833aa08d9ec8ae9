from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        from . import emails  # noqa: F401 (registers its kinds of email)
