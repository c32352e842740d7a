"""No Chinese on English pages, outside names and quoted record text.

The checker below reads a page's visible text (not ``<script>`` or
``<style>``; the ``<title>`` is read too). Text inside an element whose
language is Chinese (``lang="zh-…"``, the nearest ``lang`` wins) is a name or
a quotation of the record and may be Chinese; any other CJK character is
Chinese the English reader was not told about, or a label left untranslated.
Walking every page of ``tests/browser/pages.py`` under ``/en/`` with it still
finds unmarked Chinese on 22 of them (decision and case numbers, record
texts, some titles): that walk comes with their fix. The Chinese pages' check
is here.
"""

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from tests.browser.pages import PAGES, build_site, page_path

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
SKIPPED = {"script", "style", "template"}


class _UnmarkedChinese(HTMLParser):
    """Collects the CJK text outside elements marked as Chinese."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, language or None, skipped)
        self.found = []

    def handle_starttag(self, tag, attrs):
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
            return
        for match in CJK.finditer(data):
            start = max(0, match.start() - 30)
            self.found.append(" ".join(data[start : match.end() + 30].split()))


def unmarked_chinese(html: str) -> list[str]:
    parser = _UnmarkedChinese()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_checker_finds_unmarked_chinese_and_passes_marked_names():
    html = (
        '<html lang="en"><head><title>Company 公司</title><script>var a="中"</script></head>'
        '<body><p>Name: <span lang="zh-Hans">北京华信</span> <span lang="en">ok</span></p>'
        "<p>Status：存续<br>done</p></body></html>"
    )
    assert unmarked_chinese(html) == ["Company 公司", "Status：存续"]


@pytest.fixture(scope="module")
def english_pages(django_db_setup, django_db_blocker):
    """{page id: (path, status, HTML)} of every page, in English."""
    pages = {}
    with django_db_blocker.unblock(), transaction.atomic(), translation.override(None):
        site = build_site()
        for public_page in PAGES:
            path = page_path(public_page, site, "en")
            client = Client(raise_request_exception=public_page.status != 500)
            with transaction.atomic(), override_settings(**dict(public_page.settings)):
                for _ in range(public_page.requests):
                    response = client.get(path)
            pages[public_page.id] = (path, response.status_code, response.content.decode())
        transaction.set_rollback(True)
    return pages


def test_chinese_pages_show_no_english_beside_agencies_lists_and_industries(english_pages):
    client = Client()
    html = client.get("/lists/").content.decode()
    assert "Abnormal Operations List" not in html
    assert "经营异常名录" in html
