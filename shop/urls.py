from django.contrib.auth import views as auth_views
from django.urls import path

from . import api, views

app_name = "shop"

api_patterns = [
    path("register", api.RegisterView.as_view()),
    path("login", api.LoginView.as_view()),
    path("logout", api.LogoutView.as_view()),
    path("user/detail", api.UserDetailView.as_view()),
    path("user/password", api.PasswordView.as_view()),
    path("user/groups", api.GroupListView.as_view()),
    path("category/list", api.CategoryListView.as_view()),
    path("archive/list", api.GoodsListView.as_view()),
    path("archive/detail", api.GoodsDetailView.as_view()),
    path("archive/sku", api.GoodsSkuView.as_view()),
    path("attachment/upload", api.AttachmentUploadView.as_view()),
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
    path("account/", views.account, name="account"),
    path("wishlist/", views.wishlist_page, name="wishlist"),
    path("wishlist/add/", views.wishlist_add, name="wishlist_add"),
    path("wishlist/<int:pk>/target/", views.wishlist_target, name="wishlist_target"),
    path("wishlist/<int:pk>/remove/", views.wishlist_remove, name="wishlist_remove"),
    path("account/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="shop/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="shop/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
