"""The wishlist as a shopper keeps it: added from a product page, its page with the price now and when
added, a badge once it drops, a target price that brings an email, add to cart and remove."""

from django.core import mail
from playwright.sync_api import expect

from shop import wishlist
from shop.models import Goods, WishlistItem
from shop.tests.factories import GoodsFactory, UserFactory

from .conftest import log_in

LANGUAGES = ["en", "zh-hans"]


def test_wish_then_watch_the_price_drop_and_buy(context, page, shot, t):
    shopper = UserFactory(username="mei", email="mei@example.com")
    goods = GoodsFactory(title="青瓷茶碗", price=20000, stock=5)
    log_in(context, shopper)
    page.goto(f"/goods/{goods.pk}/")
    page.get_by_role("button", name=t("Add to wishlist")).click()
    expect(page.locator(".messages")).to_contain_text(t("Added to your wishlist."))
    page.get_by_role("link", name=t("Wishlist"), exact=True).click()
    wish = page.locator(".wish")
    expect(wish).to_contain_text("青瓷茶碗")
    expect(wish).to_contain_text(t("%(price)s when added", price="¥200.00"))
    expect(wish.locator(".badge")).to_have_count(0)
    wish.get_by_label(t("Target price")).fill("150")
    wish.get_by_role("button", name=t("Save")).click()
    expect(page.locator(".messages")).to_contain_text(t("Target price saved: we email you when the price gets there."))
    assert WishlistItem.objects.get(user=shopper).target_price == 15000
    shot("wishlist")

    Goods.objects.filter(pk=goods.pk).update(price=14900)  # staff lower the price
    page.reload()
    expect(wish.locator(".badge")).to_have_text([t("Down %(amount)s", amount="¥51.00"), t("At your target price")])
    expect(wish.locator(".price")).to_have_text("¥149.00")
    shot("dropped")
    wishlist.tell_price_drops()
    wishlist.tell_price_drops()  # the next run: the same drop, not told again
    assert [message.to for message in mail.outbox] == [["mei@example.com"]]

    wish.get_by_role("button", name=t("Add to cart")).click()
    expect(page.locator(".messages")).to_contain_text(t("Added to your cart."))
    page.goto("/wishlist/")
    page.locator(".wish").get_by_role("button", name=t("Remove")).click()
    expect(page.locator(".messages")).to_contain_text(t("Removed from your wishlist."))
    expect(page.get_by_text(t("Nothing on your wishlist yet: add products from their pages."))).to_be_visible()
    shot("empty")
