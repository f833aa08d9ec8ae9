from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self):
        from . import emails  # noqa: F401 (registers its kinds of email)
