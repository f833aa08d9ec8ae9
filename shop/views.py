from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from config.api import ApiError

from . import selectors, services
from .filters import GoodsFilter
from .forms import LoginForm, RegisterForm
from .serializers import OptionSerializer, SkuSerializer

GOODS_PER_PAGE = 12


def home(request):
    goods_filter = GoodsFilter(request.GET, queryset=selectors.published_goods())
    page = Paginator(goods_filter.qs, GOODS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "shop/home.html",
        {
            "page": page,
            "filter": goods_filter,
            "query": query.urlencode(),
            "orderings": selectors.GOODS_ORDER_LABELS,
        },
    )


def goods_detail(request, pk):
    goods = get_object_or_404(selectors.goods_with_variants(), pk=pk)
    variants = {
        "options": OptionSerializer(goods.options.all(), many=True).data,
        "skus": SkuSerializer(goods.skus.all(), many=True).data,
    }
    return render(request, "shop/goods_detail.html", {"goods": goods, "variants": variants})


class LoginPageView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "shop/login.html"
    redirect_authenticated_user = True


class LogoutPageView(auth_views.LogoutView):
    pass


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password_again"}
        try:
            user = services.register_user(**data)
        except ApiError as exc:
            form.add_error(None, str(exc.detail))
        else:
            services.start_session(request=request, user=user)
            messages.success(request, f"Welcome, {user.username}!")
            return redirect("shop:home")
    return render(request, "shop/register.html", {"form": form})
