from django.urls import path

from . import api, views

app_name = "payments"

api_patterns = [
    path("order/payment", api.PaymentView.as_view()),
    path("payment/check", api.PaymentCheckView.as_view()),
    path("order/refund", api.RefundView.as_view()),
]

urlpatterns = [
    path("notify/<str:pay_way>/pay", views.notify, name="notify"),
    path("payment/return/<str:payment_id>/", views.return_page, name="return"),
    path("payment/cancelled/<str:payment_id>/", views.cancelled_page, name="cancelled"),
    path("sandbox/pay/<str:token>/", views.sandbox_page, name="sandbox"),
    path("orders/<str:order_id>/pay/", views.pay_page, name="pay"),
    path("orders/<str:order_id>/refund/", views.refund, name="refund"),
]
