from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from shop.money import MoneyField

ACCEPTED = gettext_noop("Quote accepted: order %(order)s")  # the thread's note of an accepted quote
# The thread's notes of a closed request, kept as the key and worded for whoever reads them.
CLOSED = {"rejected": gettext_noop("The shop declined this request."),
          "cancelled": gettext_noop("This request was cancelled.")}  # fmt: skip


class FormField(models.Model):
    """A field of the "request a custom order" form, defined by staff; requests' ``order_extra`` is
    checked against them (``communication.fields``)."""

    class Type(models.TextChoices):
        TEXT = "text", _("text")
        NUMBER = "number", _("number")
        TEXTAREA = "textarea", _("long text")
        RADIO = "radio", _("one choice (buttons)")
        CHECKBOX = "checkbox", _("several choices")
        SELECT = "select", _("one choice (list)")
        IMAGE = "image", _("picture")
        FILE = "file", _("file")

    name = models.CharField(_("label"), max_length=64)
    field_name = models.SlugField(_("field name"), max_length=64, unique=True, help_text=_("The key in order_extra."))
    type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.TEXT)
    required = models.BooleanField(_("required"), default=False)
    content = models.TextField(_("options"), blank=True, help_text=_("For choices: one option a line."))
    sort = models.IntegerField(_("sort"), default=0)

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["sort", "id"]

    def __str__(self):
        return self.name

    @property
    def options(self):
        return [line.strip() for line in self.content.splitlines() if line.strip()]


class CustomOrder(models.Model):
    """A shopper's request for something made to order: talked over in its messages, quoted by staff,
    and once the shopper accepts the quote, a normal order at the quoted price."""

    class Status(models.IntegerChoices):
        CANCELLED = -1, _("cancelled")
        PENDING = 0, _("waiting for the shop")
        DISCUSSING = 1, _("in discussion")
        QUOTED = 2, _("quoted")
        ACCEPTED = 3, _("accepted")
        REJECTED = 4, _("declined by the shop")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="custom_orders"
    )
    goods = models.ForeignKey(
        "shop.Goods", verbose_name=_("goods"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), max_length=5000)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    images = models.ManyToManyField("shop.Attachment", verbose_name=_("images"), blank=True, related_name="+")
    # The shop's pictures: a sketch of what it will make, and what it made.
    sketch_images = models.ManyToManyField("shop.Attachment", verbose_name=_("sketches"), blank=True, related_name="+")
    finished_images = models.ManyToManyField(
        "shop.Attachment", verbose_name=_("finished pictures"), blank=True, related_name="+"
    )
    extra = models.JSONField(_("extra fields"), default=dict, blank=True, help_text=_("order_extra, checked."))
    status = models.SmallIntegerField(_("status"), choices=Status.choices, default=Status.PENDING, db_index=True)
    quote_price = MoneyField(_("quote price"), default=0)
    quote_content = models.TextField(_("quote"), blank=True)
    order = models.OneToOneField(
        "orders.Order", verbose_name=_("order"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="custom_order",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("custom order")
        verbose_name_plural = _("custom orders")
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "-id"], name="custom_order_user_id")]
        constraints = [
            models.CheckConstraint(condition=Q(quote_price__gte=0), name="custom_order_quote_not_negative"),
            models.CheckConstraint(
                condition=~Q(status=3) | Q(order__isnull=False), name="custom_order_accepted_has_an_order"
            ),
        ]

    def __str__(self):
        return self.title


class Message(models.Model):
    """One message of a custom order's thread, from its shopper, staff or the shop itself (system)."""

    class Sender(models.TextChoices):
        USER = "user", _("shopper")
        STAFF = "staff", _("staff")
        SYSTEM = "system", _("system")

    class Type(models.TextChoices):
        TEXT = "text", _("text")
        IMAGE = "image", _("picture")
        QUOTE = "quote", _("quote")
        VIDEO = "video", _("video")
        FILE = "file", _("file")

    custom_order = models.ForeignKey(
        CustomOrder, verbose_name=_("custom order"), on_delete=models.CASCADE, related_name="messages"
    )
    sender_kind = models.CharField(_("from"), max_length=8, choices=Sender.choices)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sender"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    type = models.CharField(_("type"), max_length=8, choices=Type.choices, default=Type.TEXT)
    content = models.TextField(_("content"), max_length=5000)
    read_by_user = models.BooleanField(_("read by the shopper"), default=False)
    read_by_staff = models.BooleanField(_("read by staff"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["id"]
        indexes = [models.Index(fields=["custom_order", "id"], name="message_thread")]

    def __str__(self):
        return f"{self.custom_order_id} {self.sender_kind}: {self.content[:40]}"

    @property
    def text(self):
        """What it says, to whoever reads it: the shop's own notes are kept as a key (or an accepted quote's
        order number) and worded in the reader's language."""
        if self.sender_kind != self.Sender.SYSTEM:
            return self.content
        return gettext(CLOSED[self.content]) if self.content in CLOSED else gettext(ACCEPTED) % {"order": self.content}
