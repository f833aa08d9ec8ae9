"""Browser journeys: Playwright for Python driving Debian's chromium against a live server.

Each test runs once at 1280x800 and once on a 390x844 touch phone. ``shot`` keeps a screenshot
per step under ``var/screenshots/`` and checks that the page does not scroll sideways; any
console error or uncaught exception fails the test.
"""

import os
import re
import secrets
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from shop.tests.factories import UserFactory

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


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def browser(monkeypatch):
    """A chromium for one test. Playwright's sync API keeps an event loop running in the test's
    thread, which Django takes for async code: the ORM calls the test makes between steps are
    synchronous and safe, and the loop ends with the test, before any other test runs."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("BROWSER_TESTS") == "required":  # CI: a journey that cannot run is a failure
            pytest.fail(message)
        pytest.skip(message)
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
def context(browser, live_server, transactional_db, viewport, request):
    """A browser profile; ``@pytest.mark.no_javascript`` turns its scripts off."""
    scripts = request.node.get_closest_marker("no_javascript") is None
    context = browser.new_context(base_url=live_server.url, java_script_enabled=scripts, **VIEWPORTS[viewport])
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
def shot(page, request, viewport):
    """``shot("name")``: a screenshot of this step, and no sideways scrolling on the page."""
    folder = SCREENSHOTS / re.sub(r"[^\w-]+", "-", request.node.originalname) / viewport
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    steps = []

    def take(name):
        steps.append(name)
        page.wait_for_load_state()
        page.screenshot(path=folder / f"{len(steps):02d}-{name}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow}px"

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
