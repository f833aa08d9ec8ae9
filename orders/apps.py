from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("orders")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import emails  # noqa: F401 (registers its kinds of email)
        from .models import ShopSettings
        from .selectors import settings_changed

        post_save.connect(settings_changed, sender=ShopSettings, dispatch_uid="shop-settings-saved")
        post_delete.connect(settings_changed, sender=ShopSettings, dispatch_uid="shop-settings-deleted")
