from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from config.api import ApiError
from config.pages import refusal
from orders.models import OrderDetail
from shop import uploads
from shop.submissions import submitted_once

from . import services
from .forms import ReviewForm


@login_required
@submitted_once
def write(request, order_id, goods_id):
    """A review of one product of my completed order, with pictures; shown once the shop approves it."""
    line = get_object_or_404(OrderDetail.objects.select_related("order", "goods"), order__order_id=order_id,
                             order__user=request.user, goods_id=goods_id)  # fmt: skip
    form = ReviewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with uploads.saving(user=request.user) as save:
                saved = [save(file) for file in form.cleaned_data["pictures"]]
                services.publish(goods_id=goods_id, order_id=order_id, user=request.user,
                                 score=form.cleaned_data["score"], content=form.cleaned_data["content"],
                                 image_ids=[attachment.pk for attachment in saved])  # fmt: skip
        except ApiError as exc:
            field, text = refusal(exc)
            form.add_error("pictures" if field in ("file", "images") else None, text)
        else:
            messages.success(request, _("Thank you! Your review shows once the shop has read it."))
            return redirect("orders:detail", order_id=order_id)
    return render(request, "reviews/write.html", {"form": form, "line": line})
