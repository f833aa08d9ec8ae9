"""Browser journeys: Playwright for Python driving Debian's chromium against a live server.

Each test runs once at 1280x800 and once on a 390x844 touch phone; a module whose ``LANGUAGES`` names
more than English runs each journey in each of them too, with the browser asking for that language,
its texts read through ``t``. ``shot`` keeps a screenshot per step under ``var/screenshots/`` and checks
that the page does not scroll sideways and, in Chinese, shows none of the catalogue's English; any
console error or uncaught exception fails the test.
"""

import os
import re
import secrets
import shutil
import subprocess
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from shop.tests.factories import PASSWORD, UserFactory

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
# Flags for a closed network (no background calls home), as root in a container.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]  # fmt: skip


BROWSER_LOCALES = {"en": "en-GB", "zh-hans": "zh-CN"}  # what the browser asks for in Accept-Language


def pytest_generate_tests(metafunc):
    if "language" in metafunc.fixturenames and hasattr(metafunc.module, "LANGUAGES"):
        only = os.environ.get("BROWSER_LANGUAGES", "")  # e.g. "en": a second database need not see each language
        metafunc.parametrize(
            "language", [code for code in metafunc.module.LANGUAGES if not only or code in only.split(",")]
        )


@pytest.fixture
def language():
    """The journey's language: English, unless its module's ``LANGUAGES`` names more."""
    return "en"


class Texts:
    """``t("Add to cart")``: what the page shows for a text of the catalogue in the journey's language;
    ``t("Welcome, %(name)s!", name="lily")`` fills it in; ``t.pattern`` matches any filling."""

    def __init__(self, language):
        self.language = language

    def __call__(self, text, **values):
        with translation.override(self.language):
            said = translation.gettext(text)
        return said % values if values else said

    def plural(self, singular, plural, count, **values):
        with translation.override(self.language):
            return translation.ngettext(singular, plural, count) % {"count": count, **values}

    def pattern(self, text):
        return re.compile(PLACEHOLDER.sub(".+?", re.escape(self(text)).replace("%%", "%")))

    def refusal(self, label, message, **values):
        """A rule's refusal as a page words it: the field's label, then the service's message."""
        return f"{self(label)}: {self(message, **values).split(': ', 1)[1]}"


PLACEHOLDER = re.compile(r"%\\\(\w+\\\)s")  # a placeholder once re.escape has been through it


@pytest.fixture
def t(language):
    return Texts(language)


@cache
def english_of_the_catalogue():
    """A pattern for every English text of the .po whose Chinese differs: in Chinese, none may show."""
    catalogue = polib.pofile(str(Path(settings.BASE_DIR, "locale", "zh_Hans", "LC_MESSAGES", "django.po")))
    texts = {e.msgid for e in catalogue if e.msgstr != e.msgid}
    parts = (PLACEHOLDER.sub(".+?", re.escape(text)).replace("%%", "%") for text in texts)
    return re.compile(r"(?<![\w-])(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")(?![\w-])")


READ_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const shown = !node.parentElement.closest("script, style, noscript");  // a scripted page shows no noscript
    if (shown && node.textContent.trim()) texts.push(node.textContent.trim());
  }
  for (const element of document.querySelectorAll("[placeholder], [aria-label], [alt], [title]")) {
    for (const name of ["placeholder", "aria-label", "alt", "title"]) {
      if (element.getAttribute(name)) texts.push(element.getAttribute(name).trim());
    }
  }
  return [document.title, ...texts];
}"""


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def has_a_chinese_font():
    if not Path("/usr/bin/fc-list").exists():  # fontconfig's, installed with chromium
        return False
    return bool(
        subprocess.run(["/usr/bin/fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout.strip()
    )


@pytest.fixture
def browser(monkeypatch):
    """A chromium for one test. Playwright's sync API keeps an event loop running in the test's
    thread, which Django takes for async code: the ORM calls the test makes between steps are
    synchronous and safe, and the loop ends with the test, before any other test runs."""
    from playwright.sync_api import sync_playwright

    missing = [f"{CHROMIUM} is missing: apt-get install chromium"] if not Path(CHROMIUM).exists() else []
    if not has_a_chinese_font():
        missing.append(
            "no font has Chinese characters (the screenshots would show boxes): apt-get install fonts-wqy-microhei"
        )
    if missing:
        if os.environ.get("BROWSER_TESTS") == "required":  # CI: a journey that cannot run is a failure
            pytest.fail("; ".join(missing))
        pytest.skip("; ".join(missing))
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def media_on_disk(settings):
    """Pictures the live server can serve (the unit tests keep them in memory)."""
    name = f"browser-tests/{secrets.token_hex(6)}"
    folder = Path(settings.MEDIA_ROOT) / name
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder), "base_url": f"{settings.MEDIA_URL}{name}/"},
        },
    }
    yield
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def context(browser, live_server, transactional_db, viewport, language, request):
    """A browser profile; ``@pytest.mark.no_javascript`` turns its scripts off."""
    scripts = request.node.get_closest_marker("no_javascript") is None
    context = browser.new_context(base_url=live_server.url, java_script_enabled=scripts,
                                  locale=BROWSER_LOCALES[language], **VIEWPORTS[viewport])  # fmt: skip
    context.set_default_timeout(10_000)
    context.viewport_name, context.base = viewport, live_server.url
    yield context
    context.close()


@pytest.fixture
def page(context, request):
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(f"{msg.text} {msg.location['url']}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    assert not errors, f"console errors: {errors}"


@pytest.fixture
def shot(page, request, viewport, language):
    """``shot("name")``: a screenshot of this step, no sideways scrolling on the page and, in Chinese,
    no English text of the catalogue left on it."""
    journey = re.sub(r"[^\w-]+", "-", request.node.originalname)
    folder = SCREENSHOTS / journey / (viewport if language == "en" else f"{viewport}-{language}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    steps = []

    def take(name, shown=language):  # ``shown``: the page's language, when the journey switched it
        steps.append(name)
        page.wait_for_load_state()
        page.screenshot(path=folder / f"{len(steps):02d}-{name}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow}px"
        if shown != "en":
            english = [text for text in page.evaluate(READ_TEXTS) if english_of_the_catalogue().search(text)]
            assert not english, f"{name}: English left on the {shown} page: {english}"

    return take


def log_in(context, user):
    """Start a session for ``user`` in the browser, as the login form would."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": context.base}])


@pytest.fixture
def staff_user(transactional_db):
    return UserFactory(username="keeper", is_staff=True, is_superuser=True)


def label(t, name):
    """A model field's label as the admin writes it: "Title:" or "标题："."""
    return capfirst(t(name)) + t(":")


def log_in_to_admin(page, t, username):
    page.goto("/admin/")
    page.get_by_label(capfirst(t("username"))).fill(username)
    page.get_by_label(capfirst(t("password"))).fill(PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()
    expect(page.get_by_role("link", name=capfirst(t("orders")), exact=True).first).to_be_visible()


def run_action(page, t, row_text, action):
    page.locator("#result_list tr", has_text=row_text).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=t(action))
    page.get_by_role("button", name=t("Go")).click()


def pay_in_the_sandbox(page, t, amount, shot=None):
    """From an order's page: "Pay now", the test gateway, and "Pay" on its sandbox page; ``shot`` keeps the
    two pages' screenshots."""
    page.get_by_role("link", name=t("Pay now")).click()
    page.get_by_label(re.compile(t("Test gateway"))).check()
    if shot:
        shot("pay")
    page.get_by_role("button", name=t("Pay %(amount)s", amount=amount)).click()
    if shot:
        shot("sandbox")
    page.get_by_role("button", name=t("Pay"), exact=True).click()
    page.get_by_role("link", name=t("View the order")).wait_for()
