from .cookies import set_token_cookie


class TokenRenewalMiddleware:
    """Sends a renewed API token back in ``Update-Token`` (and in the cookie it came from)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        renewed = getattr(request, "renewed_token", None)
        if renewed:
            raw, from_cookie, remember = renewed
            response["Update-Token"] = raw
            if from_cookie:
                set_token_cookie(response, raw, remember=remember)
        return response
