"""API tokens (spec section 2): issue, look up, renew, revoke. Only hashes are stored."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import AuthToken, User


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


# Every API request looks its token up: one plain statement, because compiling the ORM's join of both
# tables took longer than the database took to answer it (bench/README.md).
TOKEN_SQL = (  # our own table names; the values are parameters
    "SELECT u.*, t.id AS token_id, t.remember AS token_remember, t.renewed AS token_renewed, "  # noqa: S608
    f"t.expires_at AS token_expires_at FROM {AuthToken._meta.db_table} t "
    f"JOIN {User._meta.db_table} u ON u.id = t.user_id WHERE t.key_hash = %s AND t.expires_at > %s"
)


def find_token(raw):
    """The live token for ``raw`` with its user, or None when unknown, expired or the user is inactive."""
    params = [token_hash(raw), connection.ops.adapt_datetimefield_value(timezone.now())]
    user = next(iter(User.objects.raw(TOKEN_SQL, params)), None)
    if user is None or not user.is_active:
        return None
    expires_at = AuthToken._meta.get_field("expires_at").to_python(user.token_expires_at)
    if timezone.is_naive(expires_at):  # SQLite keeps UTC without its zone
        expires_at = timezone.make_aware(expires_at, datetime.UTC)
    known = {"id": user.token_id, "user_id": user.pk, "remember": bool(user.token_remember),
             "renewed": bool(user.token_renewed), "expires_at": expires_at}  # fmt: skip
    names = [f.attname for f in AuthToken._meta.concrete_fields if f.attname in known]  # from_db's order
    token = AuthToken.from_db(connection.alias, names, [known[name] for name in names])
    token.user = user
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
