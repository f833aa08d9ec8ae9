"""The API's documentation page, as a client developer opens it."""

from playwright.sync_api import expect


def test_swagger_ui_shows_every_endpoint_under_the_content_security_policy(page, shot):
    page.goto("/api/docs")
    expect(page.get_by_text("Lantern Goods API").first).to_be_visible(timeout=15_000)
    expect(page.locator(".opblock-summary-path", has_text="/api/order/create")).to_have_count(1)
    expect(page.locator(".opblock-summary-path", has_text="/api/coupon/list")).to_have_count(1)
    shot("docs")  # the page fixture fails the test on any console error: a blocked script or style would be one
