"""The company page: what it shows, what it hides, and what it costs."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from registry import services
from registry.models import CaseParty, PenaltyCategory
from tests.factories import (
    AgencyFactory,
    CasePartyFactory,
    CompanyFactory,
    CourtCaseFactory,
    ListEntryFactory,
    PenaltyFactory,
    PersonFactory,
    credit_list,
)
from tests.factories_company_page import (
    DishonestDebtorFactory,
    FormerNameFactory,
    LicenceFactory,
    OfficerFactory,
    RatingFactory,
    ShareholdingFactory,
)
from tests.factories_filings import add_filings_of_every_kind

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, 0), tick=False):
        yield


def page_url(company, language="zh-hans"):
    with translation.override(language):
        return reverse("publicity:company-detail", args=[company.uscc])


def page_of(client, company, language="zh-hans"):
    response = client.get(page_url(company, language))
    assert response.status_code == 200
    return response.content.decode()


def section(html, section_id):
    """The HTML of one <section> of the page, by its heading's id."""
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


@pytest.mark.smoke
def test_company_page_shows_the_registration_facts(client):
    person = PersonFactory(name="李四")
    authority = AgencyFactory(name="北京市海淀区市场监督管理局")
    company = CompanyFactory(
        name="北京示例科技有限公司",
        name_en="Beijing Example Technology Co., Ltd.",
        legal_representative=person,
        legal_representative_name="李四",
        registration_authority=authority,
        registered_capital=Decimal("1234567.80"),
        address="北京市海淀区中关村大街1号",
        business_scope="技术开发",
    )

    html = page_of(client, company)

    assert "北京示例科技有限公司" in html
    assert "Beijing Example Technology Co., Ltd." in html
    assert company.uscc in html
    assert f'href="{person.get_absolute_url()}"' in html
    assert f'href="{reverse("publicity:agency-detail", args=[authority.pk])}"' in html
    assert "¥1,234,567.80" in html
    assert "北京市" in html and "海淀区" in html  # province and county of 110108
    assert "65" in html and "信息传输、软件和信息技术服务业" in html  # division and section
    assert "北京市海淀区中关村大街1号" in html


def test_former_names_shareholders_officers_and_branches_link_to_their_pages(client):
    company = CompanyFactory()
    FormerNameFactory(company=company, name="北京老字号有限公司")
    owner = ShareholdingFactory(company=company, share_percent=Decimal("62.5"))
    parent = CompanyFactory(name="母公司集团有限公司")
    ShareholdingFactory(company=company, holder_person=None, holder_company=parent)
    officer = OfficerFactory(company=company, role="general_manager")
    branch = CompanyFactory(name="北京示例分公司", head_office=company, entity_type="branch")

    html = page_of(client, company)

    assert "北京老字号有限公司" in html
    assert f'href="{owner.holder_person.get_absolute_url()}"' in html
    assert "62.50" in html
    assert f'href="{parent.get_absolute_url()}"' in html
    assert f'href="{officer.person.get_absolute_url()}"' in html
    assert f'href="{branch.get_absolute_url()}"' in html
    branch_html = page_of(client, branch)
    assert f'href="{company.get_absolute_url()}"' in branch_html


@pytest.mark.smoke
def test_a_penalty_shows_every_public_field_with_amounts_in_yuan(client):
    agency = AgencyFactory(credit_code="11110108000000000X")
    penalty = PenaltyFactory(
        agency=agency,
        decision_number="京海市监罚〔2025〕88号",
        legal_representative="王五",
        violation_facts="销售过期食品",
        legal_basis="《食品安全法》第一百二十四条",
        penalty_content="没收违法所得并处罚款",
        fine_amount=Decimal("123456"),
        confiscated_amount=Decimal("7890.5"),
        licence_affected="食品经营许可证JY123",
        valid_until=datetime.date(2026, 6, 1),
        publicity_until=datetime.date(2026, 3, 1),  # inside the legal bounds
        data_source="信用中国",
        categories=["fine", "confiscation"],
    )

    penalties = section(page_of(client, penalty.company), "penalties")

    for text in [
        "京海市监罚〔2025〕88号",
        penalty.company.name,
        penalty.company.uscc,
        "王五",
        "销售过期食品",
        "《食品安全法》第一百二十四条",
        "没收违法所得并处罚款",
        "¥123,456.00",
        "¥7,890.50",
        "食品经营许可证JY123",
        "2025-06-01",
        "2026-06-01",
        "2026-03-01",
        "11110108000000000X",
        "信用中国",
        f'href="{reverse("publicity:agency-detail", args=[agency.pk])}"',
    ]:
        assert text in penalties, text
    with translation.override("zh-hans"):
        for category in ("fine", "confiscation"):
            assert str(PenaltyCategory.Category(category).label) in penalties


def test_records_that_are_not_public_or_not_this_companys_are_not_shown(client):
    company = CompanyFactory()
    PenaltyFactory(company=company, decision_number="公开〔2025〕1号")
    PenaltyFactory(decision_number="别家〔2025〕1号")  # another company
    PenaltyFactory(
        company=company,
        decision_number="简易警告〔2025〕1号",
        simple_procedure=True,
        fine_amount=None,
        categories=["warning"],
    )
    PenaltyFactory(
        company=company,
        decision_number="公示期满〔2024〕1号",
        decided_on=datetime.date(2024, 1, 1),
        publicity_until=TODAY - datetime.timedelta(days=1),
    )
    ListEntryFactory(decision_number="别家异〔2025〕1号")
    other_case = CasePartyFactory().case

    html = page_of(client, company)

    assert "公开〔2025〕1号" in html
    hidden = ["别家〔2025〕1号", "简易警告〔2025〕1号", "公示期满〔2024〕1号", "别家异〔2025〕1号"]
    for decision_number in hidden:
        assert decision_number not in html, decision_number
    assert other_case.case_number not in html


def test_a_penalty_on_the_last_day_of_its_publicity_is_still_shown(client):
    penalty = PenaltyFactory(decision_number="末日〔2025〕1号", publicity_until=TODAY)

    assert "末日〔2025〕1号" in page_of(client, penalty.company)


def test_html_in_record_text_is_shown_as_text(client):
    penalty = PenaltyFactory(violation_facts="<script>alert(1)</script>")
    ListEntryFactory(company=penalty.company, reason="<b>bold</b> reason")
    CasePartyFactory(company=penalty.company, case__outcome="<img src=x onerror=alert(2)>")

    html = page_of(client, penalty.company)

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; reason" in html
    assert "<b>bold</b>" not in html
    assert "<img src=x" not in html


def test_the_status_summary_says_which_lists_since_when_and_why(client):
    company = CompanyFactory()
    ListEntryFactory(company=company, listed_on=datetime.date(2025, 4, 1), reason="无法联系")
    ListEntryFactory(
        company=company,
        credit_list=credit_list("serious_violation"),
        listed_on=datetime.date(2020, 1, 1),
        removed_on=datetime.date(2023, 1, 1),
        removal_reason="期满移出",
    )
    PenaltyFactory.create_batch(2, company=company)
    CasePartyFactory(company=company)

    english = section(page_of(client, company, "en"), "status-heading")
    chinese = section(page_of(client, company), "status-heading")

    assert re.search(
        r'On the <a href="#entry-\d+">Abnormal Operations List</a> since 2025-04-01: '
        r'<span lang="zh-Hans">无法联系</span>',
        english,
    )
    assert "Serious Violation" not in english  # removed: not a current listing
    assert "2 administrative penalties made public." in english
    assert "1 court case." in english
    assert "经营异常名录" in chinese and "2025-04-01" in chinese and "无法联系" in chinese


def test_a_company_on_no_list_is_said_to_be_on_none(client):
    html = page_of(client, CompanyFactory(), "en")

    assert "This company is not on any black or warning list." in section(html, "status-heading")


def test_list_entries_show_current_and_removed_ones_with_the_removal(client):
    company = CompanyFactory()
    remover = AgencyFactory(name="移出机关")
    ListEntryFactory(company=company, decision_number="列入〔2025〕1号")
    ListEntryFactory(
        company=company,
        decision_number="列入〔2024〕1号",
        listed_on=datetime.date(2024, 1, 1),
        removed_on=datetime.date(2025, 3, 4),  # removed entries stay public a year
        removal_reason="已补报年度报告",
        removal_authority=remover,
        removal_decision_number="移出〔2025〕1号",
    )

    lists = section(page_of(client, company), "lists")

    assert lists.index("列入〔2025〕1号") < lists.index("列入〔2024〕1号")  # current first
    for text in ("2025-03-04", "已补报年度报告", "移出机关", "移出〔2025〕1号"):
        assert text in lists


def test_court_cases_show_the_companys_role_the_other_parties_and_the_number_parts(client):
    company = CompanyFactory()
    other = CompanyFactory(name="原告贸易有限公司")
    case = CourtCaseFactory(year=2024, type_code="民初", serial=143, amount=Decimal("50000"))
    CasePartyFactory(case=case, company=company, role=CaseParty.Role.DEFENDANT)
    CasePartyFactory(case=case, company=other, role=CaseParty.Role.PLAINTIFF)
    CasePartyFactory(case=case, company=None, name="赵六", role=CaseParty.Role.THIRD_PARTY)

    cases = section(page_of(client, company, "en"), "cases")

    assert case.case_number in cases
    assert "defendant" in cases
    with translation.override("en"):
        assert f'href="{other.get_absolute_url()}"' in cases and "plaintiff" in cases
    assert "赵六" in cases and "third party" in cases
    # The number's parts, its Chinese marked as Chinese on the English page.
    assert f'<dd><span lang="zh-Hans">{case.court_code}</span></dd>' in cases
    assert '<dd><span lang="zh-Hans">民初</span></dd>' in cases and "143</dd>" in cases
    assert "¥50,000.00" in cases


def test_licences_ratings_and_dishonest_debtor_details_are_shown(client):
    company = CompanyFactory()
    LicenceFactory(company=company, licence_name="食品经营许可证")
    RatingFactory(company=company, grade="A", period="2024")
    DishonestDebtorFactory(entry__company=company, obligations="支付货款人民币十万元")

    html = page_of(client, company)

    assert "食品经营许可证" in section(html, "licences")
    ratings = section(html, "ratings")
    assert "纳税信用等级" in ratings and "<strong>A</strong>" in ratings and "2024" in ratings
    lists = section(html, "lists")
    assert "失信被执行人" in lists and "支付货款人民币十万元" in lists


def test_the_timeline_merges_the_records_newest_first(client):
    company = CompanyFactory(established_on=datetime.date(2010, 1, 1))
    FormerNameFactory(
        company=company, used_from=datetime.date(2010, 1, 1), used_until=datetime.date(2012, 1, 1)
    )
    PenaltyFactory(company=company, decision_number="罚〔2025〕1号")  # 2025-06-01
    LicenceFactory(company=company, decided_on=datetime.date(2022, 1, 10))
    ListEntryFactory(company=company, listed_on=datetime.date(2025, 4, 1))
    RatingFactory(company=company, rated_on=datetime.date(2024, 4, 20))

    timeline = section(page_of(client, company), "timeline")

    dates = re.findall(r'<time class="timeline__date" datetime="([\d-]+)"', timeline)
    assert dates == [
        "2025-06-01",
        "2025-04-01",
        "2024-04-20",
        "2022-01-10",
        "2012-01-01",
        "2010-01-01",
    ]


def test_the_page_links_a_print_stylesheet_and_gives_its_date_and_permanent_address(client):
    company = CompanyFactory()

    html = page_of(client, company, "en")

    assert re.search(r'<link rel="stylesheet" href="[^"]*print\.css" media="print">', html)
    assert "Report produced on 2026-01-15." in html
    # The permanent address has no language prefix, whatever the reader's language.
    assert f"http://testserver/companies/{company.uscc}/" in html


@pytest.mark.smoke
def test_a_lower_case_or_spaced_code_redirects_to_the_canonical_address(client):
    company = CompanyFactory()
    spaced = f"{company.uscc[:6]} {company.uscc[6:]}".lower()

    for given in (company.uscc.lower(), spaced):
        response = client.get(reverse("publicity:company-detail", args=[given]))
        assert response.status_code == 301
        assert response["Location"] == company.get_absolute_url()
    english = client.get(f"/en/companies/{company.uscc.lower()}/")
    assert english["Location"] == f"/en/companies/{company.uscc}/"
    # A download asked for by the code as typed stays a download.
    download = client.get(
        f"/companies/{company.uscc.lower()}/", {"format": "csv", "records": "licences"}
    )
    assert download["Location"] == f"/companies/{company.uscc}/?format=csv&records=licences"
    assert client.get(download["Location"])["Content-Type"].startswith("text/csv")


def test_the_page_runs_a_fixed_number_of_queries_whatever_the_number_of_records(
    client, django_assert_max_num_queries
):
    company = CompanyFactory()
    PenaltyFactory.create_batch(15, company=company, categories=["fine", "confiscation"])
    for _ in range(10):
        case = CasePartyFactory(company=company).case
        CasePartyFactory(case=case, role=CaseParty.Role.PLAINTIFF)
    for code in ("abnormal_operations", "serious_violation", "wage_arrears"):
        ListEntryFactory(company=company, credit_list=credit_list(code))
    for _ in range(2):
        ListEntryFactory(
            company=company,
            listed_on=datetime.date(2024, 1, 1),
            removed_on=datetime.date(2025, 6, 1),  # removed entries stay public a year
            removal_reason="移出",
            removal_authority=AgencyFactory(),
        )
    FormerNameFactory.create_batch(5, company=company)
    ShareholdingFactory.create_batch(10, company=company)
    OfficerFactory.create_batch(10, company=company)
    CompanyFactory.create_batch(5, head_office=company)
    RatingFactory.create_batch(5, company=company)
    LicenceFactory.create_batch(5, company=company)
    for year in range(2019, 2024):
        report = services.annual_report_file(
            company=company, year=year, filed_on=datetime.date(year + 1, 5, 1), employees=3
        ).obj
        services.annual_report_amend(
            report=report, amended_on=datetime.date(year + 1, 9, 1), changes={"employees": "4"}
        )
    add_filings_of_every_kind(company)

    # 1 company with its registration facts, 10 for its records (former names,
    # shareholders, officers, branches, penalties, their categories, licences,
    # list entries, ratings, court cases and their parties), 1 for the change
    # history, 1 counting the records no longer published, 1 for the records
    # under objection = 15; and 4 for who stands behind it (the two levels of
    # shareholders above its own, its holdings, and the list entries of every
    # company of that tree: registry/selectors/ownership.py) = 19; 2 for the
    # annual reports and their amendments = 21; and 8 for spot checks, pledges,
    # court orders, mortgages, IP pledges, deregistration notices and their
    # objections (1 saying which kinds the company has, 1 a kind, 1 for the
    # objections: registry/selectors/filings.py) = 29.
    with django_assert_max_num_queries(29):
        response = client.get(page_url(company))

    assert response.status_code == 200
    assert response.content.decode().count('class="record"') == 15 + 10 + 5 + 5
