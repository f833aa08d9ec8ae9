"""The API answers in its client's language (issue 13): the ``Language`` header, the ``lang`` cookie,
``Accept-Language``, else Chinese; and every message marked for translation has its Chinese."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import override_settings

from shop.tests.factories import GoodsFactory

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR, "locale", "zh_Hans", "LC_MESSAGES")


def msg(response):
    return response.json()["msg"]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"HTTP_LANGUAGE": "zh-CN"}, "未登录"),
        ({"HTTP_LANGUAGE": "zh-hans"}, "未登录"),
        ({"HTTP_LANGUAGE": "en"}, "not logged in"),
        ({"HTTP_LANGUAGE": "en-US"}, "not logged in"),
        ({"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9,en;q=0.8"}, "未登录"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, "not logged in"),
        ({"HTTP_LANGUAGE": "fr", "HTTP_ACCEPT_LANGUAGE": "en"}, "not logged in"),  # not spoken: as if not asked
        ({"HTTP_LANGUAGE": "en", "HTTP_ACCEPT_LANGUAGE": "zh-CN"}, "not logged in"),  # the header first
    ],
)
def test_the_same_refusal_in_the_language_asked(client_api, headers, expected):
    response = client_api.get("/api/orders", **headers)
    assert (response.json()["code"], msg(response)) == (1001, expected)
    assert response["Content-Language"] == ("en" if expected == "not logged in" else "zh-hans")
    assert {"Language", "Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_the_lang_cookie_anqicms_sets(client_api):
    client_api.cookies["lang"] = "zh-hans"
    assert msg(client_api.get("/api/orders")) == "未登录"
    client_api.cookies["lang"] = "en"
    assert msg(client_api.get("/api/orders", HTTP_ACCEPT_LANGUAGE="zh-CN")) == "not logged in"


@override_settings(LANGUAGE_CODE="zh-hans")
def test_chinese_when_nothing_is_asked(client_api):
    assert msg(client_api.get("/api/orders")) == "未登录"


def test_a_rule_of_the_shop_with_its_figures_in_both_languages(api):
    teapot = GoodsFactory(title="Teapot", stock=2)
    body = {"archive_id": teapot.pk, "sku_id": 0, "quantity": 3}
    english = msg(api.post("/api/cart/add", body, format="json", HTTP_LANGUAGE="en"))
    chinese = msg(api.post("/api/cart/add", body, format="json", HTTP_LANGUAGE="zh-CN"))
    assert (english, chinese) == ("quantity: only 2 of Teapot in stock", "quantity: Teapot 仅剩 2 件库存")


def test_validation_messages_too(api):
    body = {"sku_id": 0, "quantity": 1}
    assert (
        msg(api.post("/api/cart/add", body, format="json", HTTP_LANGUAGE="en")) == "archive_id: This field is required."
    )
    assert msg(api.post("/api/cart/add", body, format="json", HTTP_LANGUAGE="zh-CN")) == "archive_id: 此项为必填项。"


def test_pages_stay_english_until_they_are_translated(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert page["Content-Language"] == "en" and '<html lang="en">' in page.content.decode()


def entries():
    return list(polib.pofile(str(CATALOGUE / "django.po")))


def placeholders(text):
    return sorted(re.findall(r"%\(\w+\)s", text))


def test_every_marked_message_has_its_chinese():
    untranslated = [e.msgid for e in entries() if not e.translated() or "fuzzy" in e.flags]
    assert untranslated == []


def test_a_translation_keeps_the_placeholders_and_the_field_it_names():
    for entry in entries():
        for text in [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values():
            assert placeholders(text) == placeholders(entry.msgid_plural or entry.msgid), entry.msgid
            field = re.match(r"^([\w.\[\]-]+): ", entry.msgid)
            if field and field[1].islower():  # "quantity: ..." names a field of the API: kept as it is
                assert text.startswith(f"{field[1]}: "), entry.msgid


def test_the_compiled_catalogue_is_current():
    """The .mo is committed (a fresh machine may have no msgfmt): it must say what the .po says."""
    compiled = {(e.msgid, e.msgid_plural): e for e in polib.mofile(str(CATALOGUE / "django.mo"))}
    for entry in entries():
        found = compiled.get((entry.msgid, entry.msgid_plural))
        assert found is not None, entry.msgid
        assert (found.msgstr, found.msgstr_plural) == (entry.msgstr, entry.msgstr_plural), entry.msgid


MARKERS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
SOURCES = ["config", "shop", "cart", "orders", "payments", "coupons", "communication", "reviews"]


def marked_in_code():
    """Every string the code marks for translation, read from its syntax (no gettext tools needed)."""
    import ast

    for app in SOURCES:
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            if {"tests", "migrations"} & set(path.parts):
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in MARKERS and node.args:
                    first = node.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        yield path.relative_to(settings.BASE_DIR), first.value


def test_every_string_the_code_marks_is_in_the_catalogue():
    """A new message fails here until ``makemessages -l zh_Hans`` adds it and it is translated."""
    known = {entry.msgid for entry in entries()}
    missing = sorted({f"{path}: {text}" for path, text in marked_in_code() if text not in known})
    assert missing == []
