import secrets
from io import BytesIO

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from PIL import Image

from .money import MoneyField

ENGLISH_HELP = "For shoppers who read English; empty: they see the main text."

INVITE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_invite_code():
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(8))


def percent_field(help_text):
    return models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)], help_text=help_text)


class UserGroup(models.Model):
    """A membership level; its percentages drive member discounts and distribution commissions."""

    title = models.CharField(max_length=64, unique=True)
    description = models.CharField(max_length=255, blank=True)
    level = models.PositiveSmallIntegerField(default=0)
    discount = percent_field("Percent off for buyers invited by a member of this group (0 = none).")
    share_reward = percent_field("Percent of the order paid to the inviter (the sharer).")
    parent_reward = percent_field("Percent of the order paid to the inviter's own inviter.")
    price = MoneyField(default=0, help_text="What a membership costs (a VIP order); 0: not on sale.")
    expire_day = models.PositiveIntegerField(default=0, help_text="Days one purchase lasts (0: 365).")

    class Meta:
        ordering = ["level", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="usergroup_price_not_negative"),
            models.CheckConstraint(
                condition=Q(discount__lte=100) & Q(share_reward__lte=100) & Q(parent_reward__lte=100),
                name="usergroup_percentages_at_most_100",
            ),
        ]

    def __str__(self):
        return self.title


class User(AbstractUser):
    """The shop's user: spec section 2 keys. ``username`` is the spec's ``user_name``."""

    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=32, blank=True, default="")
    real_name = models.CharField(max_length=64, blank=True)
    avatar_url = models.CharField(max_length=255, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitees",
    )
    group = models.ForeignKey(
        UserGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    is_retailer = models.BooleanField(default=False)
    balance = MoneyField(default=0)
    total_reward = MoneyField(default=0, help_text="Commissions earned.")
    invite_code = models.CharField(max_length=16, unique=True, default=new_invite_code)
    expire_time = models.DateTimeField(null=True, blank=True, db_index=True, help_text="Membership expiry.")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, blank=True,
                                help_text="What the shop writes to them in; empty: the shop's language.")  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="user_balance_not_negative"),
            models.UniqueConstraint(fields=["email"], condition=~Q(email=""), name="user_email_unique"),
            models.UniqueConstraint(fields=["phone"], condition=~Q(phone=""), name="user_phone_unique"),
        ]

    def save(self, *args, **kwargs):
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            # A new password ends every API session, as it ends browser sessions.
            self.tokens.all().delete()


class AuthToken(models.Model):
    """An API token. Only its SHA-256 is stored, so a database leak yields no usable token."""

    key_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    remember = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    renewed = models.BooleanField(default=False, help_text="A successor was handed out in Update-Token.")

    def __str__(self):
        return f"token of {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"


def translated(main, english):
    """A catalogue text as shown: the English one staff wrote when English is asked, else the main one
    (Chinese, the shop's ``LANGUAGE_CODE``)."""
    return english if english and translation.get_language() == "en" else main


class EnglishToo:
    """A model whose ``title`` and ``description`` staff may also write in English (``*_en``): shown
    through ``local_title`` and ``local_description``."""

    @property
    def local_title(self):
        return translated(self.title, self.title_en)

    @property
    def local_description(self):
        return translated(self.description, self.description_en)


class Category(EnglishToo, models.Model):
    title = models.CharField(max_length=100)
    title_en = models.CharField("title in English", max_length=100, blank=True, help_text=ENGLISH_HELP)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    url_token = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=255, blank=True)
    description_en = models.CharField("description in English", max_length=255, blank=True, help_text=ENGLISH_HELP)
    sort = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.title


class Goods(EnglishToo, models.Model):
    """A product: an AnQiCMS archive of the product module (spec section 3)."""

    class Status(models.IntegerChoices):
        DRAFT = 0, "draft"
        PUBLISHED = 1, "published"

    title = models.CharField(max_length=200)
    title_en = models.CharField("title in English", max_length=200, blank=True, help_text=ENGLISH_HELP)
    seo_title = models.CharField(max_length=200, blank=True)
    url_token = models.SlugField(max_length=200, unique=True)
    keywords = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    description_en = models.TextField("description in English", blank=True, help_text=ENGLISH_HELP)
    content = models.TextField(blank=True)
    module_id = models.PositiveIntegerField(default=2)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="goods")
    seller = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goods_sold",
    )
    price = MoneyField(help_text="A product with SKUs shows its lowest SKU price here.")
    origin_price = MoneyField(default=0, help_text="Crossed-out price (0 = none).")
    stock = models.IntegerField(default=0)
    user_limit = models.PositiveIntegerField(default=0, help_text="Most one user may buy (0 = no limit).")
    sold_count = models.PositiveIntegerField(default=0)
    views = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    review_count = models.PositiveIntegerField(default=0)
    canonical_url = models.CharField(max_length=255, blank=True)
    fixed_link = models.CharField(max_length=255, blank=True)
    status = models.SmallIntegerField(choices=Status.choices, default=Status.PUBLISHED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "goods"
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="goods_price_not_negative"),
            models.CheckConstraint(condition=Q(origin_price__gte=0), name="goods_origin_price_not_negative"),
            models.CheckConstraint(
                condition=Q(stock__gte=0),
                name="goods_stock_not_negative",
                violation_error_message="Stock cannot be below 0.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "category"]),
            models.Index(fields=["status", "price"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("shop:goods", args=[self.pk])


class GoodsImage(models.Model):
    THUMB_SIZE = (360, 360)

    goods = models.ForeignKey(Goods, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="goods/%Y%m")
    thumb = models.ImageField(upload_to="goods/%Y%m", blank=True, editable=False)
    sort = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort", "id"]

    def __str__(self):
        return self.image.name

    def save(self, *args, **kwargs):
        if self.image and not self.thumb:
            self.thumb.save(
                f"thumb_{self.image.name.rsplit('/', 1)[-1]}",
                self._make_thumb(),
                save=False,
            )
        super().save(*args, **kwargs)

    def _make_thumb(self):
        self.image.open()
        with Image.open(self.image) as picture:
            picture = picture.convert("RGB")
            picture.thumbnail(self.THUMB_SIZE)
            out = BytesIO()
            picture.save(out, "JPEG", quality=82)
        self.image.seek(0)
        return ContentFile(out.getvalue())


class GoodsOption(models.Model):
    """A dimension a product varies in (size, colour)."""

    goods = models.ForeignKey(Goods, on_delete=models.CASCADE, related_name="options")
    title = models.CharField(max_length=64)
    sort = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort", "id"]
        constraints = [models.UniqueConstraint(fields=["goods", "title"], name="goods_option_title_unique")]

    def __str__(self):
        return f"{self.goods_id}: {self.title}"


class GoodsOptionValue(models.Model):
    option = models.ForeignKey(GoodsOption, on_delete=models.CASCADE, related_name="values")
    title = models.CharField(max_length=64)
    price = MoneyField(default=0, help_text="Informational price difference.")
    sort = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort", "id"]
        constraints = [models.UniqueConstraint(fields=["option", "title"], name="goods_option_value_unique")]

    def __str__(self):
        return f"{self.option.title}: {self.title}"


class GoodsSku(models.Model):
    """One buyable combination of option values, with its own price and stock."""

    goods = models.ForeignKey(Goods, on_delete=models.CASCADE, related_name="skus")
    title = models.CharField(max_length=200)
    symbol = models.CharField(max_length=100, help_text="Option value ids joined by '_', in option order.")
    values = models.ManyToManyField(GoodsOptionValue, related_name="skus")
    price = MoneyField()
    origin_price = MoneyField(default=0)
    stock = models.IntegerField(default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = "SKU"
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="sku_price_not_negative"),
            models.CheckConstraint(condition=Q(origin_price__gte=0), name="sku_origin_price_not_negative"),
            models.CheckConstraint(
                condition=Q(stock__gte=0),
                name="sku_stock_not_negative",
                violation_error_message="Stock cannot be below 0.",
            ),
            models.UniqueConstraint(fields=["goods", "symbol"], name="sku_symbol_unique_per_goods"),
        ]

    def __str__(self):
        return self.title


class WishlistItem(models.Model):
    """A product (and SKU) a user wishes for, with the price it had when wished and a hoped-for price."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="wishlist")
    goods = models.ForeignKey(Goods, on_delete=models.CASCADE, related_name="+")
    sku = models.ForeignKey(GoodsSku, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    remark = models.CharField(max_length=255, blank=True)
    priority = models.SmallIntegerField(default=0)
    origin_price = MoneyField(help_text="Price when added.")
    target_price = MoneyField(default=0, help_text="The wished price (0 = none).")
    status = models.SmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-priority", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "goods", "sku"], condition=Q(sku__isnull=False), name="wishlist_user_goods_sku_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "goods"], condition=Q(sku__isnull=True), name="wishlist_user_goods_unique"
            ),
            models.CheckConstraint(condition=Q(target_price__gte=0), name="wishlist_target_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.user_id} wishes {self.goods_id}/{self.sku_id}"


class FormSubmission(models.Model):
    """A page form already posted under its one-time key: a second post of it (a double click, a
    retry on a slow connection) lands where the first one did instead of acting again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    outcome = models.CharField(max_length=500, blank=True, help_text="Where the first post sent the browser.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="form_submission_once")]

    def __str__(self):
        return f"{self.user_id}: {self.key}"


class WechatAccount(models.Model):
    """A shopper's WeChat identity: the ``openid`` the mini-program (``weapp``) or the official
    account (``wechat``) knows them by. It signs them in, and ``weapp`` payments are made with it."""

    class Platform(models.TextChoices):
        WEAPP = "weapp", "mini-program"
        WECHAT = "wechat", "official account"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="wechat_accounts")
    platform = models.CharField(max_length=8, choices=Platform.choices)
    openid = models.CharField(max_length=64)
    unionid = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "openid"], name="wechat_openid_once"),
            models.UniqueConstraint(fields=["user", "platform"], name="wechat_one_account_per_platform"),
        ]

    def __str__(self):
        return f"{self.platform} {self.openid}"


class SentEmail(models.Model):
    """One email of a kind about one object (``order_shipped:42``): its row, locked while the email
    is sent, keeps a retried or doubled task from sending it twice."""

    key = models.CharField(max_length=100, unique=True)
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
