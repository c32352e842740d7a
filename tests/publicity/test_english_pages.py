"""No Chinese on English pages, outside names and quoted record text.

The checker below reads a page's visible text (not ``<script>`` or
``<style>``; the ``<title>`` is read too). Text inside an element whose
language is Chinese (``lang="zh-…"``, the nearest ``lang`` wins) is a name or
a quotation of the record and may be Chinese; any other CJK character is
Chinese the English reader was not told about, or a label left untranslated.
The page's ``<title>`` cannot mark a part of itself: Chinese in it passes
where the page shows the same text marked as Chinese (the name or number its
heading quotes) or where it is what the visitor typed (a search box's value).
Every page of ``tests/browser/pages.py`` is walked under ``/en/``.
"""

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from tests.browser.pages import PAGES, build_site, page_path
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
SKIPPED = {"script", "style", "template"}
LATIN_AFTER_CJK = re.compile(r"[\u3400-\u9fff][:,] ")


class _UnmarkedChinese(HTMLParser):
    """Collects the CJK text outside elements marked as Chinese."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, language or None, skipped)
        self.found = []
        self.title = []  # CJK runs of the page's <title>, with their context
        self.quoted = []  # text marked as Chinese, and the values typed in

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.quoted.append(dict(attrs).get("value") or "")
        if tag in VOID:
            return
        self.stack.append((tag, dict(attrs).get("lang"), tag in SKIPPED))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if any(skipped for _tag, _lang, skipped in self.stack):
            return
        language = next((lang for _tag, lang, _s in reversed(self.stack) if lang), "")
        if language.lower().startswith("zh"):
            self.quoted.append(data)
            return
        in_title = [tag for tag, _lang, _s in self.stack[-2:]] == ["head", "title"]
        for match in CJK.finditer(data):
            start = max(0, match.start() - 30)
            context = " ".join(data[start : match.end() + 30].split())
            if in_title:
                self.title.append((match.group(), context))
            else:
                self.found.append(context)


def unmarked_chinese(html: str) -> list[str]:
    parser = _UnmarkedChinese()
    parser.feed(html)
    parser.close()
    quoted = "\n".join(parser.quoted)
    return parser.found + [context for run, context in parser.title if run not in quoted]


def test_the_checker_finds_unmarked_chinese_and_passes_marked_names():
    html = (
        '<html lang="en"><head><title>Company 公司 北京华信 查询</title><script>var a="中"</script>'
        '</head><body><p>Name: <span lang="zh-Hans">北京华信</span> <span lang="en">ok</span></p>'
        '<input name="q" value="查询"><svg><title>Who 谁</title></svg>'
        "<p>Status：存续<br>done</p></body></html>"
    )
    assert unmarked_chinese(html) == ["Who 谁", "Status：存续", "Company 公司 北京华信 查询"]


def _every_page(language):
    """{page id: (path, status, HTML)} of every page, in ``language``."""
    pages = {}
    with transaction.atomic(), translation.override(None):
        site = build_site()
        for public_page in PAGES:
            path = page_path(public_page, site, language)
            client = Client(raise_request_exception=public_page.status != 500)
            with transaction.atomic(), override_settings(**dict(public_page.settings)):
                for _ in range(public_page.requests):
                    response = client.get(path)
            pages[public_page.id] = (path, response.status_code, response.content.decode())
        transaction.set_rollback(True)
    return pages


@pytest.fixture(scope="module")
def english_pages(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return _every_page("en")


class _Text(HTMLParser):
    """The visible text of a page, in one string."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in SKIPPED

    def handle_endtag(self, tag):
        self.skipping -= tag in SKIPPED

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def latin_punctuation_after_chinese(html: str) -> list[str]:
    """Where Chinese text is followed by a Latin colon or comma and a space
    (``代码: ``, ``罚款, 警告``): on a Chinese page these are ``：`` and ``、``."""
    parser = _Text()
    parser.feed(html)
    text = " ".join("".join(parser.parts).split())
    return [text[max(0, m.start() - 20) : m.end() + 20] for m in LATIN_AFTER_CJK.finditer(text)]


def test_the_punctuation_checker_finds_latin_colons_and_commas_after_chinese():
    html = "<p>统一社会信用代码: 9111</p><p>罚款, 警告</p><p>罚款、警告 Code: 1</p>"
    found = latin_punctuation_after_chinese(html)
    assert len(found) == 2
    assert "代码: 9111" in found[0]
    assert "罚款, 警告" in found[1]


def test_chinese_pages_show_no_english_beside_agencies_lists_and_industries(english_pages):
    client = Client()
    html = client.get("/lists/").content.decode()
    assert "Abnormal Operations List" not in html
    assert "经营异常名录" in html


def test_english_pages_show_no_unmarked_chinese(english_pages):
    found = {
        page_id: (path, unmarked_chinese(html)[:5])
        for page_id, (path, _status, html) in english_pages.items()
        if unmarked_chinese(html)
    }
    assert found == {}


def test_chinese_pages_use_chinese_punctuation(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        pages = _every_page("zh-hans")
    found = {
        page_id: (path, latin_punctuation_after_chinese(html)[:5])
        for page_id, (path, _status, html) in pages.items()
        if latin_punctuation_after_chinese(html)
    }
    assert found == {}


def test_a_name_in_latin_letters_is_not_marked_as_chinese(client):
    person = PersonFactory(name="John Smith")
    html = client.get(f"/en/people/{person.pk}/").content.decode()
    assert "John Smith" in html
    assert '<span lang="zh-Hans">John Smith</span>' not in html
    assert "John Smith (" not in html
