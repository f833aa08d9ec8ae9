from django.contrib.auth.backends import ModelBackend

from .models import User


class IdentifierBackend(ModelBackend):
    """Log in with the user name, the email or the phone number (spec section 2)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        identifier = username.strip()
        for lookup in ("username", "email__iexact", "phone"):
            user = User.objects.filter(**{lookup: identifier}).first()
            if user is not None:
                break
        else:
            User().set_password(password)  # same work as a real check, so timing does not reveal users
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
