from django.urls import path

from . import api, views

api_patterns = [
    path("review/list", api.ReviewListView.as_view()),
    path("review/publish", api.PublishView.as_view()),
]

app_name = "reviews"

urlpatterns = [
    path("write/<str:order_id>/<int:goods_id>/", views.write, name="write"),
]
