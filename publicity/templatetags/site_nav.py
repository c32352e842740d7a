"""The frame of every public page (templates/base.html): the header's
sections, the breadcrumbs and the footer's operator.

A section's link is left out while its URL name does not exist (a page added
by another part of the site later, such as the statistics): ``optional_url``
answers "" instead of raising ``NoReverseMatch``.
"""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from registry.names import is_english

register = template.Library()

# The header's sections: (key, label, URL name). The URL names of the pages
# that belong to each section, for aria-current, are in SECTION_PAGES.
SECTIONS = (
    ("search", _("Search"), "publicity:search"),
    ("lists", _("Credit lists"), "publicity:list-index"),
    ("penalties", _("Penalties"), "publicity:penalty-list"),
    ("cases", _("Court cases"), "publicity:case-list"),
    ("statistics", _("Statistics"), "publicity:statistics"),
    ("data", _("Open data"), "publicity:data"),
)
SECTION_PAGES = {
    "search": {"search"},
    "lists": {"list-index", "list-detail"},
    "penalties": {"penalty-list"},
    "cases": {"case-list"},
    "statistics": {"statistics"},
    "data": {"data"},
}
API_DOCS = "/api/v1/docs/"


def optional_reverse(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag
def optional_url(name, *args):
    """``{% optional_url 'publicity:statistics' as url %}``: the address, or ""
    while no such page exists."""
    return optional_reverse(name, *args)


def current_section(request) -> str:
    match = getattr(request, "resolver_match", None) if request is not None else None
    name = match.url_name if match else None
    for key, names in SECTION_PAGES.items():
        if name in names:
            return key
    return ""


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context):
    request = context.get("request")
    current = current_section(request)
    items = []
    for key, label, name in SECTIONS:
        url = optional_reverse(name)
        if url:
            # aria-current: "page" on the section's own page, "true" below it.
            here = "page" if request is not None and request.path == url else "true"
            items.append({"label": label, "url": url, "current": here if key == current else ""})
    items.append({"label": _("API documentation"), "url": API_DOCS, "current": False})
    return {"items": items}


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(current="", *pairs):
    """``{% breadcrumbs current label1 url1 label2 url2 %}``: Home, then each
    (label, address), then the current page (not a link). Without ``current``
    the trail is a plain link home (the error pages)."""
    trail = [(_("Home"), reverse("publicity:home"))]
    trail += [(pairs[i], pairs[i + 1]) for i in range(0, len(pairs) - 1, 2)]
    return {"trail": trail, "current": current}


@register.simple_tag
def site_operator():
    """Who runs the site (SITE_OPERATOR, SITE_OPERATOR_EN on English pages)."""
    if is_english() and settings.SITE_OPERATOR_EN:
        return settings.SITE_OPERATOR_EN
    return settings.SITE_OPERATOR
