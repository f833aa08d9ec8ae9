from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.html import format_html

from .forms import StaffLoginForm, StaffUserChangeForm, StaffUserCreationForm
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
from .services import sync_goods_from_skus

admin.site.login_form = StaffLoginForm  # the same guessing limits as the shop's sign-in


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
            "Shop",
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
            "Money (changed only by orders and refunds)",
            {"fields": ["balance", "total_reward"]},
        ),
    ]
    readonly_fields = ["balance", "total_reward", "invite_code"]


@admin.register(UserGroup)
class UserGroupAdmin(MoneyAdmin, admin.ModelAdmin):
    """Membership groups; a price makes one a VIP membership shoppers can buy (spec section 12)."""

    fields = ["title", "description", "level", "price", "expire_day", "discount", "share_reward", "parent_reward"]
    list_display = ["title", "level", "price_in_yuan", "expire_day", "discount", "share_reward", "parent_reward"]

    @admin.display(description="Price", ordering="price")
    def price_in_yuan(self, group):
        return format_money(group.price) if group.price else "not on sale"


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["title", "parent", "url_token", "sort"]
    list_filter = ["parent"]
    search_fields = ["title", "url_token"]
    prepopulated_fields = {"url_token": ["title"]}


class GoodsImageInline(admin.TabularInline):
    model = GoodsImage
    extra = 1
    fields = ["preview", "image", "sort"]
    readonly_fields = ["preview"]

    @admin.display(description="Picture")
    def preview(self, obj):
        return format_html('<img src="{}" width="80">', (obj.thumb or obj.image).url) if obj.image else ""


class GoodsOptionInline(admin.TabularInline):
    model = GoodsOption
    extra = 0
    show_change_link = True


class GoodsSkuInline(MoneyAdmin, admin.TabularInline):
    model = GoodsSku
    extra = 0
    fields = ["title", "symbol", "values", "price", "origin_price", "stock"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        goods_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "values":
            # Only this product's option values can make up its SKUs.
            kwargs["queryset"] = GoodsOptionValue.objects.filter(option__goods_id=goods_id).select_related("option")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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
    search_fields = ["title", "url_token", "keywords"]
    prepopulated_fields = {"url_token": ["title"]}
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
        sync_goods_from_skus(form.instance)


class GoodsOptionValueInline(MoneyAdmin, admin.TabularInline):
    model = GoodsOptionValue
    extra = 1


@admin.register(GoodsOption)
class GoodsOptionAdmin(admin.ModelAdmin):
    list_display = ["title", "goods"]
    search_fields = ["title", "goods__title"]
    raw_id_fields = ["goods"]
    inlines = [GoodsOptionValueInline]
