import django_filters
from django.db.models import Q

from config.api import MAX_ID

from .selectors import GOODS_ORDERINGS, category_and_descendant_ids


class GoodsFilter(django_filters.FilterSet):
    """``/api/archive/list`` and the home page: category (with its subcategories), search, order."""

    categoryId = django_filters.NumberFilter(method="filter_category", min_value=1, max_value=MAX_ID)
    q = django_filters.CharFilter(method="filter_search", max_length=100)
    order = django_filters.ChoiceFilter(method="filter_order", choices=[(key, key) for key in GOODS_ORDERINGS])

    def filter_category(self, queryset, name, value):
        return queryset.filter(category_id__in=category_and_descendant_ids(int(value)))

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(title_en__icontains=value) | Q(keywords__icontains=value))

    def filter_order(self, queryset, name, value):
        return queryset.order_by(*GOODS_ORDERINGS[value])
