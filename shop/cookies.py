from django.conf import settings


def clear_token_cookie(response):
    response.delete_cookie("token", samesite="Lax")


def set_token_cookie(response, raw, *, remember):
    max_age = (settings.TOKEN_REMEMBER_TTL if remember else settings.TOKEN_TTL).total_seconds()
    response.set_cookie(
        "token",
        raw,
        max_age=int(max_age),
        httponly=True,
        samesite="Lax",
        secure=settings.TOKEN_COOKIE_SECURE,
    )
