"""A form renderer that remembers the HTML of the widgets it has rendered.

The search page's filter form has selects of every province, city and
industry (some 400 options). Django renders each option through a template:
about 25 ms a page, more than everything else the page does. The same
widgets, with the same options and values, in the same language, always give
the same HTML, so it is kept (per process, at most ``SIZE`` widgets) and
rendered again only when something differs: the key is the widget's whole
context, with translatable strings in the current language.
"""

from collections import OrderedDict
from threading import Lock

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.translation import get_language

SIZE = 256


def _frozen(value):
    if isinstance(value, dict):
        return tuple((key, _frozen(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, Promise):
        return str(value)
    return value


class CachedWidgetRenderer(DjangoTemplates):
    def __init__(self):
        super().__init__()
        self._rendered: OrderedDict = OrderedDict()
        self._lock = Lock()

    def render(self, template_name, context, request=None):
        try:
            key = (template_name, get_language(), _frozen(context))
            hash(key)
        except TypeError:  # something unhashable in the context: not kept
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
