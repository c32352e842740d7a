"""Moving around without the home page: every public page (``PAGES`` of
tests/browser/pages.py, both languages) has the header's search box and
sections, breadcrumbs below the home page, and the footer naming the operator
with its five pages, which answer in both languages.

Trails (decided for issue 15): a page hangs under the home page, a list under
the credit lists; a company, a person and an agency directly under the home
page (they are reached from search, lists and each other alike, so a
"Search" step would point at an empty search page); an error page has a
plain link home."""

import re
from html import unescape

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from publicity.templatetags.site_nav import optional_reverse
from registry.models import CreditList
from tests.browser.pages import LANGUAGES, PAGES, build_site, page_path

pytestmark = pytest.mark.django_db

SECTIONS = ("search", "list-index", "penalty-list", "case-list", "data")
FOOTER = ("about", "about-data", "about-privacy", "about-accessibility", "about-contact")
# Pages whose main content is the search box itself: the header has none.
OWN_SEARCH_BOX = {
    "home",
    "search-empty",
    "search",
    "search-person",
    "search-bad-code",
    "search-error",
}
FRAMED = [page for page in PAGES if not page.standalone]


def _part(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    return found.group(0) if found else ""


def _links(html: str) -> list[tuple[str, str, str]]:
    """(href, text, aria-current) of each link."""
    out = []
    for attrs, text in re.findall(r"<a ([^>]*)>(.*?)</a>", html, re.S):
        href = re.search(r'href="([^"]*)"', attrs)
        current = re.search(r'aria-current="([^"]*)"', attrs)
        out.append(
            (
                unescape(href.group(1)) if href else "",
                " ".join(unescape(re.sub(r"<[^>]+>", "", text)).split()),
                current.group(1) if current else "",
            )
        )
    return out


def header(html):
    return _part(html, r'<header class="site-header">.*?</header>')


def footer(html):
    return _part(html, r'<footer class="site-footer">.*?</footer>')


def trail(html) -> list[str]:
    """The breadcrumbs' items as text, the current page marked with a star."""
    nav = _part(html, r'<nav class="breadcrumbs".*?</nav>')
    items = re.findall(
        r'<li class="breadcrumbs__item"( aria-current="page")?>(.*?)</li>', nav, re.S
    )
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", "", text)).split()) + ("*" if current else "")
        for current, text in items
    ]


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """{(page id, language): (path, HTML)} of every page, rendered once."""
    out = {}
    with django_db_blocker.unblock(), transaction.atomic(), translation.override(None):
        site = build_site()
        listed = CreditList.objects.get(code="abnormal_operations")
        out["site"] = {"company": site.company.name, "list": listed.name, "list_en": listed.name_en}
        for page in FRAMED:
            for language in LANGUAGES:
                path = page_path(page, site, language)
                client = Client()
                with override_settings(**dict(page.settings)):
                    for _ in range(page.requests):
                        response = client.get(path)
                assert response.status_code == page.status, path
                out[(page.id, language)] = (path, response.content.decode())
        transaction.set_rollback(True)
    return out


PARAMS = [
    pytest.param(page, language, id=f"{page.id}-{language}")
    for page in FRAMED
    for language in LANGUAGES
]


@pytest.mark.parametrize(("public_page", "language"), PARAMS)
def test_every_page_has_the_header_sections_search_and_footer_links(
    public_page, language, rendered
):
    path, html = rendered[(public_page.id, language)]
    with translation.override(language):
        sections = [reverse(f"publicity:{name}") for name in SECTIONS]
        statistics = optional_reverse("publicity:statistics")
        about = [reverse(f"publicity:{name}") for name in FOOTER]
        search = reverse("publicity:search")
    nav_hrefs = [href for href, _text, _current in _links(header(html))]
    for href in [*sections, "/api/v1/docs/"]:
        assert href in nav_hrefs, f"{path}: no {href} in the header"
    assert (statistics in nav_hrefs) if statistics else True
    footer_hrefs = [href for href, _text, _current in _links(footer(html))]
    for href in about:
        assert href in footer_hrefs, f"{path}: no {href} in the footer"
    if public_page.id in OWN_SEARCH_BOX:
        assert 'id="search-q"' in html and 'id="site-search-q"' not in html
    else:
        form = _part(header(html), r'<form class="site-search".*?</form>')
        assert f'action="{search}"' in form and 'name="q"' in form
        assert '<label class="visually-hidden" for="site-search-q">' in form


@pytest.mark.parametrize(("public_page", "language"), PARAMS)
def test_every_page_below_home_has_breadcrumbs_starting_home(public_page, language, rendered):
    path, html = rendered[(public_page.id, language)]
    crumbs = trail(html)
    if public_page.id == "home":
        assert crumbs == []
        return
    assert crumbs and crumbs[0] == ("首页" if language == "zh-hans" else "Home"), path
    nav = _part(html, r'<nav class="breadcrumbs".*?</nav>')
    assert 'aria-label="' in nav and "<ol" in nav
    # The last item is the page itself (not a link), or the trail is a plain
    # link home (error pages).
    assert crumbs[-1].endswith("*") or crumbs == [crumbs[0]]
    assert html.count('aria-current="page"') >= (1 if crumbs[-1].endswith("*") else 0)


@pytest.mark.parametrize(
    ("page_id", "language", "expected"),
    [
        ("company", "zh-hans", ["首页", "{company}*"]),
        ("list-detail", "zh-hans", ["首页", "信用名单", "{list}*"]),
        ("list-detail", "en", ["Home", "Credit lists", "{list_en}*"]),
        ("penalty-list", "en", ["Home", "Administrative penalties*"]),
        ("search", "zh-hans", ["首页", "查询*"]),
        ("about-privacy", "zh-hans", ["首页", "隐私*"]),
        ("redress-follow", "en", ["Home", "Follow an objection or application*"]),
        ("not-found", "en", ["Home"]),
    ],
)
def test_breadcrumb_trails(page_id, language, expected, rendered):
    names = rendered["site"]
    _path, html = rendered[(page_id, language)]
    assert trail(html) == [item.format(**names) for item in expected]


@pytest.mark.parametrize(
    ("page_id", "label", "current"),
    [
        ("penalty-list", "Penalties", "page"),
        ("list-index", "Credit lists", "page"),
        ("list-detail", "Credit lists", "true"),
        ("case-list", "Court cases", "page"),
        ("data", "Open data", "page"),
        ("company", None, None),
    ],
)
def test_the_current_section_is_marked_in_the_header(page_id, label, current, rendered):
    _path, html = rendered[(page_id, "en")]
    marked = [(text, mark) for _href, text, mark in _links(header(html)) if mark]
    assert marked == ([(label, current)] if label else [])


def test_a_section_whose_page_does_not_exist_yet_is_left_out():
    assert optional_reverse("publicity:no-such-page") == ""
    assert optional_reverse("publicity:penalty-list") == "/penalties/"


@pytest.mark.parametrize(
    ("name", "zh", "en"),
    [
        ("about", "关于本站", "About this site"),
        ("about-data", "数据来源与更新时间", "Data sources and update times"),
        ("about-privacy", "隐私", "Privacy"),
        ("about-accessibility", "无障碍声明", "Accessibility statement"),
        ("about-contact", "联系我们", "Contact"),
    ],
)
def test_the_footer_pages_answer_in_both_languages(client, name, zh, en):
    for language, heading in (("zh-hans", zh), ("en", en)):
        with translation.override(language):
            url = reverse(f"publicity:{name}")
        response = client.get(url)
        assert response.status_code == 200
        assert f"<h1>{heading}</h1>" in response.content.decode()


@override_settings(
    SITE_OPERATOR="某市公共信用信息中心",
    SITE_OPERATOR_EN="the Credit Information Centre of Some City",
    SITE_CONTACT_EMAIL="credit@example.org",
)
def test_the_operator_and_contact_come_from_the_settings(client):
    zh = client.get(reverse("publicity:about-contact")).content.decode()
    assert "本站由某市公共信用信息中心运营。" in footer(zh)
    assert 'href="mailto:credit@example.org"' in zh
    with translation.override("en"):
        url = reverse("publicity:penalty-list")
    en = client.get(url).content.decode()
    assert "This site is run by the Credit Information Centre of Some City." in footer(en)


def test_the_privacy_page_states_the_log_retention_set(client, settings):
    settings.SITE_LOG_RETENTION_DAYS = 14
    html = client.get(reverse("publicity:about-privacy")).content.decode()
    assert "保存14天后删除" in html
    assert "110108********2016" in html  # the masked form of an identity number


def test_the_footer_pages_are_in_the_sitemap(client):
    xml = client.get(reverse("sitemap-pages")).content.decode()
    for name in FOOTER:
        assert f"{reverse(f'publicity:{name}')}</loc>" in xml
