"""Template helpers shared by the public pages."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """``123456`` → ``¥123,456.00``; empty for no amount."""
    if amount is None or amount == "":
        return ""
    return f"¥{Decimal(amount):,.2f}"


@register.simple_tag
def bilingual(obj, field: str = "name"):
    """The Chinese name, with the English one where known: in English pages
    the English name leads and the Chinese follows."""
    chinese = getattr(obj, field, "") or ""
    english = getattr(obj, f"{field}_en", "") or ""
    if not english:
        return format_html('<span lang="zh-Hans">{}</span>', chinese)
    if (get_language() or "").startswith("en"):
        return format_html('{} <span lang="zh-Hans" class="secondary">{}</span>', english, chinese)
    return format_html('{} <span lang="en" class="secondary">{}</span>', chinese, english)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (``None`` drops
    one): pagination and sorting links keep the filters."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
