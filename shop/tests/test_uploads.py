"""POST /api/attachment/upload (spec section 11): only real pictures, re-encoded without their
metadata under a random name, each owned by its uploader; anything else refused with nothing kept."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shop import limits, uploads
from shop.models import Attachment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(settings):
    """A storage of this test's own, so that "nothing stored" can be seen."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    return default_storage


def stored(storage):
    try:
        folders = storage.listdir("uploads")[0]
    except FileNotFoundError:
        return []
    return [f"{folder}/{name}" for folder in folders for name in storage.listdir(f"uploads/{folder}")[1]]


def picture(image_format="JPEG", size=(640, 480), **options):
    out = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, image_format, **options)
    return out.getvalue()


def with_gps():
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {2: (31.0, 14.0, 0.0), 4: (121.0, 28.0, 0.0)}  # GPSInfo: where the photo was taken
    exif[0x0112] = 6  # turned: the camera held sideways
    return picture(exif=exif.tobytes())


def upload(client, content, name="photo.jpg", content_type="image/jpeg"):
    return client.post("/api/attachment/upload", {"file": SimpleUploadedFile(name, content, content_type)},
                       format="multipart").json()  # fmt: skip


def test_a_photo_is_kept_without_its_metadata_under_a_random_name(api, user, storage):
    answer = upload(api, with_gps(), name="../../etc/my holiday.jpg")
    assert answer["code"] == 0, answer
    data = answer["data"]
    attachment = Attachment.objects.get()
    assert (data["id"], data["file_location"]) == (attachment.pk, attachment.file.name)
    assert data["url"].startswith("http://testserver/media/uploads/") and data["url"].endswith(".jpg")
    assert "holiday" not in attachment.file.name and ".." not in attachment.file.name
    assert (attachment.user, attachment.file_name, data["token"]) == (user, "my holiday.jpg", "")
    with Image.open(storage.open(attachment.file.name)) as kept:
        assert (kept.format, kept.size) == ("JPEG", (480, 640))  # turned upright, as the camera meant
        assert dict(kept.getexif()) == {}
    with Image.open(storage.open(attachment.thumb.name)) as thumb:
        assert max(thumb.size) == 360
    assert sorted(stored(storage)) == sorted([attachment.file.name[8:], attachment.thumb.name[8:]])


@pytest.mark.parametrize(("image_format", "extension"), [("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif")])
def test_each_accepted_kind_keeps_its_kind(api, image_format, extension):
    answer = upload(api, picture(image_format), name="x.bin", content_type="application/octet-stream")
    assert answer["code"] == 0, answer
    assert Attachment.objects.get().file.name.endswith(f".{extension}")  # from the content, not the name


def png_header(width, height):
    """A PNG that says it is ``width`` by ``height`` in a few bytes (a decompression bomb's header)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))  # fmt: skip


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just some words, not a picture", "notes.jpg", "file: not an image, or a damaged one"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500, "setup.exe.png", "file: not an image, or a damaged one"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 500, "photo.jpg", "file: not an image, or a damaged one"),
        (SVG, "logo.svg", "file: not an image, or a damaged one"),
        (png_header(50_000, 50_000), "huge.png", "file: the picture has too many pixels (at most 40 million)"),
        (png_header(8000, 6000), "big.png", "file: the picture has too many pixels (at most 40 million)"),
        (picture()[:300], "cut.jpg", "file: not an image, or a damaged one"),
        (picture("TIFF"), "scan.tif", "file: not a JPEG, PNG, WebP or GIF image"),
    ],
)
def test_what_is_not_a_picture_we_take_is_refused_and_nothing_is_kept(api, storage, content, name, message):
    assert upload(api, content, name=name) == {"code": -1, "msg": message, "data": None}
    assert (Attachment.objects.count(), stored(storage)) == (0, [])


def test_an_oversized_file_is_refused_before_it_is_read(api, storage, settings):
    settings.UPLOAD_MAX_BYTES = 100 * 1024
    big = picture("PNG", size=(600, 600), compress_level=0)
    assert len(big) > settings.UPLOAD_MAX_BYTES
    assert upload(api, big, name="big.png") == {"code": -1, "msg": "file: larger than 0 MB", "data": None}
    settings.UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    assert upload(api, big + b"\x00" * 5 * 1024 * 1024, name="big.png")["msg"] == "file: larger than 5 MB"
    assert (Attachment.objects.count(), stored(storage)) == (0, [])


def test_no_file_is_a_clear_error(api):
    answer = api.post("/api/attachment/upload", {}, format="multipart").json()
    assert (answer["code"], answer["msg"]) == (-1, "file: No file was submitted.")


def test_a_guest_uploads_with_their_cart_token_and_only_so_often(client_api, settings, monkeypatch):
    monkeypatch.setattr(limits, "PREFIX", "uploads-test")
    settings.UPLOAD_GUEST_RATE = "2/hour"
    first = client_api.post("/api/attachment/upload", {"file": SimpleUploadedFile("a.jpg", picture())},
                            format="multipart")  # fmt: skip
    token = first.cookies["cart"].value
    assert first.json()["data"]["token"] == token == Attachment.objects.get().guest_token  # for clients without cookies
    assert upload(client_api, picture())["code"] == 0  # the cookie came back: the same guest
    assert Attachment.objects.filter(guest_token=token).count() == 2
    refused = upload(client_api, picture())
    assert (refused["code"], refused["msg"]) == (
        -1,
        "Too many uploads from your network: please try again in 60 minutes.",
    )


def test_a_picture_attaches_only_where_its_uploader_attaches_it(user):
    from shop.tests.factories import UserFactory

    mine = uploads.save_image(SimpleUploadedFile("a.jpg", picture()), user=user)
    guests = uploads.save_image(SimpleUploadedFile("b.jpg", picture()), guest_token="guest-1")
    assert uploads.mine([mine.pk], user=user) == [mine]
    assert uploads.mine([guests.pk], guest_token="guest-1") == [guests]
    others = [([mine.pk], {"user": UserFactory()}), ([guests.pk], {"guest_token": "guest-2"}),
              ([guests.pk], {"user": user}), ([mine.pk], {"guest_token": ""}), ([999], {"user": user})]  # fmt: skip
    for ids, owner in others:
        with pytest.raises(Exception, match="images: only pictures you uploaded can be attached"):
            uploads.mine(ids, **owner)
