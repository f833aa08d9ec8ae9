import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from shop.money import MoneyField

# No 0/O or 1/I: codes are read aloud and typed from print.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 32**12 ≈ 1.2e18 possibilities: not guessable


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw):
    """How a shopper may type a code: any case, spaces or dashes."""
    return "".join(raw.split()).replace("-", "").upper()


class Coupon(models.Model):
    """A campaign; its codes are the instances shoppers hold (spec section 8)."""

    class MoneyType(models.IntegerChoices):
        FIXED = 0, _("fixed amount off")
        PERCENT = 1, _("percent off")

    class Status(models.IntegerChoices):
        DISABLED = 0, _("disabled")
        ACTIVE = 1, _("active")

    title = models.CharField(_("title"), max_length=100)
    description = models.CharField(_("description"), max_length=255, blank=True)
    money_type = models.SmallIntegerField(_("money type"), choices=MoneyType.choices, default=MoneyType.FIXED)
    money = models.PositiveIntegerField(_("money"), help_text=_("Cents off (fixed) or percent off, 1-100 (percent)."))
    max_money = MoneyField(_("max money"), default=0, help_text=_("Most a percent coupon takes off (0 = no cap)."))
    min_amount = MoneyField(_("min amount"), default=0, help_text=_("Least eligible amount the order needs."))
    all_goods = models.BooleanField(
        _("all goods"), default=True, help_text=_("Untick to limit it to the goods and categories below.")
    )
    goods = models.ManyToManyField("shop.Goods", verbose_name=_("goods"), blank=True, related_name="+")
    categories = models.ManyToManyField(
        "shop.Category",
        verbose_name=_("categories"),
        blank=True,
        related_name="+",
        help_text=_("Their subcategories count too."),
    )
    start_time = models.DateTimeField(_("start time"))
    end_time = models.DateTimeField(_("end time"))
    quantity = models.PositiveIntegerField(
        _("quantity"), default=0, help_text=_("Codes that can be issued (0 = unlimited).")
    )
    issued = models.PositiveIntegerField(_("issued"), default=0, editable=False)
    per_user = models.PositiveIntegerField(_("per user"), default=1, help_text=_("Codes one shopper may claim."))
    status = models.SmallIntegerField(_("status"), choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(money__gt=0),
                name="coupon_money_positive",
                violation_error_message="The discount must be more than 0.",
            ),
            models.CheckConstraint(
                condition=Q(money_type=0) | Q(money__lte=100),
                name="coupon_percent_at_most_100",
                violation_error_message="A percent discount is at most 100%.",
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="coupon_ends_after_it_starts",
                violation_error_message="The campaign must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(quantity=0) | Q(issued__lte=F("quantity")), name="coupon_never_issues_past_quantity"
            ),
            models.CheckConstraint(
                condition=Q(max_money__gte=0, min_amount__gte=0),
                name="coupon_amounts_not_negative",
                violation_error_message="Amounts cannot be below 0.",
            ),
            models.CheckConstraint(
                condition=Q(per_user__gte=1),
                name="coupon_per_user_at_least_1",
                violation_error_message="Each shopper must be able to claim at least 1 code.",
            ),
        ]

    def __str__(self):
        return self.title


class CouponCode(models.Model):
    """One shopper's instance of a campaign, or a pre-generated code waiting for its shopper."""

    class Status(models.IntegerChoices):
        UNUSED = 0, _("unused")
        USED = 1, _("used")

    coupon = models.ForeignKey(Coupon, verbose_name=_("coupon"), on_delete=models.PROTECT, related_name="codes")
    code = models.CharField(_("code"), max_length=32, unique=True, default=new_code)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coupon_codes",
    )
    claim_number = models.PositiveIntegerField(_("claim number"), null=True, blank=True, editable=False)
    order = models.OneToOneField(
        "orders.Order",
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coupon_code",
    )
    status = models.SmallIntegerField(_("status"), choices=Status.choices, default=Status.UNUSED)
    get_time = models.DateTimeField(_("get time"), null=True, blank=True, help_text=_("When its shopper got it."))
    use_time = models.DateTimeField(_("use time"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("coupon code")
        verbose_name_plural = _("coupon codes")
        ordering = ["-id"]
        constraints = [
            # The per-user limit, backed by the database: a shopper's n-th claim of a campaign is unique.
            models.UniqueConstraint(fields=["coupon", "user", "claim_number"], name="coupon_claim_number_unique"),
            models.CheckConstraint(
                condition=(Q(status=0) & Q(order__isnull=True)) | (Q(status=1) & Q(order__isnull=False)),
                name="coupon_code_used_exactly_when_it_has_an_order",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(order__isnull=True), name="coupon_code_used_only_by_its_owner"
            ),
        ]

    def __str__(self):
        return self.code
