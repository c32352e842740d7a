"""Template helpers for the search results."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, needle):
    """``text`` with every occurrence of ``needle`` (any case) in ``<mark>``.

    Both are escaped piece by piece before the marks go in: the user's query
    never reaches the page as HTML."""
    text = "" if text is None else str(text)
    needle = "" if needle is None else str(needle)
    if not needle:
        return conditional_escape(text)
    pieces, last = [], 0
    for found in re.finditer(re.escape(needle), text, flags=re.IGNORECASE):
        pieces.append(conditional_escape(text[last : found.start()]))
        pieces.append(f"<mark>{conditional_escape(found.group())}</mark>")
        last = found.end()
    pieces.append(conditional_escape(text[last:]))
    return mark_safe("".join(pieces))  # every piece escaped above


@register.filter
def mark_difference(code, typed):
    """``code`` with the characters that differ from ``typed`` in ``<mark>``:
    shows which character of a mistyped credit code was probably wrong."""
    code, typed = str(code), str(typed or "")
    pieces = [
        f"<mark>{conditional_escape(c)}</mark>"
        if i >= len(typed) or c != typed[i]
        else conditional_escape(c)
        for i, c in enumerate(code)
    ]
    return mark_safe("".join(pieces))  # every piece escaped above
