from django import template
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from shop import submissions
from shop.money import format_money, yuan

register = template.Library()
register.filter("money", format_money)
register.filter("yuan_amount", yuan)  # 12990 -> 129.90, as a yuan field shows it


@register.simple_tag
def form_key():
    """The hidden one-time key that makes a page form act once however often it is posted."""
    return format_html('<input type="hidden" name="{}" value="{}">', submissions.FIELD, submissions.new_key())


@register.filter
def join_titles(options):
    """The options' titles as a phrase ("colour and size"), to say what a shopper still has to choose."""
    return get_text_list([option.title.lower() for option in options], _("and"))
