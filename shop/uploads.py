"""Images people upload (reviews, custom orders): checked to be an image by opening it, never by its
name or declared type; refused when too large in bytes or in pixels (a decompression bomb); re-encoded
without its metadata (EXIF, GPS) under a random name through Django's storage API, with a thumbnail."""

import secrets
import warnings
from contextlib import contextmanager
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from config.api import ApiError

from .models import Attachment

# What Pillow calls each accepted format, and how it is saved again.
FORMATS = {"JPEG": ("jpg", {"quality": 85}), "PNG": ("png", {"optimize": True}), "WEBP": ("webp", {"quality": 85}),
           "GIF": ("gif", {})}  # fmt: skip
THUMB_SIZE = (360, 360)
MAX_ATTACHED = 9  # pictures one review or custom order may carry


def _refuse(message):
    raise ApiError(_("file: %(problem)s") % {"problem": message})


def _opened(upload):
    """The upload as a loaded Pillow image of an accepted format, or a refusal saying why."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        _refuse(_("larger than %(mb)s MB") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(upload)
            if picture.format not in FORMATS:
                _refuse(_("not a JPEG, PNG, WebP or GIF image"))
            if picture.width * picture.height > settings.UPLOAD_MAX_PIXELS:  # from the header, before decoding
                raise Image.DecompressionBombError
            picture.verify()  # a damaged or truncated file fails here
            upload.seek(0)
            picture = Image.open(upload)
            picture.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        _refuse(_("the picture has too many pixels (at most %(million)s million)")
                % {"million": settings.UPLOAD_MAX_PIXELS // 10**6})  # fmt: skip
    except (OSError, SyntaxError, ValueError):
        _refuse(_("not an image, or a damaged one"))
    return picture


def _encoded(picture, image_format, **options):
    out = BytesIO()
    picture.save(out, image_format, **options)
    return out.getvalue()


def save_image(upload, *, user=None, guest_token=""):
    """Store ``upload`` as an ``Attachment`` of ``user`` (or of the guest with ``guest_token``)."""
    picture = _opened(upload)
    image_format = picture.format
    extension, options = FORMATS[image_format]
    picture = ImageOps.exif_transpose(picture)  # turned as the camera meant; the EXIF itself is not kept
    if image_format == "JPEG":
        picture = picture.convert("RGB")
    elif image_format == "GIF":
        picture = picture.convert("P") if picture.mode != "P" else picture  # the first frame only
    content = _encoded(picture, image_format, **options)
    thumb = picture.convert("RGB")
    thumb.thumbnail(THUMB_SIZE)
    name = secrets.token_urlsafe(16)
    attachment = Attachment(user=user if user is not None and user.is_authenticated else None,
                            guest_token="" if user is not None and user.is_authenticated else guest_token,
                            file_name=(upload.name or "")[-255:], width=picture.width, height=picture.height,
                            size=len(content))  # fmt: skip
    attachment.file.save(f"{name}.{extension}", ContentFile(content), save=False)
    attachment.thumb.save(f"{name}_thumb.jpg", ContentFile(_encoded(thumb, "JPEG", quality=82)), save=False)
    attachment.save()
    return attachment


@contextmanager
def saving(*, user):
    """``with saving(user=...) as save:`` a page's form keeps what it was sent: ``save(upload)`` stores a
    picture as ``user``'s, in the block's transaction; when the block is refused, the files go too, so
    nothing is kept of a form that was not."""
    saved = []

    def save(upload):
        saved.append(save_image(upload, user=user))
        return saved[-1]

    try:
        with transaction.atomic():
            yield save
    except BaseException:
        for attachment in saved:
            attachment.file.delete(save=False)
            attachment.thumb.delete(save=False)
        raise


def attached(ids, *, user=None, guest_token=""):
    """The pictures ``ids`` one review or request carries: at most ``MAX_ATTACHED``, each once, each mine."""
    if len(ids) > MAX_ATTACHED:
        raise ApiError(_("images: at most %(count)s pictures") % {"count": MAX_ATTACHED})
    return mine(list(dict.fromkeys(ids)), user=user, guest_token=guest_token)


def mine(ids, *, user=None, guest_token=""):
    """The attachments ``ids`` in that order, refused unless each is one the caller uploaded."""
    found = {a.pk: a for a in Attachment.objects.filter(pk__in=ids)}
    if any(found.get(pk) is None or not found[pk].belongs_to(user, guest_token) for pk in ids):
        raise ApiError(_("images: only pictures you uploaded can be attached"))
    return [found[pk] for pk in ids]
