"""The Jinja2 environment of the templates under ``templates/jinja2``: the
company page's sections, its hottest templates (issue 17: Django's template
language spent about 9 ms on a company page, most of the CPU a page read
from its read model costs).

They render what the Django templates would, byte for byte: the same
filters and tags (``publicity.templatetags``' own functions, Django's
``date``, ``floatformat``, ``linebreaksbr``...), translations from the same
catalogue (``{% trans %}`` makes the msgids ``{% blocktranslate trimmed %}``
makes), and Django's escaping for every value output (``finalize``). A Django
template includes one with ``{% jinja "name" %}`` (``publicity.templatetags
.publicity``), which passes it its whole context.

``makemessages`` does not read them: a message they alone use must be
added to ``locale/zh_Hans/LC_MESSAGES/django.po`` by hand, and
``tests/publicity/test_jinja_templates.py`` names any that lacks its
translation. Measured on 300 random companies of 20,000 (``bench/``): the
page's templates took 8.7 ms of CPU with Django's language alone, 6.6 with
these sections in Jinja2.
"""

import datetime
import html

from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import conditional_escape
from jinja2 import ChainableUndefined, Environment, pass_context
from markupsafe import Markup

from publicity.templatetags import ownership, publicity, record_labels, search_results


def environment(**options) -> Environment:
    # Django's template language prints nothing for a missing value and lets
    # an attribute of it be asked for; so do these (in DEBUG too, where
    # Django's backend would print the missing name).
    options["undefined"] = ChainableUndefined
    env = Environment(
        **options,
        extensions=["jinja2.ext.i18n"],
        finalize=_escaped,
        keep_trailing_newline=True,
    )
    env.install_gettext_callables(_gettext, translation.ngettext, newstyle=True)
    env.globals.update(
        url=_url,
        static=static,
        bilingual=publicity.bilingual,
        colon=publicity.colon,
        list_comma=publicity.list_comma,
        clause_comma=publicity.clause_comma,
        pinyin_line=publicity.pinyin_line,
        place=publicity.place,
        ownership_svg=ownership.ownership_svg,
    )
    env.filters.update(
        label=record_labels.label,
        record_text=publicity.record_text,
        chinese=publicity.chinese,
        yuan=publicity.yuan,
        person_name=publicity.person_name,
        local_name=publicity.local_name,
        title_name=publicity.title_name,
        person_pinyin=publicity.person_pinyin,
        highlight=search_results.highlight,
        mark_difference=search_results.mark_difference,
        date=_date,
        display=_display,
        # Django's escaping (``&#x27;``), for a value put into a translated message.
        escape=conditional_escape,
        default=_default,
        capfirst=defaultfilters.capfirst,
        floatformat=defaultfilters.floatformat,
        linebreaksbr=defaultfilters.linebreaksbr,
        add=defaultfilters.add,
    )
    return env


def _escaped(value):
    """A value printed as Django prints it: localised (a date in the
    language's format), escaped its way (``&#x27;``) unless safe; nothing for
    a missing value. Plain text, most of what is printed, takes the short way
    (Django's ``escape`` is ``html.escape``)."""
    if type(value) is str:
        return Markup(html.escape(value))
    if hasattr(value, "__html__"):
        return value
    if isinstance(value, ChainableUndefined):
        return ""
    return conditional_escape(localize(value))


# Translations already looked up, by language: a page asks for the same two
# hundred messages each time, and Django's gettext finds the active language
# on each call.
_translated: dict[str, dict[str, str]] = {}


@pass_context
def _gettext(context, message: str) -> str:
    """``_("...")`` and ``{% trans %}``: Django's translation of ``message``
    in the page's language (``LANGUAGE_CODE``, from the i18n context
    processor, else the active language)."""
    language = context.get("LANGUAGE_CODE") or translation.get_language()
    known = _translated.setdefault(language, {})
    if message not in known:
        with translation.override(language):
            known[message] = translation.gettext(message)
    return known[message]


def _date(value, format=None):
    """Django's ``date``; ``"Y-m-d"`` of a date is its ISO form."""
    if format == "Y-m-d" and type(value) is datetime.date:
        return value.isoformat()
    return defaultfilters.date(value, format)


# Each choice field's labels, translated, by model, field and language: the
# models' ``get_<field>_display()`` makes the whole table hashable and
# translates it on every call (some 20 times a company page).
_displays: dict[tuple, dict] = {}


def _display(obj, field: str):
    """``obj.get_<field>_display()``: the label of the field's value, or the
    value itself when it is not one of the choices."""
    language = translation.get_language()
    key = (type(obj), field, language)
    labels = _displays.get(key)
    if labels is None:
        choices = obj._meta.get_field(field).flatchoices
        labels = _displays[key] = {value: str(label) for value, label in choices}
    value = getattr(obj, obj._meta.get_field(field).attname)
    return labels.get(value, value)


def _default(value, fallback=""):
    """Django's ``default``: ``fallback`` for any false value."""
    return value or fallback


def _url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)
