"""The API answers in its client's language (issue 13): the ``Language`` header, the ``lang`` cookie,
``Accept-Language``, else Chinese; and every message marked for translation has its Chinese."""

import re
from datetime import UTC, datetime
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


@pytest.mark.parametrize(
    ("asked", "expected", "words"),
    [
        ({"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}, "zh-hans", "加入购物车"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB"}, "en", "Add to cart"),
    ],
)
def test_pages_speak_the_browsers_language(client, asked, expected, words):
    page = client.get(GoodsFactory(stock=3).get_absolute_url(), **asked)
    assert page["Content-Language"] == expected
    assert f'<html lang="{expected}">' in page.content.decode() and words in page.content.decode()


def test_the_switcher_remembers_the_choice_in_the_lang_cookie_and_goes_back(client):
    home = client.get("/?q=tea", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert 'name="language" value="en"' in home.content.decode()  # the other language is offered
    switched = client.post("/i18n/setlang/", {"language": "en"}, HTTP_REFERER="http://testserver/?q=tea")
    back = "http://testserver/?q=tea"
    assert (switched.status_code, switched["Location"], switched.cookies["lang"].value) == (302, back, "en")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")["Content-Language"] == "en"  # the cookie wins


def test_the_admin_speaks_the_staff_members_language(admin_client):
    chinese = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert chinese["Content-Language"] == "zh-hans"
    assert {"订单", "待发货", "最近 30 天每日收入"} <= set(re.findall(r">([^<>]+)<", chinese.content.decode()))
    admin_client.cookies["lang"] = "en"  # the admin's switcher, as the pages'
    english = admin_client.get("/admin/orders/order/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert english["Content-Language"] == "en" and "An order number (or its beginning)" in english.content.decode()


def test_the_texts_carried_for_django_are_ones_its_catalogues_lack():
    import django

    from config.django_texts import DJANGO_GAPS

    djangos = Path(django.__file__).parent

    def translated(domain, *catalogues):
        return {e.msgid for catalogue in catalogues
                for e in polib.pofile(str(djangos / catalogue / f"locale/zh_Hans/LC_MESSAGES/{domain}.po"))
                if e.translated()}  # fmt: skip

    assert set(DJANGO_GAPS) & translated("django", "conf", "contrib/admin", "contrib/auth") == set()
    scripts = polib.pofile(str(CATALOGUE / "djangojs.po"))  # the gaps of Django's admin scripts
    assert {e.msgid for e in scripts} & translated("djangojs", "contrib/admin") == set()
    assert all(e.translated() for e in scripts) and len(scripts) > 0


def our_models():
    from django.apps import apps

    return [model for model in apps.get_models() if model._meta.app_label in SOURCES]


def test_every_model_and_field_of_ours_is_named_in_chinese():
    """The admin's labels come from the models: each name is marked, and has its Chinese."""
    from django.db.models import Field
    from django.utils import translation
    from django.utils.functional import Promise

    fields = [field for model in our_models() for field in model._meta.get_fields() if not field.auto_created]
    names = [
        (model._meta, attribute) for model in our_models() for attribute in ("verbose_name", "verbose_name_plural")
    ]
    names += [(field, "verbose_name") for field in fields if isinstance(field, Field)]
    names += [(field, "help_text") for field in fields if isinstance(field, Field) and field.help_text]
    assert [f"{owner}.{name}" for owner, name in names if not isinstance(getattr(owner, name), Promise)] == []

    def shown(language):
        with translation.override(language):
            return [str(getattr(owner, name)) for owner, name in names]

    assert {en for en, zh in zip(shown("en"), shown("zh-hans"), strict=True) if en == zh} <= {
        "SKU",
        "openid",
        "unionid",
    }


def test_dates_in_each_languages_way_in_the_shops_time_zone(user):
    from django.test import Client

    from orders.tests.factories import place_order

    order = place_order(user, GoodsFactory(price=100))
    Order = type(order)
    Order.objects.filter(pk=order.pk).update(created_at=datetime(2026, 12, 1, 6, 5, tzinfo=UTC))  # 14:05 in Shanghai
    client = Client()
    client.force_login(user)
    assert "2026年12月1日 14:05" in client.get("/orders/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "1 Dec 2026, 14:05" in client.get("/orders/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


# Templates still in English only, each with why; the rest (pages and emails) must mark every text a person reads.
NOT_YET_TRANSLATED = {
    "drf_spectacular": "the API's reference page, for developers",
}
TEMPLATES = Path(settings.BASE_DIR, "templates")
MARKED = re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}|{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
READ_ATTRIBUTES = re.compile(r'\b(?:placeholder|aria-label|alt|title|data-[\w-]+)="([^"]*)"')


def unmarked_text(source):
    """The words in a template a person reads that no translation tag holds."""
    plain = MARKED.sub(" ", source)
    texts = [v for v in READ_ATTRIBUTES.findall(plain) if not v.startswith("/")] + re.split(r"<[^>]*>", plain)
    return [word for text in texts for word in re.findall(r"[A-Za-z][A-Za-z']+", text)]


def test_every_template_marks_the_text_people_read():
    checked = [t for t in TEMPLATES.rglob("*.*") if not any(t.relative_to(TEMPLATES).as_posix().startswith(d)
                                                                for d in NOT_YET_TRANSLATED)]  # fmt: skip
    assert len(checked) > 35  # the pages and the emails
    unmarked = {t.relative_to(TEMPLATES).as_posix(): words for t in checked if (words := unmarked_text(t.read_text()))}
    assert unmarked == {}


def test_the_unmarked_text_check_finds_text_attributes_and_spares_tags():
    source = (
        '<p class="muted">Sold out</p><input placeholder="Search"> <a href="{% url "x" %}">{% translate "Home" %}</a>'
    )
    assert unmarked_text(source) == ["Search", "Sold", "out"]


def entries():
    return list(polib.pofile(str(CATALOGUE / "django.po")))


def placeholders(text):
    return sorted(re.findall(r"%\(\w+\)s|\{[\w.]+\}", text))


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


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_is_current(domain):
    """The .mo is committed (a fresh machine may have no msgfmt): it must say what the .po says."""
    compiled = {(e.msgid, e.msgid_plural): e for e in polib.mofile(str(CATALOGUE / f"{domain}.mo"))}
    for entry in polib.pofile(str(CATALOGUE / f"{domain}.po")):
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
