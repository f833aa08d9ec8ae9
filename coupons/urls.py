from django.urls import path

from . import api, views

app_name = "coupons"

api_patterns = [
    path("coupon/valid", api.ValidCouponsView.as_view()),
    path("coupon/list", api.CampaignListView.as_view()),
    path("coupon/codes", api.MyCodesView.as_view()),
    path("coupon/code", api.ClaimView.as_view()),
]

urlpatterns = [
    path("", views.coupon_centre, name="centre"),
    path("mine/", views.my_coupons, name="mine"),
    path("claim/", views.claim, name="claim"),
]
