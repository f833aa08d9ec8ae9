import pytest

from shop.models import Goods, User
from shop.tests.factories import PASSWORD, CategoryFactory, GoodsFactory, GoodsImageFactory, UserFactory, add_skus

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    kitchen = CategoryFactory(title="Kitchen")
    garden = CategoryFactory(title="Garden")
    goods = [GoodsFactory(title=f"Pot {n}", category=kitchen, price=1000 + n) for n in range(15)]
    GoodsImageFactory(goods=goods[-1])
    GoodsFactory(title="Rake", category=garden, price=12345, origin_price=15000)
    GoodsFactory(title="Hidden", category=garden, status=Goods.Status.DRAFT)
    return kitchen, garden


def test_home_shows_a_page_of_goods_with_category_nav(client, shelf):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="viewport"' in html
    assert "Kitchen" in html
    assert "Garden" in html
    assert "Rake" in html
    assert "¥123.45" in html
    assert "Hidden" not in html
    assert response.context["page"].paginator.count == 16
    assert len(response.context["page"].object_list) == 12
    assert "page=2" in html


def test_home_filters_by_category_search_and_pages(client, shelf):
    kitchen, garden = shelf
    assert [g.title for g in client.get(f"/?categoryId={garden.id}").context["page"]] == ["Rake"]
    assert [g.title for g in client.get("/?q=rake").context["page"]] == ["Rake"]
    second = client.get(f"/?categoryId={kitchen.id}&page=2")
    assert len(second.context["page"].object_list) == 3
    assert f"?categoryId={kitchen.id}&page=1" in second.content.decode()


def test_home_ignores_nonsense_parameters(client, shelf):
    response = client.get("/?categoryId=abc&order=nope&page=zzz")
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_product_page_shows_pictures_price_and_skus(client):
    goods = GoodsFactory(title="Shirt", description="Soft cotton.")
    GoodsImageFactory(goods=goods)
    add_skus(goods, {"Size": ["S", "M"]}, price=4200)
    response = client.get(f"/goods/{goods.id}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Shirt</h1>" in html
    assert "Soft cotton." in html
    assert 'name="option-' in html
    assert 'id="variants"' in html
    assert "js/sku.js" in html
    assert "/media/goods/" in html


def test_draft_product_page_is_404(client):
    assert client.get(f"/goods/{GoodsFactory(status=Goods.Status.DRAFT).id}/").status_code == 404


def test_register_page_creates_and_logs_in(client):
    response = client.post(
        "/account/register/",
        {"user_name": "carol", "email": "carol@example.com", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert response.status_code == 302
    assert User.objects.filter(username="carol").exists()
    assert "Hi, carol" in client.get("/").content.decode()


def test_register_page_shows_field_errors(client):
    UserFactory(username="carol")
    response = client.post(
        "/account/register/",
        {"user_name": "carol", "email": "bad", "password": "123", "password_again": "456"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors
    assert "password_again" in form.errors
    assert User.objects.count() == 1


def test_login_and_logout_pages(client):
    UserFactory(username="dave", email="dave@example.com")
    assert client.get("/account/login/").status_code == 200
    response = client.post("/account/login/", {"username": "dave@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert "Hi, dave" in client.get("/").content.decode()
    client.post("/account/logout/")
    assert "Log in" in client.get("/").content.decode()


def test_login_page_wrong_password_shows_an_error(client):
    UserFactory(username="dave")
    response = client.post("/account/login/", {"username": "dave", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_home_query_count_is_flat(client, shelf, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):  # count, page, images, categories (nav + filter share one)
        client.get("/")


def test_every_ordering_has_a_label(client, shelf):
    from shop.selectors import GOODS_ORDER_LABELS, GOODS_ORDERINGS

    assert GOODS_ORDER_LABELS.keys() == GOODS_ORDERINGS.keys()
    html = client.get("/?order=price+asc").content.decode()
    assert '<option value="price asc" selected>Price: low to high</option>' in html


def test_own_not_found_page_and_favicon(client):
    response = client.get("/goods/987654/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert client.get("/favicon.ico")["Location"].endswith("favicon.svg")


def test_coupon_centre_is_open_to_guests(client):
    from coupons.tests.factories import CouponFactory

    CouponFactory(title="Spring gift")
    page = client.get("/coupons/").content.decode()
    assert "Spring gift" in page and "Log in to claim" in page


def test_profile_email_of_another_account_is_refused(client):
    UserFactory(email="taken@example.com")
    user = UserFactory()
    client.force_login(user)
    page = client.post("/account/", {"form": "profile", "real_name": "X", "email": "taken@example.com", "phone": ""})
    assert "already used by another account" in page.content.decode()
    user.refresh_from_db()
    assert user.email != "taken@example.com"


def test_a_non_image_avatar_is_refused(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = UserFactory()
    client.force_login(user)
    fake = SimpleUploadedFile("me.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    page = client.post("/account/", {"form": "profile", "real_name": "", "email": "", "phone": "", "avatar": fake})
    assert "Upload a valid image" in page.content.decode()
    user.refresh_from_db()
    assert user.avatar_url == ""


def test_register_says_each_problem_once(client):
    page = client.post(
        "/account/register/", {"user_name": "", "email": "not-an-email", "password": "x", "password_again": "y"}
    ).content.decode()
    assert page.count("Enter a valid email address.") == 1
    assert page.count("This field is required.") == 1  # the user name, said by the form only


def test_the_500_page_needs_no_request_context(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and "favicon.svg" in html
