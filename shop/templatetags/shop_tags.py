from django import template

from shop.money import format_money

register = template.Library()
register.filter("money", format_money)
