"""Who stands behind a company: the shareholding tree on the company and
person pages, as a nested list and as an SVG picture."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from registry.models import Company
from registry.selectors.ownership import company_ownership
from tests.factories import CompanyFactory, ListEntryFactory, PersonFactory, credit_list
from tests.factories_company_page import ShareholdingFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, 0), tick=False):
        yield


def get(client, obj, language="zh-hans"):
    with translation.override(language):
        url = obj.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def ownership_section(html):
    start = html.index('<section aria-labelledby="ownership"')
    return html[start : html.index("</section>", start)]


def tree_list(html):
    """The nested lists of the section, without the picture."""
    section = ownership_section(html)
    return section[section.index("</figure>") :]


def picture(html):
    """The section's SVG, parsed as XML."""
    section = ownership_section(html)
    return ET.fromstring(section[section.index("<svg") : section.index("</svg>") + 6])


def holds(holder, company, percent="30"):
    """``holder`` (a company or a person) holds shares in ``company``."""
    holder_fields = {"holder_company": None, "holder_person": None}
    holder_fields["holder_company" if isinstance(holder, Company) else "holder_person"] = holder
    return ShareholdingFactory(company=company, **holder_fields, share_percent=Decimal(percent))


def chain(length, name="链"):
    """Companies c[0] ← c[1] ← ... : each held by the next one."""
    companies = [CompanyFactory(name=f"{name}{i}级有限公司") for i in range(length)]
    for lower, upper in zip(companies, companies[1:], strict=False):
        holds(upper, lower)
    return companies


@pytest.mark.smoke
def test_three_levels_of_shareholders_are_shown_and_not_a_fourth(client):
    companies = chain(5)
    founder = PersonFactory(name="赵启")
    holds(founder, companies[2])

    html = get(client, companies[0])
    tree = tree_list(html)

    for company in companies[1:4]:
        assert f'href="{company.get_absolute_url()}"' in tree
    assert "赵启" in tree  # a person three levels up
    assert companies[4].name not in html
    # Nested: level 3 is inside level 2, inside level 1.
    assert tree.count('class="ownership-tree__level"') == 2


def test_the_companies_it_holds_shares_in_are_shown_one_level_down(client):
    company = CompanyFactory(name="母公司有限公司")
    child = CompanyFactory(name="子公司有限公司")
    grandchild = CompanyFactory(name="孙公司有限公司")
    holds(company, child, "75")
    holds(child, grandchild)

    html = get(client, company, "en")
    down = tree_list(html)[tree_list(html).index('id="ownership-down"') :]

    assert f'href="{child.get_absolute_url()}"' in down
    assert "75.00%" in down
    assert grandchild.name not in html


def test_a_cycle_ends_and_is_marked_as_circular_shareholding(client):
    a = CompanyFactory(name="甲循环有限公司")
    b = CompanyFactory(name="乙循环有限公司")
    holds(a, b)
    holds(b, a)

    html = get(client, a)
    tree = tree_list(html)

    # B holds A (up), A holds B (up again, the cycle), and A holds B (down, a
    # cycle too): each marked, none expanded.
    assert tree.count("循环持股") == 2
    assert tree.count(f'href="{b.get_absolute_url()}"') == 2
    assert tree.count(f'href="{a.get_absolute_url()}"') == 1
    assert tree.count('class="ownership-tree__level"') == 1
    assert "circular shareholding" in tree_list(get(client, a, "en"))


def test_a_cycle_above_the_company_ends_where_it_closes(client):
    """A ← B ← C ← B: B is met again three levels up, and not expanded."""
    a, b, c = (CompanyFactory(name=f"{n}上方循环有限公司") for n in "甲乙丙")
    holds(b, a)
    holds(c, b)
    holds(b, c)

    tree = tree_list(get(client, a))

    assert tree.count(f'href="{b.get_absolute_url()}"') == 2
    assert tree.count("循环持股") == 1


def test_a_company_reached_twice_is_expanded_once(client):
    a, b, c, d = (CompanyFactory(name=f"{n}菱形有限公司") for n in "甲乙丙丁")
    holds(b, a)
    holds(c, a)
    holds(d, b)
    holds(d, c)
    holds(PersonFactory(name="钱多"), d)

    tree = tree_list(get(client, a))

    assert tree.count(f'href="{d.get_absolute_url()}"') == 2
    assert tree.count("钱多") == 1
    assert "在本图别处已列出" in tree


def test_a_level_shows_ten_shareholders_and_says_how_many_more(client):
    company = CompanyFactory()
    for n in range(13):
        holds(PersonFactory(name=f"股东{n:02d}"), company, percent=str(20 - n))

    tree = tree_list(get(client, company))

    assert "股东09" in tree and "股东10" not in tree  # the ten largest
    assert re.search(r'<a href="#shareholders">\s*另有 3 名股东', tree)


def test_the_queries_are_as_many_for_a_deep_chain_as_for_a_shallow_one(
    client, django_assert_num_queries
):
    shallow = chain(4, "浅")
    deep = chain(12, "深")
    for companies in (shallow, deep):
        for company in companies:
            holds(PersonFactory(), company)
            ListEntryFactory(company=company)
        holds(companies[0], CompanyFactory())

    # The company's own shareholders, the two levels above them, its
    # holdings, and the list entries of every company shown.
    for companies in (shallow, deep):
        company = Company.objects.get(pk=companies[0].pk)
        own = company.shareholdings.select_related("holder_company", "holder_person")
        with django_assert_num_queries(5):
            tree = company_ownership(company, own, TODAY)
        assert len(tree.levels_up) == 3

    with CaptureQueriesContext(connection) as shallow_page:
        get(client, shallow[0])
    with django_assert_num_queries(len(shallow_page.captured_queries)):
        get(client, deep[0])


def test_a_listed_shareholder_company_shows_its_list_badge(client):
    company = CompanyFactory()
    owner = CompanyFactory(name="上榜股东有限公司")
    holds(owner, company)
    ListEntryFactory(company=owner, credit_list=credit_list("serious_violation"))
    ListEntryFactory(
        company=owner,
        listed_on=datetime.date(2024, 1, 1),
        removed_on=datetime.date(2024, 6, 1),
        removal_reason="已补报",
    )

    tree = tree_list(get(client, company, "en"))
    item = tree[tree.index("上榜股东有限公司") :]
    item = item[: item.index("</li>")]

    assert "tag--black" in item
    assert "tag--warning" not in item  # removed: no badge


def test_the_person_page_shows_the_holdings_and_theirs(client):
    person = PersonFactory(name="孙持股")
    held = CompanyFactory(name="孙氏控股有限公司")
    below = CompanyFactory(name="孙氏子公司有限公司")
    further = CompanyFactory(name="孙氏孙公司有限公司")
    holds(person, held, "60")
    holds(held, below, "51")
    holds(below, further)

    html = get(client, person)
    tree = tree_list(html)

    assert f'href="{held.get_absolute_url()}"' in tree
    assert f'href="{below.get_absolute_url()}"' in tree
    assert "60.00%" in tree and "51.00%" in tree
    assert further.name not in html
    svg_text = "".join(picture(html).itertext())
    assert "孙持股" in svg_text and "孙氏子公司有限公司" in svg_text


def test_the_picture_is_an_image_named_and_described_that_names_every_company(client):
    companies = chain(4)
    ListEntryFactory(company=companies[1])
    holds(companies[0], CompanyFactory(name="下属企业有限公司"))
    holds(PersonFactory(name="李自然"), companies[2])

    for language in ("zh-hans", "en"):
        html = get(client, companies[0], language)
        svg = picture(html)

        assert svg.tag == f"{SVG}svg"
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        # Named as the page names the company: in Chinese, or on the English
        # page in pinyin (it has no English name).
        assert title is not None
        if language == "en":
            assert "Lian 0 Ji" in title.text and companies[0].name not in title.text
        else:
            assert companies[0].name in title.text
        assert desc is not None and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        text = "".join(svg.itertext())
        for company in (*companies[:4], Company.objects.get(name="下属企业有限公司")):
            assert company.name in text
        assert "李自然" in text
        # Nothing the Content-Security-Policy refuses.
        assert not [
            e for e in svg.iter() if "style" in e.attrib or e.tag in (f"{SVG}style", f"{SVG}script")
        ]


def test_a_company_with_no_shareholders_and_no_holdings_says_so(client):
    html = get(client, CompanyFactory())

    assert "<svg" not in ownership_section(html)
    assert "No shareholders and no shares in other companies recorded." in ownership_section(
        get(client, CompanyFactory(), "en")
    )


def test_the_person_page_has_no_tree_for_a_person_without_holdings(client):
    person = PersonFactory()
    CompanyFactory(legal_representative=person)

    assert '<section aria-labelledby="ownership"' not in get(client, person)


def test_person_page_query_count_with_a_tree(client, django_assert_max_num_queries):
    person = PersonFactory()
    for _ in range(12):
        held = CompanyFactory()
        holds(person, held)
        holds(held, CompanyFactory())

    # The person page's seven, then the holdings of the person's companies
    # and the list entries of every company of the tree; and the pledges of
    # the person's equity and the courts' orders on it (registry/selectors/filings.py).
    with django_assert_max_num_queries(11), translation.override("zh-hans"):
        response = client.get(reverse("publicity:person-detail", args=[person.pk]))
    assert response.status_code == 200
