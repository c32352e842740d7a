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
def language_links(context) -> list[dict]:
    """For each language, the address of this same page in it.

    Every public path is the same in each language but for the prefix: none
    for the default language, ``/en/`` for English. So the other language's
    address is the path with its prefix swapped, which also works on pages
    that resolve to nothing (the 404 page) and keeps the query string."""
    from django.conf import settings

    request = context["request"]
    path = request.path
    current = get_language()
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if code != settings.LANGUAGE_CODE and (path.startswith(prefix) or path == prefix[:-1]):
            path = "/" + path[len(prefix) :]
            break
    query = request.META.get("QUERY_STRING", "")
    links = []
    for code, name in settings.LANGUAGES:
        target = path if code == settings.LANGUAGE_CODE else f"/{code}{path}"
        links.append(
            {
                "code": code,
                "name": name,
                "url": f"{target}?{query}" if query else target,
                "current": code == current,
            }
        )
    return links
