from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "communication"
    verbose_name = _("custom orders")

    def ready(self):
        from . import emails  # noqa: F401 (registers its kinds of email)
