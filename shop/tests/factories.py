from io import BytesIO

import factory
from django.core.files.base import ContentFile
from PIL import Image

from shop.models import Category, Goods, GoodsImage, GoodsOption, GoodsOptionValue, GoodsSku, User, UserGroup
from shop.services import sync_goods_from_skus

PASSWORD = "correct-horse-battery"


def jpeg_bytes(size=(40, 40), colour=(200, 80, 40)):
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


class UserGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserGroup

    title = factory.Sequence(lambda n: f"group-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    title = factory.Sequence(lambda n: f"Shelf {n}")
    url_token = factory.Sequence(lambda n: f"category-{n}")


class GoodsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goods

    title = factory.Sequence(lambda n: f"Vase {n}")
    url_token = factory.Sequence(lambda n: f"goods-{n}")
    category = factory.SubFactory(CategoryFactory)
    price = 9900
    stock = 10


class GoodsImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodsImage

    goods = factory.SubFactory(GoodsFactory)
    image = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="picture.jpg"))


def add_skus(goods, option_values, price=5000, stock=3):
    """Give ``goods`` one option per entry of ``option_values`` ({title: [values]}) and a SKU per combination."""
    from itertools import product

    columns = []
    for option_title, titles in option_values.items():
        option = GoodsOption.objects.create(goods=goods, title=option_title)
        columns.append([GoodsOptionValue.objects.create(option=option, title=title) for title in titles])
    skus = []
    for index, combination in enumerate(product(*columns)):
        sku = GoodsSku.objects.create(
            goods=goods,
            title=" / ".join(v.title for v in combination),
            symbol="_".join(str(v.id) for v in combination),
            price=price + index * 100,
            stock=stock,
        )
        sku.values.set(combination)
        skus.append(sku)
    sync_goods_from_skus(goods)
    goods.refresh_from_db()
    return skus
