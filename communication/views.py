"""The shopper's pages of custom orders: ask for one from a product page, my requests, a request's thread
(new messages come in without a reload, polled from ``messages``), and accepting a quote through the
checkout into the normal pay flow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.api import ApiError
from config.pages import field_and_text, refusal_text, whole_number
from orders.views import checkout_page
from shop import uploads
from shop.selectors import goods_with_variants, published_goods
from shop.submissions import submitted_once

from . import selectors, services, status
from .forms import PREFIX, MessageForm, RequestForm
from .models import CustomOrder, FormField, Message

PER_PAGE = 10
INPUTS = {"images": "pictures", "file": "pictures"}  # a service's field named otherwise on the form


def _put_refusal(form, exc):
    """A service's refusal next to the input it is about (``order_extra.size`` is the input of "size")."""
    field, text = field_and_text(exc)
    if field and field.startswith("order_extra."):
        name = PREFIX + field.removeprefix("order_extra.")
    else:
        name = INPUTS.get(field, field)
    form.add_error(name if name in form.fields else None, text if name in form.fields else refusal_text(exc))


@login_required
@submitted_once
def new(request, goods_id):
    goods = get_object_or_404(published_goods(), pk=goods_id)
    form = RequestForm(request.POST or None, request.FILES or None, form_fields=FormField.objects.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with uploads.saving(user=request.user) as save:
                pictures = [save(file).pk for file in data["pictures"]]
                custom_order = services.create(user=request.user, goods_id=goods.pk, title=data["title"],
                                               content=data["content"], phone=data["phone"], image_ids=pictures,
                                               extra=form.order_extra(save))  # fmt: skip
        except ApiError as exc:
            _put_refusal(form, exc)
        else:
            messages.success(request, _("Request sent. The shop answers here, and by email."))
            return redirect("communication:detail", pk=custom_order.pk)
    return render(request, "communication/new.html", {"form": form, "goods": goods})


@login_required
def mine(request):
    page = Paginator(selectors.requests_of(request.user).select_related("goods"), PER_PAGE)
    return render(request, "communication/list.html", {"page": page.get_page(request.GET.get("page"))})


def _thread_context(custom_order):
    """What renders a message: the latest quote carries the accept button while the request is quoted."""
    if custom_order.status != CustomOrder.Status.QUOTED:
        return {"custom_order": custom_order, "acceptable": None}
    latest_quote = custom_order.messages.filter(type=Message.Type.QUOTE).order_by("-id").values("id").first()
    return {"custom_order": custom_order, "acceptable": latest_quote["id"] if latest_quote else None}


@login_required
@submitted_once
def detail(request, pk):
    found = selectors.requests_of(request.user).select_related("goods").prefetch_related(*selectors.SHOP_PICTURES)
    custom_order = get_object_or_404(found, pk=pk)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with uploads.saving(user=request.user) as save:
                if form.cleaned_data["picture"]:
                    services.send_message(user=request.user, pk=pk, message_type=Message.Type.IMAGE,
                                          content=save(form.cleaned_data["picture"]).pk)  # fmt: skip
                if form.cleaned_data["text"].strip():
                    services.send_message(user=request.user, pk=pk, message_type=Message.Type.TEXT,
                                          content=form.cleaned_data["text"])  # fmt: skip
        except ApiError as exc:
            form.add_error(None, refusal_text(exc))
        else:
            return redirect(f"{request.path}#write")
    services.read_by_user(custom_order)
    thread = selectors.thread(custom_order)
    context = {**_thread_context(custom_order), "thread": thread, "form": form,
               "fields": selectors.filled_fields(custom_order),
               "can_write": custom_order.status in status.TRANSITIONS["user_message"].moves,
               "can_cancel": custom_order.status in status.TRANSITIONS["cancel"].moves}  # fmt: skip
    return render(request, "communication/detail.html", context)


@login_required
def thread_since(request, pk):
    """The messages after ``after`` rendered as the page shows them, with the request's status: what the
    request page polls for."""
    custom_order = CustomOrder.objects.filter(user=request.user, pk=pk).first()
    if custom_order is None:
        raise Http404
    try:
        after = whole_number(request.GET, "after", minimum=0, default=0, required=False)
    except ApiError:
        after = 0
    services.read_by_user(custom_order)
    context = _thread_context(custom_order)
    shown = selectors.thread(custom_order).filter(id__gt=after)
    return JsonResponse({
        "status": custom_order.status,
        "status_label": custom_order.get_status_display(),
        "messages": [{"id": message.id, "html": render_to_string("communication/_message.html",
                                                                 {**context, "message": message}, request)}
                     for message in shown],
    })  # fmt: skip


@login_required
@require_POST
@submitted_once
def cancel(request, pk):
    try:
        services.close(user=request.user, pk=pk, action="cancel")
        messages.success(request, _("Request cancelled."))
    except ApiError as exc:
        messages.error(request, refusal_text(exc))
    return redirect("communication:detail", pk=pk)


def _sku_choice(goods, source):
    """The option the shopper picks for the quoted product: theirs, else the first in stock (None without options)."""
    skus = list(goods.skus.all())
    if not skus:
        return None, skus
    picked = source.get("sku_id", "")
    chosen = next((sku for sku in skus if str(sku.pk) == picked), None)
    return chosen or next((sku for sku in skus if sku.stock > 0), skus[0]), skus


@login_required
@submitted_once
def accept(request, pk):
    """The quote accepted through the checkout: the quoted product at its price, an address and a coupon as
    any order; placing it makes the order, which is then paid as any other."""
    custom_order = get_object_or_404(CustomOrder.objects.filter(user=request.user), pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    goods = goods_with_variants().filter(pk=custom_order.goods_id).first()
    if custom_order.status != CustomOrder.Status.QUOTED or goods is None:
        messages.error(request, _("Only a quoted request for a product on sale can be accepted."))
        return redirect("communication:detail", pk=pk)
    sku, skus = _sku_choice(goods, source)
    sku_id = sku.pk if sku else None
    wanted = {"lines": [services.quoted_line(custom_order, sku_id)]}

    def place(**chosen):
        return services.accept(user=request.user, pk=pk, sku_id=sku_id, **chosen)

    def back(exc):
        messages.error(request, refusal_text(exc))
        return redirect("communication:detail", pk=pk)

    return checkout_page(request, source, wanted, place=place, back=back, template="communication/accept.html",
                         context={"custom_order": custom_order, "skus": skus, "sku": sku})  # fmt: skip
