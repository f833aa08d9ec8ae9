from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .api import guest_token
from .services import merge_guest_cart


@receiver(user_logged_in)
def merge_cart_on_login(sender, request, user, **kwargs):
    """Login and registration (API and pages alike) take the guest's cart along."""
    token = guest_token(request) if request is not None else ""
    if token:
        merge_guest_cart(token=token, user=user)
