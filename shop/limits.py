"""Limits on password guessing, for every way in: the API, the shop's pages and the staff admin.

Each client address gets ``LOGIN_RATE`` attempts at signing in or registering per window; each
account gets ``LOGIN_ACCOUNT_FAILURES`` failed sign-ins per ``LOGIN_ACCOUNT_WINDOW``, whatever
addresses they come from, so a guesser rotating addresses still stops. Counters live in the cache
(Redis when ``REDIS_URL`` is set, so every web process shares them). The client address is the
peer's, or the one ``NUM_PROXIES`` trusted proxies put in ``X-Forwarded-For``: a header the
client wrote itself is never believed.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.settings import api_settings

from config.api import ApiError


class TooManyAttempts(ApiError):
    def __init__(self, msg, wait):
        super().__init__(msg)
        self.wait = wait


def client_address(request):
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = api_settings.NUM_PROXIES or 0
    if forwarded and proxies > 0:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


PREFIX = "limits"


def _key(kind, value):
    return f"{PREFIX}:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def _count(key, window):
    """One more in ``key``'s window; how many so far."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, window)
        return 1


def _rate(setting="LOGIN_RATE"):
    """A rate setting ("10/minute") as (attempts, seconds)."""
    count, period = getattr(settings, setting).split("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


def _minutes(seconds):
    minutes = max(1, round(seconds / 60))
    return ngettext("a minute", "%(minutes)s minutes", minutes) % {"minutes": minutes}


def attempt(request, account=""):
    """Count one sign-in (or registration) attempt; ``TooManyAttempts`` when the address or the
    account has had its share. Call before checking the password."""
    allowed, window = _rate()
    if _count(_key("address", client_address(request)), window) > allowed:
        raise TooManyAttempts(
            _("Too many attempts from your network: please try again in %(wait)s.") % {"wait": _minutes(window)},
            window,
        )
    if account and (cache.get(_key("account", account.strip().lower())) or 0) >= settings.LOGIN_ACCOUNT_FAILURES:
        wait = settings.LOGIN_ACCOUNT_WINDOW.total_seconds()
        raise TooManyAttempts(
            _("Too many failed sign-ins for this account: please try again in %(wait)s, or reset your password.")
            % {"wait": _minutes(wait)},
            wait,
        )


def guest_upload(request):
    """Count one upload by a guest; ``TooManyAttempts`` past ``UPLOAD_GUEST_RATE`` from their address."""
    allowed, window = _rate("UPLOAD_GUEST_RATE")
    if _count(_key("upload", client_address(request)), window) > allowed:
        raise TooManyAttempts(
            _("Too many uploads from your network: please try again in %(wait)s.") % {"wait": _minutes(window)},
            window,
        )


def failed(account):
    """A wrong password for ``account``."""
    _count(_key("account", account.strip().lower()), int(settings.LOGIN_ACCOUNT_WINDOW.total_seconds()))


def succeeded(account):
    cache.delete(_key("account", account.strip().lower()))
