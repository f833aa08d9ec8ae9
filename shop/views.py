from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from config.api import ApiError
from config.pages import chosen_sku_id, refusal, refusal_text, whole_number
from reviews import selectors as review_selectors

from . import limits, selectors, services, wishlist
from .cookies import clear_token_cookie
from .filters import GoodsFilter
from .forms import LoginForm, ProfileForm, RegisterForm, TargetForm
from .serializers import OptionSerializer, SkuSerializer

GOODS_PER_PAGE = 12
REVIEWS_PER_PAGE = 5


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
    reviews = Paginator(review_selectors.approved(goods_id=goods.pk), REVIEWS_PER_PAGE)
    page = reviews.get_page(request.GET.get("page"))
    return render(request, "shop/goods_detail.html", {"goods": goods, "variants": variants, "page": page})


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
def wishlist_page(request):
    items = wishlist.wishlist_for(request.user)
    return render(request, "shop/wishlist.html", {"items": items})


@login_required
@require_POST
def wishlist_add(request):
    """The product page's "Add to wishlist": the product, and its SKU when the options were chosen."""
    try:
        goods_id = whole_number(request.POST, "goods_id", minimum=1)
        wishlist.add_wish(user=request.user, goods_id=goods_id, sku_id=chosen_sku_id(request.POST))
    except ApiError as exc:
        messages.error(request, refusal_text(exc))
        return redirect("shop:home")
    messages.success(request, _("Added to your wishlist."))
    return redirect("shop:goods", goods_id)


@login_required
@require_POST
def wishlist_target(request, pk):
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["target_price"]))
        return redirect("shop:wishlist")
    try:
        wishlist.set_target(user=request.user, item_id=pk, target_price=form.cleaned_data["target_price"] or 0)
    except ApiError:
        raise Http404 from None
    messages.success(request, _("Target price saved: we email you when the price gets there."))
    return redirect("shop:wishlist")


@login_required
@require_POST
def wishlist_remove(request, pk):
    try:
        wishlist.delete_wish(user=request.user, item_id=pk)
    except ApiError:
        raise Http404 from None
    messages.success(request, _("Removed from your wishlist."))
    return redirect("shop:wishlist")


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
