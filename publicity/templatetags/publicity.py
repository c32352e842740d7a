"""Template helpers shared by the public pages."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language

from registry import money
from registry.names import display_name, is_english

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """``123456`` → ``¥123,456.00``; empty for no amount (``registry.money``)."""
    return money.yuan(amount)


@register.filter
def local_name(obj):
    """The English name on English pages where there is one, else the Chinese."""
    return "" if obj is None else display_name(obj)


@register.simple_tag
def bilingual(obj, field: str = "name"):
    """The Chinese name, with the English one where known: in English pages
    the English name leads and the Chinese follows."""
    chinese = getattr(obj, field, "") or ""
    english = getattr(obj, f"{field}_en", "") or ""
    if not english:
        return format_html('<span lang="zh-Hans">{}</span>', chinese)
    if is_english():
        return format_html('{} <span lang="zh-Hans" class="secondary">{}</span>', english, chinese)
    return format_html('{} <span lang="en" class="secondary">{}</span>', chinese, english)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """For each language, the address of this same page in it, with its query
    string (``translate_url``)."""
    request = context["request"]
    current = get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": _address_in(request, code, current),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


def _address_in(request, code: str, current: str) -> str:
    """This page's address in the language ``code``.

    ``translate_url`` reverses the URL the address resolves to in that
    language. An address that resolves to nothing (the 404 page of an unknown
    address) has its language prefix swapped instead: none for the default
    language, ``/en/`` for English. An address that starts with ``//`` (which
    would read as another host's) never reaches ``translate_url``."""
    address = request.get_full_path()
    if not address.startswith("//"):
        translated = translate_url(address, code)
        if translated != address or code == current:
            return translated
    return _prefix_swapped(address, code)


def _prefix_swapped(address: str, code: str) -> str:
    path, mark, query = address.partition("?")
    for other, _name in settings.LANGUAGES:
        prefix = f"/{other}/"
        if other != settings.LANGUAGE_CODE and (path.startswith(prefix) or path == prefix[:-1]):
            path = "/" + path[len(prefix) :]
            break
    # One slash first: "//host/..." would be another site's address.
    path = "/" + path.lstrip("/")
    if code != settings.LANGUAGE_CODE:
        path = f"/{code}{path}"
    return f"{path}{mark}{query}"
