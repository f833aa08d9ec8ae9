from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from . import catalogue
from .models import Category, Goods, GoodsImage, GoodsOption, GoodsOptionValue, GoodsSku

for model in (Category, Goods, GoodsImage, GoodsOption, GoodsOptionValue, GoodsSku):
    post_save.connect(catalogue.changed, sender=model, dispatch_uid=f"catalogue-save-{model.__name__}")
    post_delete.connect(catalogue.changed, sender=model, dispatch_uid=f"catalogue-delete-{model.__name__}")
m2m_changed.connect(catalogue.changed, sender=GoodsSku.values.through, dispatch_uid="catalogue-sku-values")


@receiver(post_save, sender=GoodsImage)
@receiver(post_delete, sender=GoodsImage)
def touch_goods(sender, instance, **kwargs):
    """A picture is part of its product's object: a new ``updated_at`` renders it again (shop.rendering)."""
    Goods.objects.filter(pk=instance.goods_id).update(updated_at=timezone.now())
