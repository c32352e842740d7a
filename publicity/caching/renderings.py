"""The search form's widgets and filter section, rendered once and kept (the
scheme: ``publicity.caching``).

The search page's filter form has selects of every province, city and
industry (some 400 options). Django renders each option through a template:
about 25 ms a page, more than everything else the page does. The same
widgets, with the same options and values, in the same language, always give
the same HTML, so it is kept (per process, at most ``SIZE`` widgets) and
rendered again only when something differs: ``renderer``, a form renderer
that remembers the HTML of the widgets it has rendered, keys each by the
widget's whole context, with translatable strings in the current language.
``filter_section`` keeps the whole filter section the same way.
"""

import hashlib
import json
from collections import OrderedDict
from threading import Lock

from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from publicity.caching import choices

SIZE = 256


def _key(template_name: str, context) -> bytes:
    # JSON (its encoder is C) of the whole context, translatable strings in
    # the current language; a digest keeps the key small.
    text = json.dumps([template_name, get_language(), context], default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).digest()


class CachedWidgetRenderer(DjangoTemplates):
    def __init__(self):
        super().__init__()
        self._rendered: OrderedDict = OrderedDict()
        self._lock = Lock()

    def render(self, template_name, context, request=None):
        try:
            key = _key(template_name, context)
        except (TypeError, ValueError):  # not JSON (e.g. a dict with tuple keys): not kept
            return super().render(template_name, context, request)
        with self._lock:
            html = self._rendered.get(key)
            if html is not None:
                self._rendered.move_to_end(key)
                return html
        html = super().render(template_name, context, request)
        with self._lock:
            self._rendered[key] = html
            while len(self._rendered) > SIZE:
                self._rendered.popitem(last=False)
        return html


renderer = CachedWidgetRenderer()


FILTERS_TEMPLATE = "publicity/search_filters.html"
_sections: OrderedDict = OrderedDict()
_sections_lock = Lock()


def filter_section(request, ctx) -> str:
    """The search page's filter form (``search_filters.html``), rendered once
    per language, set of values and query, then reused: with its selects of
    some 400 options it is a third of the page's rendering. The key holds
    everything the template reads: the raw values of the filters and the
    order (a valid form shows them back as sent), whether any filter is
    active, the query shown, and the generation of the region, industry and
    list choices. A form with errors is always rendered afresh."""
    filterset, form = ctx["filterset"], ctx["form"]
    if ctx.get("errors") or not (filterset.is_bound == form.is_bound):
        return render_to_string(FILTERS_TEMPLATE, ctx, request)
    data = filterset.form.data if filterset.is_bound else {}
    key = (
        get_language(),
        choices.generation(),
        ctx.get("shown_query", ""),
        bool(filterset.is_bound and filterset.active),
        tuple(data.get(name) for name in filterset.form.fields),
        form.data.get("sort") if form.is_bound else None,
    )
    with _sections_lock:
        html = _sections.get(key)
        if html is not None:
            _sections.move_to_end(key)
            return html
    html = mark_safe(render_to_string(FILTERS_TEMPLATE, ctx, request))  # a template's output
    with _sections_lock:
        _sections[key] = html
        while len(_sections) > SIZE:
            _sections.popitem(last=False)
    return html
