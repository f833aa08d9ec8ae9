from django import template

register = template.Library()


@register.simple_tag
def stars(score):
    """A score out of 5 as five stars, filled to the nearest whole: 4.4 -> ★★★★☆."""
    filled = min(max(round(float(score)), 0), 5)
    return "★" * filled + "☆" * (5 - filled)
