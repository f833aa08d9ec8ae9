from django.urls import path

from . import api, views

app_name = "cart"

api_patterns = [
    path("cart/list", api.CartListView.as_view()),
    path("cart/add", api.CartAddView.as_view()),
    path("cart/update", api.CartUpdateView.as_view()),
    path("cart/remove", api.CartRemoveView.as_view()),
]

urlpatterns = [
    path("", views.cart_page, name="cart"),
    path("add/", views.add, name="add"),
    path("update/", views.update, name="update"),
    path("remove/", views.remove, name="remove"),
]
