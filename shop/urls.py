from django.urls import path

from . import api, views

app_name = "shop"

api_patterns = [
    path("register", api.RegisterView.as_view()),
    path("login", api.LoginView.as_view()),
    path("logout", api.LogoutView.as_view()),
    path("user/detail", api.UserDetailView.as_view()),
    path("user/password", api.PasswordView.as_view()),
    path("category/list", api.CategoryListView.as_view()),
    path("archive/list", api.GoodsListView.as_view()),
    path("archive/detail", api.GoodsDetailView.as_view()),
    path("archive/sku", api.GoodsSkuView.as_view()),
    path("wishlist/list", api.WishlistListView.as_view()),
    path("wishlist/add", api.WishlistAddView.as_view()),
    path("wishlist/delete", api.WishlistDeleteView.as_view()),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("goods/<int:pk>/", views.goods_detail, name="goods"),
    path("account/login/", views.LoginPageView.as_view(), name="login"),
    path("account/register/", views.register, name="register"),
    path("account/logout/", views.LogoutPageView.as_view(), name="logout"),
]
