from rest_framework.authentication import BaseAuthentication, SessionAuthentication

from .tokens import find_token, renew_if_due


class TokenAuthentication(BaseAuthentication):
    """The ``token`` header, or the ``token`` cookie (then with Django's CSRF check, as sessions).

    An unknown or expired token authenticates nobody; endpoints that need a user then answer
    1001. A token close to expiry gets a successor, sent back in ``Update-Token`` by
    ``TokenRenewalMiddleware``.
    """

    def authenticate(self, request):
        raw = request.headers.get("token")
        from_cookie = not raw
        if from_cookie:
            raw = request.COOKIES.get("token")
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
