from django import template

from orders import dashboard as figures

register = template.Library()


@register.inclusion_tag("admin/orders/dashboard.html", takes_context=True)
def dashboard(context):
    """The staff dashboard, for those who may see orders."""
    if not context["request"].user.has_perm("orders.view_order"):
        return {"shown": False}
    return {"shown": True, **figures.dashboard()}
