import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR, "templates")


@pytest.mark.parametrize("path", ["/", "/account/login/", "/cart/", "/admin/login/", "/api/archive/list", "/nowhere/"])
def test_every_response_carries_the_content_security_policy_and_referrer_policy(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"


# Emails are not pages: mail clients need their styles inline, and no page policy applies to them.
PAGES = sorted(path for path in TEMPLATES.rglob("*.html") if path.parent.name != "emails")


@pytest.mark.parametrize("template", PAGES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_needs_an_inline_script_or_style(template):
    """The policy would block them: scripts and styles live in static/."""
    html = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline <script>"
    assert not re.search(r"<style\b|\sstyle=\"|\son[a-z]+=\"", html), "an inline style or event handler"
