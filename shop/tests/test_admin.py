import pytest
from django.core.management import call_command

from shop.models import Goods

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    call_command("seed_demo")
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/shop/goods/",
        "/admin/shop/goods/?q=tea&status__exact=1",
        "/admin/shop/category/",
        "/admin/shop/user/",
        "/admin/shop/user/add/",
        "/admin/shop/usergroup/",
        "/admin/shop/goodsoption/",
    ],
)
def test_staff_pages_open(staff_client, path):
    assert staff_client.get(path).status_code == 200


def test_goods_change_page_with_inlines(staff_client):
    goods = Goods.objects.filter(skus__isnull=False).first()
    html = staff_client.get(f"/admin/shop/goods/{goods.id}/change/").content.decode()
    assert "skus-TOTAL_FORMS" in html
    assert "images-TOTAL_FORMS" in html


def test_a_shoppers_wechat_sign_in_shows_on_their_admin_page(staff_client):
    from shop.models import WechatAccount
    from shop.tests.factories import UserFactory

    shopper = UserFactory()
    WechatAccount.objects.create(user=shopper, platform="weapp", openid="o-visible-to-staff")
    page = staff_client.get(f"/admin/shop/user/{shopper.pk}/change/").content.decode()
    assert "o-visible-to-staff" in page and "mini-program" in page
