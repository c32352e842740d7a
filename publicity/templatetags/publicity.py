"""Template helpers shared by the public pages."""

import re

from django import template
from django.conf import settings
from django.template import engines
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from registry import money, record_vocabulary, romanise
from registry.names import display_name, is_english

register = template.Library()

# Chinese characters and the full-width punctuation set with them.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


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
    """The name in the page's language: on Chinese pages the Chinese name
    alone; on English pages the English name with the Chinese after it, or the
    Chinese alone (marked as Chinese) where no English name is known."""
    chinese = getattr(obj, field, "") or ""
    english = getattr(obj, f"{field}_en", "") or ""
    if not is_english():
        return chinese
    if not english:
        return format_html('<span lang="zh-Hans">{}</span>', chinese)
    return format_html('{} <span lang="zh-Hans" class="secondary">{}</span>', english, chinese)


@register.filter
def person_name(name) -> str:
    """A person's name as written, marked as Chinese; on English pages its
    pinyin follows: 王小明 → 王小明 (Wang Xiaoming)."""
    name = str(name or "")
    pinyin = romanise.person_name(name) if is_english() and name else ""
    if not pinyin and is_english():
        return chinese(name)  # a name in Latin letters is not marked as Chinese
    if not pinyin:
        return format_html('<span lang="zh-Hans">{}</span>', name)
    return format_html(
        '<span lang="zh-Hans">{}</span> (<span lang="zh-Latn-pinyin">{}</span>)', name, pinyin
    )


@register.filter
def record_text(text) -> str:
    """A standard record text (cause of action, reason listed or removed) in
    the page's language: on English pages its English where it is a standard
    text (``registry.record_vocabulary``), else the Chinese of the record,
    marked as Chinese."""
    text = str(text or "")
    translated = record_vocabulary.english(text) if is_english() else ""
    if translated:
        return translated
    return format_html('<span lang="zh-Hans">{}</span>', text)


@register.filter
def chinese(text) -> str:
    """Record text quoted as the record has it (a decision or case number, an
    address, a legal basis, a name): on English pages, where it holds Chinese,
    marked as Chinese (``lang="zh-Hans"``) so that it is read as Chinese;
    elsewhere as it is."""
    text = "" if text is None else str(text)
    if is_english() and CJK.search(text):
        return format_html('<span lang="zh-Hans">{}</span>', text)
    return text


@register.simple_tag
def colon() -> str:
    """The colon after a label: full-width on Chinese pages (``代码：``), a
    colon and a space on English ones (``Code: ``)."""
    return ": " if is_english() else "："


@register.simple_tag
def list_comma(english: str = ", ") -> str:
    """Between the items of a list in a sentence: the enumeration comma on
    Chinese pages (``罚款、警告``), ``english`` (a comma and a space unless
    given) on English ones."""
    return english if is_english() else "、"


@register.simple_tag
def clause_comma() -> str:
    """Between two clauses of a sentence: ``，`` on Chinese pages, ``, `` on
    English ones."""
    return ", " if is_english() else "，"


@register.simple_tag
def place(region, province) -> str:
    """A region within its province, as each language writes it: 北京市海淀区,
    Haidian District, Beijing; the region alone where it is the province."""
    if region is None:
        return ""
    if province is None or province == region:
        return display_name(region)
    if is_english():
        return f"{display_name(region)}, {display_name(province)}"
    return f"{province.name}{region.name}"


@register.filter
def person_pinyin(name) -> str:
    """A person's name in pinyin (plain text): 王小明 → Wang Xiaoming."""
    return romanise.person_name(str(name or ""))


@register.filter
def title_name(obj) -> str:
    """A company's or person's name for a page title (plain text): on English
    pages the English name, else the pinyin; on Chinese pages the Chinese."""
    if obj is None:
        return ""
    if not is_english():
        return obj.name
    if getattr(obj, "name_en", ""):
        return obj.name_en
    if hasattr(obj, "uscc"):
        return romanise.company_name(obj.name)
    return romanise.person_name(obj.name) or obj.name


@register.simple_tag
def pinyin_line(company, css_class: str = "company-pinyin secondary"):
    """Under a company's Chinese name, on English pages, its name in pinyin
    where it has no English name; nothing otherwise."""
    if not is_english() or company is None or getattr(company, "name_en", ""):
        return ""
    return format_html(
        '<p class="{}"><span lang="zh-Latn-pinyin">{}</span> {}</p>',
        css_class,
        romanise.company_name(company.name),
        _("(pinyin)"),
    )


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


@register.simple_tag(takes_context=True)
def jinja(context, name: str, **extra):
    """The Jinja2 template ``name`` (``templates/jinja2``, ``publicity.jinja2``)
    rendered with this template's whole context and ``extra``, as ``{% include
    name with ... %}`` would render a Django template."""
    values = context.flatten()
    values.update(extra)
    return mark_safe(engines["jinja2"].get_template(name).template.render(values))
