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
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .money import MoneyField

ENGLISH_HELP = _("For shoppers who read English; empty: they see the main text.")

INVITE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_invite_code():
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(8))


def percent_field(verbose_name, help_text):
    return models.PositiveSmallIntegerField(
        verbose_name, default=0, validators=[MaxValueValidator(100)], help_text=help_text
    )


class UserGroup(models.Model):
    """A membership level; its percentages drive member discounts and distribution commissions."""

    title = models.CharField(_("title"), max_length=64, unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    discount = percent_field(_("discount"), _("Percent off for buyers invited by a member of this group (0 = none)."))
    share_reward = percent_field(_("share reward"), _("Percent of the order paid to the inviter (the sharer)."))
    parent_reward = percent_field(_("parent reward"), _("Percent of the order paid to the inviter's own inviter."))
    price = MoneyField(_("price"), default=0, help_text=_("What a membership costs (a VIP order); 0: not on sale."))
    expire_day = models.PositiveIntegerField(
        _("expire day"), default=0, help_text=_("Days one purchase lasts (0: 365).")
    )

    class Meta:
        verbose_name = _("user group")
        verbose_name_plural = _("user groups")
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

    email = models.EmailField(_("email"), blank=True, default="")
    phone = models.CharField(_("phone"), max_length=32, blank=True, default="")
    real_name = models.CharField(_("real name"), max_length=64, blank=True)
    avatar_url = models.CharField(_("avatar url"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitees",
    )
    group = models.ForeignKey(
        UserGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    is_retailer = models.BooleanField(_("is retailer"), default=False)
    balance = MoneyField(_("balance"), default=0)
    total_reward = MoneyField(_("total reward"), default=0, help_text=_("Commissions earned."))
    invite_code = models.CharField(_("invite code"), max_length=16, unique=True, default=new_invite_code)
    expire_time = models.DateTimeField(
        _("expire time"), null=True, blank=True, db_index=True, help_text=_("Membership expiry.")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("What the shop writes to them in; empty: the shop's language."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
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

    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="tokens")
    remember = models.BooleanField(_("remember"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    renewed = models.BooleanField(
        _("renewed"), default=False, help_text=_("A successor was handed out in Update-Token.")
    )

    class Meta:
        verbose_name = _("auth token")
        verbose_name_plural = _("auth tokens")

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
    title = models.CharField(_("title"), max_length=100)
    title_en = models.CharField(_("title in English"), max_length=100, blank=True, help_text=ENGLISH_HELP)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    url_token = models.SlugField(_("url token"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    description_en = models.CharField(_("description in English"), max_length=255, blank=True, help_text=ENGLISH_HELP)
    sort = models.IntegerField(_("sort"), default=0)

    class Meta:
        verbose_name = _("category")
        ordering = ["sort", "id"]
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.title


class Goods(EnglishToo, models.Model):
    """A product: an AnQiCMS archive of the product module (spec section 3)."""

    class Status(models.IntegerChoices):
        DRAFT = 0, _("draft")
        PUBLISHED = 1, _("published")

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True, help_text=ENGLISH_HELP)
    seo_title = models.CharField(_("seo title"), max_length=200, blank=True)
    url_token = models.SlugField(_("url token"), max_length=200, unique=True)
    keywords = models.CharField(_("keywords"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True, help_text=ENGLISH_HELP)
    content = models.TextField(_("content"), blank=True)
    module_id = models.PositiveIntegerField(_("module id"), default=2)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="goods")
    seller = models.ForeignKey(
        User,
        verbose_name=_("seller"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goods_sold",
    )
    price = MoneyField(_("price"), help_text=_("A product with SKUs shows its lowest SKU price here."))
    origin_price = MoneyField(_("origin price"), default=0, help_text=_("Crossed-out price (0 = none)."))
    stock = models.IntegerField(_("stock"), default=0)
    user_limit = models.PositiveIntegerField(
        _("user limit"), default=0, help_text=_("Most one user may buy (0 = no limit).")
    )
    sold_count = models.PositiveIntegerField(_("sold count"), default=0)
    views = models.PositiveIntegerField(_("views"), default=0)
    comment_count = models.PositiveIntegerField(_("comment count"), default=0)
    review_count = models.PositiveIntegerField(_("review count"), default=0, help_text=_("Approved reviews."))
    review_score_total = models.PositiveIntegerField(
        _("review score total"), default=0, help_text=_("The approved reviews' scores added up.")
    )
    canonical_url = models.CharField(_("canonical url"), max_length=255, blank=True)
    fixed_link = models.CharField(_("fixed link"), max_length=255, blank=True)
    status = models.SmallIntegerField(_("status"), choices=Status.choices, default=Status.PUBLISHED, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("goods")
        verbose_name_plural = _("goods")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="goods_price_not_negative"),
            models.CheckConstraint(condition=Q(origin_price__gte=0), name="goods_origin_price_not_negative"),
            models.CheckConstraint(  # each approved review scores 1 to 5
                condition=Q(review_score_total__gte=models.F("review_count"))
                & Q(review_score_total__lte=models.F("review_count") * 5),
                name="goods_review_scores_within_1_to_5_each",
            ),
            models.CheckConstraint(
                condition=Q(stock__gte=0),
                name="goods_stock_not_negative",
                violation_error_message=_("Stock cannot be below 0."),
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

    @property
    def review_score(self):
        """The approved reviews' average score, to one decimal (0 when there are none)."""
        return round(self.review_score_total / self.review_count, 1) if self.review_count else 0


class GoodsImage(models.Model):
    THUMB_SIZE = (360, 360)

    goods = models.ForeignKey(Goods, verbose_name=_("goods"), on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="goods/%Y%m")
    thumb = models.ImageField(_("thumb"), upload_to="goods/%Y%m", blank=True, editable=False)
    sort = models.IntegerField(_("sort"), default=0)

    class Meta:
        verbose_name = _("goods image")
        verbose_name_plural = _("goods images")
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

    goods = models.ForeignKey(Goods, verbose_name=_("goods"), on_delete=models.CASCADE, related_name="options")
    title = models.CharField(_("title"), max_length=64)
    sort = models.IntegerField(_("sort"), default=0)

    class Meta:
        verbose_name = _("goods option")
        verbose_name_plural = _("goods options")
        ordering = ["sort", "id"]
        constraints = [models.UniqueConstraint(fields=["goods", "title"], name="goods_option_title_unique")]

    def __str__(self):
        return f"{self.goods_id}: {self.title}"


class GoodsOptionValue(models.Model):
    option = models.ForeignKey(GoodsOption, verbose_name=_("option"), on_delete=models.CASCADE, related_name="values")
    title = models.CharField(_("title"), max_length=64)
    price = MoneyField(_("price"), default=0, help_text=_("Informational price difference."))
    sort = models.IntegerField(_("sort"), default=0)

    class Meta:
        verbose_name = _("goods option value")
        verbose_name_plural = _("goods option values")
        ordering = ["sort", "id"]
        constraints = [models.UniqueConstraint(fields=["option", "title"], name="goods_option_value_unique")]

    def __str__(self):
        return f"{self.option.title}: {self.title}"


class GoodsSku(models.Model):
    """One buyable combination of option values, with its own price and stock."""

    goods = models.ForeignKey(Goods, verbose_name=_("goods"), on_delete=models.CASCADE, related_name="skus")
    title = models.CharField(_("title"), max_length=200)
    symbol = models.CharField(
        _("symbol"), max_length=100, help_text=_("Option value ids joined by '_', in option order.")
    )
    values = models.ManyToManyField(GoodsOptionValue, verbose_name=_("values"), related_name="skus")
    price = MoneyField(_("price"))
    origin_price = MoneyField(_("origin price"), default=0)
    stock = models.IntegerField(_("stock"), default=0)

    class Meta:
        verbose_name_plural = _("SKUs")
        ordering = ["id"]
        verbose_name = _("SKU")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="sku_price_not_negative"),
            models.CheckConstraint(condition=Q(origin_price__gte=0), name="sku_origin_price_not_negative"),
            models.CheckConstraint(
                condition=Q(stock__gte=0),
                name="sku_stock_not_negative",
                violation_error_message=_("Stock cannot be below 0."),
            ),
            models.UniqueConstraint(fields=["goods", "symbol"], name="sku_symbol_unique_per_goods"),
        ]

    def __str__(self):
        return self.title


class Attachment(models.Model):
    """An image someone uploaded (``shop.uploads``), re-encoded under a random name; its owner is the
    user, or for a guest the ``cart`` token they uploaded with. Reviews and custom orders attach them."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    guest_token = models.CharField(_("guest token"), max_length=64, blank=True, db_index=True)
    file = models.ImageField(_("file"), upload_to="uploads/%Y%m")
    thumb = models.ImageField(_("thumbnail"), upload_to="uploads/%Y%m")
    file_name = models.CharField(_("file name"), max_length=255, blank=True, help_text=_("As the uploader named it."))
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size"), help_text=_("Bytes, once re-encoded."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(guest_token=""), name="attachment_has_an_owner")
        ]

    def __str__(self):
        return self.file.name

    def belongs_to(self, user, guest_token):
        """Whether ``user`` (or, signed out, the guest with ``guest_token``) uploaded it."""
        if user is not None and user.is_authenticated:
            return self.user_id == user.pk
        return self.user_id is None and bool(guest_token) and self.guest_token == guest_token


class WishlistItem(models.Model):
    """A product (and SKU) a user wishes for, with the price it had when wished and a hoped-for price."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="wishlist")
    goods = models.ForeignKey(Goods, verbose_name=_("goods"), on_delete=models.CASCADE, related_name="+")
    sku = models.ForeignKey(
        GoodsSku, verbose_name=_("SKU"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    remark = models.CharField(_("remark"), max_length=255, blank=True)
    priority = models.SmallIntegerField(_("priority"), default=0)
    origin_price = MoneyField(_("origin price"), help_text=_("Price when added."))
    target_price = MoneyField(_("target price"), default=0, help_text=_("The wished price (0 = none)."))
    told_of_drop = models.BooleanField(
        _("told of the drop"), default=False,
        help_text=_("Emailed that the price fell to the target; told again once it has risen above it and fallen."),
    )  # fmt: skip
    status = models.SmallIntegerField(_("status"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("wishlist item")
        verbose_name_plural = _("wishlist items")
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
        # The price-drop job reads only the wishes with a target: its cost follows them, not the table.
        indexes = [models.Index(fields=["told_of_drop", "id"], condition=Q(target_price__gt=0), name="wish_target")]

    def __str__(self):
        return f"{self.user_id} wishes {self.goods_id}/{self.sku_id}"

    @property
    def price(self):
        """What the wished product (or SKU) costs now."""
        return (self.sku or self.goods).price

    @property
    def dropped_by(self):
        """How much less it costs than when it was wished for (0 when not less)."""
        return max(self.origin_price - self.price, 0)


class FormSubmission(models.Model):
    """A page form already posted under its one-time key: a second post of it (a double click, a
    retry on a slow connection) lands where the first one did instead of acting again."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=64)
    outcome = models.CharField(
        _("outcome"), max_length=500, blank=True, help_text=_("Where the first post sent the browser.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="form_submission_once")]

    def __str__(self):
        return f"{self.user_id}: {self.key}"


class WechatAccount(models.Model):
    """A shopper's WeChat identity: the ``openid`` the mini-program (``weapp``) or the official
    account (``wechat``) knows them by. It signs them in, and ``weapp`` payments are made with it."""

    class Platform(models.TextChoices):
        WEAPP = "weapp", _("mini-program")
        WECHAT = "wechat", _("official account")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="wechat_accounts")
    platform = models.CharField(_("platform"), max_length=8, choices=Platform.choices)
    openid = models.CharField(_("openid"), max_length=64)
    unionid = models.CharField(_("unionid"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("wechat account")
        verbose_name_plural = _("wechat accounts")
        constraints = [
            models.UniqueConstraint(fields=["platform", "openid"], name="wechat_openid_once"),
            models.UniqueConstraint(fields=["user", "platform"], name="wechat_one_account_per_platform"),
        ]

    def __str__(self):
        return f"{self.platform} {self.openid}"


class SentEmail(models.Model):
    """One email of a kind about one object (``order_shipped:42``): its row, locked while the email
    is sent, keeps a retried or doubled task from sending it twice."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")

    def __str__(self):
        return self.key
