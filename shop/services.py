import secrets
from io import BytesIO
from itertools import product

from django.contrib.auth import authenticate, login, logout, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Min, ProtectedError, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

from config.api import ApiError

from . import catalogue, emails, limits, tasks, tokens
from .models import Goods, GoodsSku, User
from .selectors import PURCHASABLE, SKU_WITH_GOODS

NOT_REGISTERED = gettext_lazy(
    "Could not register with these details. If you already have an account, sign in or reset your password."
)


def _check_password(password, user):
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        raise ApiError(_("password: %(problems)s") % {"problems": " ".join(exc.messages)}) from None


def _claimed(*, user_name="", email="", phone="", other_than=None):
    """``{field: account}`` for each of these (given) that would sign in to another account.

    One sign-in box takes a user name, an email or a phone, so each is checked against all three:
    a user name that is someone's email would take their sign-in.
    """
    accounts = User.objects.exclude(pk=other_than.pk) if other_than else User.objects.all()
    claimed = {}
    for field, value in (("user_name", user_name), ("email", email), ("phone", phone)):
        owner = value and accounts.filter(Q(username=value) | Q(email__iexact=value) | Q(phone=value)).first()
        if owner:
            claimed[field] = owner
    return claimed


@transaction.atomic
def register_user(*, user_name, password, email="", phone="", invite_code=""):
    """Create a shopper. Names, emails and phones are unique; an invite code links the inviter.

    User names are public (reviews show them), so a taken one is named as such; emails and
    phones are not: the answer does not tell whether they exist, and their owner gets an email.
    """
    email = email.strip().lower()
    phone = phone.strip()
    claimed = _claimed(user_name=user_name, email=email, phone=phone)
    if claimed.get("user_name") and claimed["user_name"].username == user_name:
        raise ApiError(_("user_name: already registered"))
    if claimed:
        for owner in {account.pk for account in claimed.values()}:
            tasks.tell_of_registration_attempt.delay(owner)
        raise ApiError(NOT_REGISTERED)
    parent = None
    if invite_code:
        parent = User.objects.filter(invite_code=invite_code.strip()).first()
        if parent is None:
            raise ApiError(_("invite_code: no user has this invite code"))
    user = User(username=user_name, email=email, phone=phone, parent=parent, language=translation.get_language())
    _check_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ApiError(_("user_name: already registered")) from None  # lost a race with the same name
    emails.send_after_commit("welcome", user.pk)
    return user


def start_session(*, request, user, remember=False):
    """Log ``user`` in for the browser; a session not remembered ends with the browser."""
    login(request, user, backend="shop.backends.IdentifierBackend")
    if not remember:
        request.session.set_expiry(0)
    remember_language(user, translation.get_language())


def remember_language(user, language):
    """Keep the language ``user`` reads, for what the shop writes to them later (emails)."""
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


def end_session(*, request, raw_token=None):
    """Log out: the session, the API token the client used and the one the browser keeps as a cookie."""
    for raw in {raw_token, request.COOKIES.get("token")} - {None, ""}:
        tokens.revoke_token(raw)
    logout(request)


def change_password(*, user, old_password, new_password):
    """A new password revokes every API token of the user (see ``User.save``)."""
    if not user.check_password(old_password):
        raise ApiError(_("old_password: wrong password"))
    _check_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])


def authenticate_user(*, request, identifier, password):
    limits.attempt(request, identifier)
    user = authenticate(request, username=identifier, password=password)
    if user is None:
        limits.failed(identifier)
        raise ApiError(_("wrong user name or password"))
    limits.succeeded(identifier)
    return user


def sync_goods_from_skus(goods):
    """A product with SKUs shows its lowest SKU price and its total SKU stock."""
    totals = goods.skus.aggregate(price=Min("price"), stock=Sum("stock"))
    if totals["price"] is None:
        return
    Goods.objects.filter(pk=goods.pk).update(price=totals["price"], stock=totals["stock"], updated_at=timezone.now())
    catalogue.changed()


@transaction.atomic
def generate_skus(goods):
    """Make the product's SKUs the matrix of its options' values: a row for each combination (a new
    one at the product's price, out of stock), titles kept in step with the values, and the rows of
    combinations no longer offered removed, or, when past orders name them, kept out of stock.

    Returns ``(made, removed, kept)`` counts."""
    options = [list(option.values.all()) for option in goods.options.prefetch_related("values")]
    options = [values for values in options if values]
    combinations = product(*options) if options else []  # no options: no SKUs (not one empty combination)
    wanted = {"_".join(str(value.pk) for value in combination): combination for combination in combinations}
    existing = {sku.symbol: sku for sku in goods.skus.all()}
    made = 0
    for symbol, combination in wanted.items():
        title = " / ".join(value.title for value in combination)
        sku = existing.get(symbol)
        if sku is None:
            sku = GoodsSku.objects.create(goods=goods, symbol=symbol, title=title, price=goods.price,
                                          origin_price=goods.origin_price, stock=0)  # fmt: skip
            sku.values.set(combination)
            made += 1
        elif sku.title != title:
            GoodsSku.objects.filter(pk=sku.pk).update(title=title)
    removed = kept = 0
    for symbol, sku in existing.items():
        if symbol in wanted:
            continue
        try:
            with transaction.atomic():
                sku.delete()
            removed += 1
        except ProtectedError:  # named by past orders: kept for them, not sold
            GoodsSku.objects.filter(pk=sku.pk).update(stock=0)
            kept += 1
    sync_goods_from_skus(goods)
    return made, removed, kept


def why_not_purchasable(goods, sku_id, sku):
    """``(field, reason)`` when this product and SKU cannot be put in a cart or an order, else None.

    ``goods`` needs the ``has_skus`` annotation (see ``selectors.purchasable_goods``).
    """
    if goods is None or goods.status != Goods.Status.PUBLISHED:
        return "goods_id", _("no such product")
    if sku_id:
        if sku is None or sku.goods_id != goods.pk:
            return "goods_sku_id", _("not a SKU of %(title)s") % {"title": goods.local_title}
    elif goods.has_skus:
        return "goods_sku_id", _("choose an option of %(title)s") % {"title": goods.local_title}
    return None


# How carts and wishlists name the product fields (spec sections 4 and 9).
ITEM_FIELDS = {"goods_id": "archive_id", "goods_sku_id": "sku_id"}


def item_for_sale(goods_id, sku_id, *, any_option=False):
    """The published product ``goods_id`` and its SKU ``sku_id``, or ``ApiError`` naming
    ``archive_id``/``sku_id``. With ``any_option`` a product with SKUs may be named without one
    (a wish, not a purchase)."""
    sku = next(iter(SKU_WITH_GOODS(sku_id)), None) if sku_id else None
    if sku is not None and sku.goods_id == goods_id:
        goods = sku.goods
        goods.has_skus = True
    else:
        goods = next(iter(PURCHASABLE(goods_id)), None)
    problem = why_not_purchasable(goods, sku_id, sku)
    if problem and not (any_option and problem[0] == "goods_sku_id" and not sku_id):
        raise ApiError(f"{ITEM_FIELDS[problem[0]]}: {problem[1]}")
    return goods, sku


AVATAR_SIZE = (256, 256)


def update_profile(*, user, real_name, email, phone, avatar=None):
    """Change my name, email, phone and picture; an email or phone is one person's only."""
    email, phone = email.strip().lower(), phone.strip()
    taken = next(iter(_claimed(email=email, phone=phone, other_than=user)), None)
    if taken:
        raise ApiError(_("%(field)s: already used by another account") % {"field": taken})
    user.real_name, user.email, user.phone = real_name.strip(), email, phone
    if avatar is not None:
        user.avatar_url = _save_avatar(avatar)
    try:
        with transaction.atomic():
            user.save(update_fields=["real_name", "email", "phone", "avatar_url", "updated_at"])
    except IntegrityError:
        raise ApiError(_("%(field)s: already used by another account") % {"field": "email"}) from None
    return user


def _save_avatar(upload):
    """The picture re-encoded as a square JPEG under a random name (no EXIF, nothing of the upload kept)."""
    with Image.open(upload) as picture:
        picture = ImageOps.fit(ImageOps.exif_transpose(picture).convert("RGB"), AVATAR_SIZE)
    out = BytesIO()
    picture.save(out, "JPEG", quality=85)
    name = default_storage.save(f"avatars/{secrets.token_urlsafe(16)}.jpg", ContentFile(out.getvalue()))
    return default_storage.url(name)
