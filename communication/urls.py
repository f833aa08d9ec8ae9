from django.urls import path

from . import api, views

api_patterns = [
    path("communication/fields", api.FieldsView.as_view()),
    path("communication/orders", api.OrdersView.as_view()),
    path("communication/order/detail", api.DetailView.as_view()),
    path("communication/order/create", api.CreateView.as_view()),
    path("communication/order/update", api.UpdateView.as_view()),
    path("communication/order/accept", api.AcceptView.as_view()),
    path("communication/messages", api.MessagesView.as_view()),
    path("communication/message/send", api.SendView.as_view()),
]

app_name = "communication"

urlpatterns = [
    path("", views.mine, name="list"),
    path("new/<int:goods_id>/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/messages/", views.thread_since, name="messages"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/accept/", views.accept, name="accept"),
]
