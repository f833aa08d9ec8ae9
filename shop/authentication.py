from rest_framework.authentication import BaseAuthentication, SessionAuthentication

from .tokens import due, find_token, renew_if_due, token_hash


class TokenAuthentication(BaseAuthentication):
    """The ``token`` header, or the ``token`` cookie (then with Django's CSRF check, as sessions).

    An unknown or expired token authenticates nobody; endpoints that need a user then answer
    1001. A token close to expiry gets a successor, sent back in ``Update-Token`` by
    ``TokenRenewalMiddleware``.
    """

    def authenticate(self, request):
        raw, from_cookie = presented_token(request)
        if not raw:
            return None
        token = find_token(raw)
        if token is None:
            return None
        if from_cookie:
            SessionAuthentication().enforce_csrf(request)
        renewed = renew_if_due(token)
        if renewed:
            request._request.renewed_token = (renewed, from_cookie, token.remember)
        request._request.api_token = raw
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


class CatalogueAuthentication(TokenAuthentication):
    """For answers that are the same for everyone (the catalogue's lists): the only use of a token
    there is its renewal (``Update-Token``), so it is looked up only when it may be due. A token's
    expiry never changes, so each process remembers it; a token it does not know, or one close to
    its end, takes the full lookup (which renews it)."""

    expiries = {}  # the token's hash -> when it expires
    MOST = 10_000

    def authenticate(self, request):
        raw, _ = presented_token(request)
        if not raw:
            return None
        key = token_hash(raw)
        known = self.expiries.get(key)
        if known is not None and not due(known):
            return None
        found = super().authenticate(request)
        if found is not None:
            if len(self.expiries) >= self.MOST:
                self.expiries.clear()
            self.expiries[key] = found[1].expires_at
        return found


def presented_token(request):
    """``(raw token, whether it came in the cookie)``: the ``token`` header, else the cookie."""
    raw = request.headers.get("token")
    return (raw, False) if raw else (request.COOKIES.get("token"), True)
