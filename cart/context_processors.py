from django.db.models import Sum

from .api import cart_owner
from .models import CartItem


def cart_count(request):
    """How many items are in my cart, for the header; a callable, so only pages that show it ask."""

    def count():
        owner, _ = cart_owner(request)
        if owner.get("token") == "":
            return 0
        return CartItem.objects.filter(**owner).aggregate(total=Sum("quantity"))["total"] or 0

    return {"cart_count": count}
