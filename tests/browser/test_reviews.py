"""Reviews as people write and read them: a buyer reviews a completed order with a picture, staff
approve it and reply in the admin, and it shows on the product page with its stars, picture and reply."""

from io import BytesIO

from PIL import Image
from playwright.sync_api import expect

from orders.status import OrderStatus
from orders.tests.factories import place_order
from reviews.models import Review
from shop.models import Goods
from shop.tests.factories import GoodsFactory, UserFactory

from .conftest import label, log_in, log_in_to_admin, run_action

LANGUAGES = ["en", "zh-hans"]


def png():
    out = BytesIO()
    Image.new("RGB", (800, 600), (20, 120, 140)).save(out, "PNG")
    return {"name": "我的照片.png", "mimeType": "image/png", "buffer": out.getvalue()}


def test_a_buyer_reviews_with_a_picture_staff_approve_and_it_shows(context, page, shot, t, staff_user):
    buyer = UserFactory(username="lin")
    goods = GoodsFactory(title="青瓷茶碗")
    order = place_order(buyer, goods, status=OrderStatus.FINISHED)
    log_in(context, buyer)
    page.goto(f"/orders/{order.order_id}/")
    page.get_by_role("link", name=t("Write a review")).click()
    shot("write")
    page.get_by_role("button", name=t("Publish the review")).click()  # nothing chosen: the browser asks first
    assert Review.objects.count() == 0
    page.get_by_role("radio", name="4", exact=True).check()
    page.get_by_label(t("Your review")).fill("釉色很漂亮，手感也好。")
    page.get_by_label(t("Pictures")).set_input_files([png()])
    page.get_by_role("button", name=t("Publish the review")).click()
    expect(page.locator(".messages")).to_contain_text(t("Thank you! Your review shows once the shop has read it."))
    expect(page.get_by_text(t("Reviewed"))).to_be_visible()
    shot("reviewed")
    review = Review.objects.get()
    assert (review.score, review.status, review.order_id, review.images.count()) == (4, 0, order.pk, 1)

    page.goto(f"/goods/{goods.pk}/")
    expect(page.get_by_text(t("No reviews yet."))).to_be_visible()  # not shown before staff read it

    context.clear_cookies()
    log_in_to_admin(page, t, staff_user.username)
    page.goto("/admin/reviews/review/")
    expect(page.locator("#result_list img")).to_have_count(1)  # the picture, to judge it by
    run_action(page, t, "lin", "Approve selected reviews: show them")
    expect(page.locator(".messagelist")).to_contain_text(
        t.plural("%(count)d review approved.", "%(count)d reviews approved.", 1)
    )
    page.goto(f"/admin/reviews/review/{review.pk}/change/")
    page.get_by_label(label(t, "shop's reply")).fill("谢谢您的喜欢！")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert Goods.objects.values_list("review_count", "review_score_total").get(pk=goods.pk) == (1, 4)

    page.goto(f"/goods/{goods.pk}/")
    reviews = page.get_by_role("region", name=t("Reviews"))
    expect(reviews.locator(".review")).to_have_count(1)
    expect(reviews).to_contain_text("釉色很漂亮，手感也好。")
    expect(reviews).to_contain_text(t("Bought here"))
    expect(reviews.get_by_role("img", name=t("%(score)s out of 5", score=4)).first).to_be_visible()
    expect(reviews.locator(".review-pictures img")).to_have_count(1)
    assert reviews.locator(".review-pictures img").evaluate("img => img.naturalWidth") == 360  # the thumbnail loads
    expect(reviews.locator(".shop-reply")).to_contain_text("谢谢您的喜欢！")
    shot("product-reviews")
