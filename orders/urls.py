from django.urls import path

from . import api, views

api_patterns = [
    path("order/address", api.LatestAddressView.as_view()),
    path("order/addresses", api.AddressListView.as_view()),
    path("order/checkout", api.CheckoutView.as_view()),
    path("order/create", api.CreateOrderView.as_view()),
    path("orders", api.OrderListView.as_view()),
    path("order/detail", api.OrderDetailView.as_view()),
    path("order/cancel", api.CancelOrderView.as_view()),
    path("order/finish", api.FinishOrderView.as_view()),
    path("orders/statistics", api.StatisticsView.as_view()),
    path("orders/chart", api.ChartView.as_view()),
]

app_name = "orders"

urlpatterns = [
    path("checkout/", views.checkout, name="checkout"),
    path("orders/", views.order_list, name="list"),
    path("orders/<str:order_id>/", views.order_detail, name="detail"),
    path("orders/<str:order_id>/cancel/", views.cancel, name="cancel"),
    path("orders/<str:order_id>/finish/", views.finish, name="finish"),
    path("addresses/", views.address_book, name="addresses"),
    path("addresses/<int:pk>/", views.address_book, name="address"),
    path("addresses/<int:pk>/delete/", views.delete_address, name="delete_address"),
    path("addresses/<int:pk>/default/", views.default_address, name="default_address"),
]
