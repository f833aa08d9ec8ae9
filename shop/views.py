from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.i18n import set_language

from config.api import ApiError
from config.pages import refusal

from . import limits, selectors, services
from .cookies import clear_token_cookie
from .filters import GoodsFilter
from .forms import LoginForm, ProfileForm, RegisterForm
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
    """ "Log out" ends every way this browser is signed in, the API token cookie included."""

    def post(self, request, *args, **kwargs):
        services.end_session(request=request)
        response = super().post(request, *args, **kwargs)
        clear_token_cookie(response)
        return response


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password_again"}
        try:
            limits.attempt(request)
            user = services.register_user(**data)
        except ApiError as exc:
            form.add_error(None, str(exc.detail))
        else:
            services.start_session(request=request, user=user)
            messages.success(request, _("Welcome, %(name)s!") % {"name": user.username})
            return redirect("shop:home")
    return render(request, "shop/register.html", {"form": form})


@login_required
def account(request):
    """My profile and my password, each its own form on one page."""
    posted = request.POST.get("form") if request.method == "POST" else None
    initial = {name: getattr(request.user, name) for name in ("real_name", "email", "phone")}
    profile = ProfileForm(request.POST if posted == "profile" else None, request.FILES or None, initial=initial)
    password = PasswordChangeForm(request.user, request.POST if posted == "password" else None)
    if posted == "profile" and profile.is_valid():
        try:
            services.update_profile(user=request.user, avatar=profile.cleaned_data["avatar"], **{
                name: profile.cleaned_data[name] for name in ("real_name", "email", "phone")})  # fmt: skip
        except ApiError as exc:
            field, text = refusal(exc)
            profile.add_error(field if field in profile.fields else None, text.split(": ", 1)[-1])
        else:
            messages.success(request, _("Profile saved."))
            return redirect("shop:account")
    if posted == "password" and password.is_valid():
        password.save()  # a new password also ends every API token (User.save)
        update_session_auth_hash(request, password.user)
        messages.success(request, _("Password changed."))
        return redirect("shop:account")
    return render(request, "shop/account.html", {"profile": profile, "password": password})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "shop/password_reset.html"
    email_template_name = "shop/email/password_reset.txt"
    subject_template_name = "shop/email/password_reset_subject.txt"
    success_url = reverse_lazy("shop:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "shop/password_reset_confirm.html"
    success_url = reverse_lazy("shop:password_reset_complete")


def switch_language(request):
    """The header's language switcher: Django's ``set_language`` (the ``lang`` cookie, back to the page
    by its Referer); a logged-in shopper's emails follow the choice."""
    response = set_language(request)
    if request.user.is_authenticated and (chosen := request.POST.get("language")) in dict(settings.LANGUAGES):
        services.remember_language(request.user, chosen)
    return response
