from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import OptionForm, StaffLoginForm, StaffUserChangeForm, StaffUserCreationForm
from .models import (
    Category,
    Goods,
    GoodsImage,
    GoodsOption,
    GoodsOptionValue,
    GoodsSku,
    User,
    UserGroup,
    WechatAccount,
)
from .money import MoneyAdmin, format_money
from .services import generate_skus

admin.site.login_form = StaffLoginForm  # the same guessing limits as the shop's sign-in


THUMBNAIL = '<a href="{}"><img src="{}" alt="" width="64" height="64"></a>'  # a thumbnail linked to its picture


def thumbnails(attachments):
    """Uploaded pictures as the admin shows them: each thumbnail linked to its picture."""
    return format_html_join("", THUMBNAIL, ((picture.file.url, picture.thumb.url) for picture in attachments))


class WechatAccountInline(admin.TabularInline):
    """The WeChat identities a shopper signs in with (made by sign-in, never by hand)."""

    model = WechatAccount
    extra = 0
    fields = readonly_fields = ["platform", "openid", "unionid", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(MoneyAdmin, BaseUserAdmin):
    add_form = StaffUserCreationForm
    inlines = [WechatAccountInline]
    form = StaffUserChangeForm
    list_display = [
        "username",
        "email",
        "phone",
        "group",
        "is_retailer",
        "balance",
        "is_staff",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_active", "is_retailer", "group"]
    search_fields = ["username", "email", "phone", "real_name", "invite_code"]
    raw_id_fields = ["parent"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            _("Shop"),
            {
                "fields": [
                    "phone",
                    "real_name",
                    "avatar_url",
                    "parent",
                    "group",
                    "is_retailer",
                    "invite_code",
                    "expire_time",
                ]
            },
        ),
        (
            _("Money (changed only by orders and refunds)"),
            {"fields": ["balance", "total_reward"]},
        ),
    ]
    readonly_fields = ["balance", "total_reward", "invite_code"]


@admin.register(UserGroup)
class UserGroupAdmin(MoneyAdmin, admin.ModelAdmin):
    """Membership groups; a price makes one a VIP membership shoppers can buy (spec section 12)."""

    fields = ["title", "description", "level", "price", "expire_day", "discount", "share_reward", "parent_reward"]
    list_display = ["title", "level", "price_in_yuan", "expire_day", "discount", "share_reward", "parent_reward"]

    @admin.display(description=_("Price"), ordering="price")
    def price_in_yuan(self, group):
        return format_money(group.price) if group.price else "not on sale"


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["title", "parent", "url_token", "sort"]
    list_filter = ["parent"]
    search_fields = ["title", "title_en", "url_token"]
    prepopulated_fields = {"url_token": ["title_en"]}  # a Chinese title makes no address


class GoodsImageInline(admin.TabularInline):
    model = GoodsImage
    extra = 1
    fields = ["preview", "image", "sort"]
    readonly_fields = ["preview"]

    @admin.display(description=_("Picture"))
    def preview(self, obj):
        return format_html('<img src="{}" width="80">', (obj.thumb or obj.image).url) if obj.image else ""


class GoodsOptionInline(admin.TabularInline):
    """Options and their values, typed in one row each; saving makes the SKU matrix below."""

    model = GoodsOption
    form = OptionForm
    extra = 0
    verbose_name, verbose_name_plural = _("option"), _("options (each combination of their values is a SKU)")


class GoodsSkuInline(MoneyAdmin, admin.TabularInline):
    """The SKU matrix: made from the options on save; staff set each row's prices and stock."""

    model = GoodsSku
    extra = 0
    can_delete = False
    fields = ["title", "price", "origin_price", "stock"]
    readonly_fields = ["title"]
    verbose_name_plural = _("SKUs: one per combination of option values")

    def has_add_permission(self, request, obj=None):
        return False  # rows come from the options


@admin.register(Goods)
class GoodsAdmin(MoneyAdmin, admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "price",
        "stock",
        "sold_count",
        "status",
        "updated_at",
    ]
    list_filter = ["status", "category"]
    list_editable = ["status"]
    search_fields = ["title", "title_en", "url_token", "keywords"]
    prepopulated_fields = {"url_token": ["title_en"]}  # a Chinese title makes no address
    raw_id_fields = ["seller"]
    list_select_related = ["category"]
    readonly_fields = [
        "sold_count",
        "views",
        "comment_count",
        "review_count",
        "created_at",
        "updated_at",
    ]
    inlines = [GoodsImageInline, GoodsOptionInline, GoodsSkuInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        made, removed, kept = generate_skus(form.instance)
        said = [ngettext("%(n)d SKU made: set its prices and stock below.",
                         "%(n)d SKUs made: set their prices and stock below.", made) % {"n": made} if made else "",
                ngettext("%(n)d SKU removed.", "%(n)d SKUs removed.", removed) % {"n": removed} if removed else "",
                ngettext("%(n)d kept out of stock for the past orders that name it.",
                         "%(n)d kept out of stock for the past orders that name them.", kept) % {"n": kept}
                if kept else ""]  # fmt: skip
        if any(said):
            self.message_user(request, " ".join(filter(None, said)), messages.INFO)


class GoodsOptionValueInline(MoneyAdmin, admin.TabularInline):
    model = GoodsOptionValue
    extra = 1


@admin.register(GoodsOption)
class GoodsOptionAdmin(admin.ModelAdmin):
    list_display = ["title", "goods"]
    search_fields = ["title", "goods__title"]
    raw_id_fields = ["goods"]
    inlines = [GoodsOptionValueInline]
