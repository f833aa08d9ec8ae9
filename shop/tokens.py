"""API tokens (spec section 2): issue, look up, renew, revoke. Only hashes are stored."""

import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from config.queries import Prepared

from .models import AuthToken


def token_hash(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(*, user, remember=False):
    """Create a token for ``user``; returns the raw value, which is never stored."""
    raw = secrets.token_urlsafe(32)
    ttl = settings.TOKEN_REMEMBER_TTL if remember else settings.TOKEN_TTL
    AuthToken.objects.create(
        key_hash=token_hash(raw),
        user=user,
        remember=remember,
        expires_at=timezone.now() + ttl,
    )
    return raw


# Every API request looks its token up, with its user: written by the ORM once (config.queries), because
# compiling the join took longer than the database took to answer it (bench/README.md).
TOKEN_WITH_USER = Prepared(lambda key_hash: AuthToken.objects.select_related("user").filter(key_hash=key_hash))


def find_token(raw):
    """The live token for ``raw`` with its user, or None when unknown, expired or the user is inactive."""
    token = next(iter(TOKEN_WITH_USER(token_hash(raw))), None)
    if token is None or token.expires_at <= timezone.now() or not token.user.is_active:
        return None
    return token


def renew_if_due(token):
    """A successor for a token with less than TOKEN_RENEW_WITHIN left, handed out once; else None.

    The old token stays valid until it expires, so requests already in flight do not fail.
    """
    if token.renewed or not due(token.expires_at):
        return None
    if not AuthToken.objects.filter(pk=token.pk, renewed=False).update(renewed=True):
        return None  # a concurrent request renewed it first
    return issue_token(user=token.user, remember=token.remember)


def due(expires_at):
    """Whether a token expiring then is due for renewal now."""
    return expires_at - timezone.now() <= settings.TOKEN_RENEW_WITHIN


def revoke_token(raw):
    AuthToken.objects.filter(key_hash=token_hash(raw)).delete()


def purge_expired_tokens():
    deleted, _ = AuthToken.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
