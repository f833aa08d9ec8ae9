from django.urls import path

from . import api

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
