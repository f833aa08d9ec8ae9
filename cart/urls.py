from django.urls import path

from . import api

api_patterns = [
    path("cart/list", api.CartListView.as_view()),
    path("cart/add", api.CartAddView.as_view()),
    path("cart/update", api.CartUpdateView.as_view()),
    path("cart/remove", api.CartRemoveView.as_view()),
]
