import pytest
from django.db import IntegrityError, transaction

from shop.models import Goods, GoodsSku, User
from shop.tests.factories import GoodsFactory, UserFactory, add_skus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [(Goods, "stock", -1), (Goods, "price", -1), (GoodsSku, "stock", -1), (GoodsSku, "price", -5)],
)
def test_database_refuses_negative_stock_and_price(model, field, value):
    goods = GoodsFactory()
    add_skus(goods, {"Size": ["S"]})
    row = goods if model is Goods else goods.skus.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: value})


def test_database_refuses_negative_balance():
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(balance=-1)


def test_emails_and_phones_are_unique_when_given():
    UserFactory(email="", phone="")
    UserFactory(email="", phone="")  # blanks do not collide
    UserFactory(email="a@example.com", phone="1390000")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="a@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="b@example.com", phone="1390000")


def test_invite_codes_are_generated_and_distinct():
    codes = {UserFactory().invite_code for _ in range(20)}
    assert len(codes) == 20
    assert all(len(code) == 8 for code in codes)
