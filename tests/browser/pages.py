"""Every public page template, with a small realistic data set that fills every
section of every page.

The accessibility test (axe-core, in chromium) and the HTML validity test (the
Nu HTML Checker) both walk ``PAGES`` in both languages, so a new page template
is checked by both as soon as it is added here. ``build_site()`` makes the data:
one company with a record of every kind (penalties, a licence, a court case,
list entries current and removed, one removed so long ago that it is no
longer public, a dishonest-debtor entry, former names, shareholders three
levels up and a holding below, officers, a branch, a rating), the people and
companies around it, and the agencies that decided.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlencode

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from publicity.models import IssuedReport
from publicity.reports.issuing import report_issue
from registry import services, uscc
from registry.models import (
    Company,
    DishonestDebtor,
    FormerName,
    Industry,
    Licence,
    Officer,
    PenaltyCategory,
    Rating,
    RatingScheme,
    Shareholding,
)
from registry.statistics.refresh import refresh as refresh_statistics
from tests.browser.filing_pages import add_filings, filing_pages
from tests.factories import (
    AgencyFactory,
    CasePartyFactory,
    CompanyFactory,
    CourtCaseFactory,
    CourtFactory,
    ListEntryFactory,
    PenaltyFactory,
    PersonFactory,
    credit_list,
    region,
    valid_code,
)

LANGUAGES = ("zh-hans", "en")

# A two-character fragment of both companies' names, one in Beijing and one in
# Shanghai: the search finds both and the province filter narrows to one.
NAME_FRAGMENT = "华信"

# A valid credit code that no company has: the company page answers 404.
UNKNOWN_CODE = valid_code(9_999_999, "440300")


@dataclass(frozen=True)
class PublicPage:
    """A page template to check, and how to reach it with ``build_site()``'s data.

    ``settings`` are overridden while the page is requested, ``requests``
    times in a row (the last answer is the one checked; the ones before may
    be downloads). A ``standalone`` page
    does not extend base.html (the 500 page, which must render when anything
    else fails)."""

    id: str
    path: object  # (site) -> path, reversed in the active language
    status: int = 200
    settings: tuple = ()  # ((name, value), ...)
    requests: int = 1
    standalone: bool = False


def _search(**params):
    return lambda site: reverse("publicity:search") + ("?" + urlencode(params) if params else "")


def _wrong_check_character(code):
    return code[:-1] + ("1" if code[-1] != "1" else "2")


PAGES = [
    PublicPage("home", lambda site: reverse("publicity:home")),
    # The search page: its guidance, companies (filtered, with the filters
    # open), people, a code with a wrong check character, and an error.
    PublicPage("search-empty", _search()),
    PublicPage("search", _search(q=NAME_FRAGMENT, province="110000")),
    PublicPage("search-person", _search(q="王伟")),
    PublicPage(
        "search-bad-code",
        lambda site: _search(q=_wrong_check_character(site.company.uscc))(site),
    ),
    PublicPage("search-error", _search(q="？！……"), status=400),
    PublicPage(
        "company", lambda site: reverse("publicity:company-detail", args=[site.company.uscc])
    ),
    PublicPage("person", lambda site: reverse("publicity:person-detail", args=[site.person.pk])),
    PublicPage("list-index", lambda site: reverse("publicity:list-index")),
    PublicPage(
        "list-detail", lambda site: reverse("publicity:list-detail", args=["abnormal_operations"])
    ),
    PublicPage(
        "list-detail-removals",
        lambda site: (
            reverse("publicity:list-detail", args=["abnormal_operations"]) + "?view=removals"
        ),
    ),
    PublicPage("penalty-list", lambda site: reverse("publicity:penalty-list")),
    # The filters' error summary: a fine below zero, as a user may type it.
    PublicPage(
        "penalty-list-error",
        lambda site: reverse("publicity:penalty-list") + "?fine_min=-1",
        status=400,
    ),
    PublicPage("case-list", lambda site: reverse("publicity:case-list")),
    # The keyword (a company name fragment), a list sorted, a keyword that is only punctuation.
    PublicPage("penalty-list-keyword", lambda site: reverse("publicity:penalty-list") + "?q=测试"),
    PublicPage(
        "list-detail-sorted",
        lambda site: (
            reverse("publicity:list-detail", args=["abnormal_operations"]) + "?sort=company&q=测试"
        ),
    ),
    PublicPage(
        "case-list-keyword-error",
        lambda site: reverse("publicity:case-list") + "?q=！？",
        status=400,
    ),
    PublicPage("data", lambda site: reverse("publicity:data")),
    # The footer's pages about the site.
    PublicPage("about", lambda site: reverse("publicity:about")),
    PublicPage("about-data", lambda site: reverse("publicity:about-data")),
    PublicPage("about-privacy", lambda site: reverse("publicity:about-privacy")),
    PublicPage("about-accessibility", lambda site: reverse("publicity:about-accessibility")),
    PublicPage("about-contact", lambda site: reverse("publicity:about-contact")),
    # Statistics (summaries made by build_site's refresh): whole, filtered, a bad filter.
    PublicPage("statistics", lambda site: reverse("publicity:statistics")),
    PublicPage(
        "statistics-filtered",
        lambda site: reverse("publicity:statistics") + "?province=110000&period=12m",
    ),
    PublicPage(
        "statistics-error", lambda site: reverse("publicity:statistics") + "?period=x", status=400
    ),
    PublicPage("agency", lambda site: reverse("publicity:agency-detail", args=[site.agency.pk])),
    # A court's page lists its own cases.
    PublicPage("court", lambda site: reverse("publicity:agency-detail", args=[site.court.pk])),
    PublicPage(
        "not-found",
        lambda site: reverse("publicity:company-detail", args=[UNKNOWN_CODE]),
        status=404,
    ),
    # A page per record: a penalty (under objection), a licence, a court case, a
    # dishonest debtor's list entry, and a record no longer public (410 Gone).
    PublicPage("penalty-page", lambda site: site.large_penalty.get_absolute_url()),
    PublicPage("licence-page", lambda site: site.licence.get_absolute_url()),
    PublicPage("case-page", lambda site: site.case.get_absolute_url()),
    PublicPage("list-entry-page", lambda site: site.debtor_entry.get_absolute_url()),
    PublicPage("record-gone", lambda site: site.old_entry.get_absolute_url(), status=410),
    # Objections and credit repair: the form, a status page, the lookup and its error.
    PublicPage(
        "objection-form",
        lambda site: reverse("publicity:objection-new", args=["penalty", site.large_penalty.pk]),
    ),
    PublicPage("objection-status", lambda site: site.objection.get_absolute_url() + "?sent=1"),
    PublicPage(
        "repair-form", lambda site: reverse("publicity:repair-new", args=[site.large_penalty.pk])
    ),
    # Decided 60 days ago: before the minimum period, the page gives the date.
    PublicPage(
        "repair-too-early",
        lambda site: reverse("publicity:repair-new", args=[site.small_penalty.pk]),
    ),
    PublicPage("repair-status", lambda site: site.repair.get_absolute_url() + "?sent=1"),
    PublicPage("redress-follow", lambda site: reverse("publicity:redress-follow")),
    PublicPage(
        "redress-follow-error",
        lambda site: reverse("publicity:redress-follow") + "?reference=26-AAAA-AAAA",
        status=400,
    ),
    # The second search in a row over a limit of one a minute.
    PublicPage(
        "too-many-requests",
        _search(q=NAME_FRAGMENT),
        status=429,
        settings=(("SEARCH_RATE_LIMIT", 1),),
        requests=2,
    ),
    # What Django could not read (a form in another character set than UTF-8).
    PublicPage(
        "bad-request",
        lambda site: reverse("test-bad-request"),
        status=400,
        settings=(("ROOT_URLCONF", "tests.browser.urls"),),
    ),
    # The second download in a row over a limit of one an hour (the first is a CSV).
    PublicPage(
        "too-many-downloads",
        lambda site: reverse("publicity:penalty-list") + "?format=csv",
        status=429,
        settings=(("DOWNLOAD_RATE_LIMIT", 1),),
        requests=2,
    ),
    # Credit reports: the lookup and its error, a report unchanged since issue,
    # one whose record changed, one altered after issue, and the limit.
    PublicPage("report-lookup", lambda site: reverse("publicity:report-lookup")),
    PublicPage(
        "report-lookup-error",
        lambda site: reverse("publicity:report-lookup") + "?number=CR20260101-AAAAA-AAAAA",
        status=400,
    ),
    PublicPage("report", lambda site: site.report.get_absolute_url()),
    PublicPage("report-changed", lambda site: site.changed_report.get_absolute_url()),
    PublicPage("report-altered", lambda site: site.altered_report.get_absolute_url()),
    PublicPage(
        "too-many-reports",
        lambda site: site.report.get_absolute_url(),
        status=429,
        settings=(("REPORT_RATE_LIMIT", 1),),
        requests=2,
    ),
    PublicPage(
        "server-error",
        lambda site: reverse("test-failure"),
        status=500,
        settings=(("ROOT_URLCONF", "tests.browser.urls"),),
        standalone=True,
    ),
]


# Spot checks, pledges, court orders, mortgages, deregistration notices.
PAGES += filing_pages(PublicPage)


def page_path(page: PublicPage, site, language: str) -> str:
    with translation.override(language), override_settings(**dict(page.settings)):
        return page.path(site)


def build_site():
    """A small register that fills every section of every public page."""
    beijing_haidian, beijing_chaoyang, shanghai_pudong = (
        region("110108"),
        region("110105"),
        region("310115"),
    )
    regulator = AgencyFactory(
        name="北京市海淀区市场监督管理局",
        name_en="Haidian District Administration for Market Regulation, Beijing",
        region=beijing_haidian,
        credit_code=uscc.with_check_character("11110108MB0000010"),
    )
    tax_bureau = AgencyFactory(
        name="国家税务总局北京市税务局",
        name_en="Beijing Municipal Tax Service, State Taxation Administration",
        kind="tax",
        level="provincial",
        region=region("110000"),
    )
    court = CourtFactory(
        name="北京市海淀区人民法院",
        name_en="Haidian District People's Court, Beijing",
        court_code="京0108",
        region=beijing_haidian,
    )

    person = PersonFactory(name="王伟", name_pinyin="wang wei", id_masked="110108********2016")
    supervisor = PersonFactory(name="李娜", name_pinyin="li na", id_masked="310115********3021")

    holding = CompanyFactory(
        name="上海华信投资控股有限公司",
        name_en="Shanghai Huaxin Investment Holding Co., Ltd.",
        name_pinyin="shanghai huaxin touzi konggu youxian gongsi",
        name_initials="shhxtzkgyxgs",
        uscc=valid_code(1, "310115"),
        region=shanghai_pudong,
        legal_representative_name="李娜",
        legal_representative=supervisor,
        address="上海市浦东新区世纪大道100号",
        industry=Industry.objects.get(code="72"),
    )
    company = CompanyFactory(
        name="北京华信科技有限公司",
        name_en="Beijing Huaxin Technology Co., Ltd.",
        name_pinyin="beijing huaxin keji youxian gongsi",
        name_initials="bjhxkjyxgs",
        uscc=valid_code(2, "110108"),
        region=beijing_haidian,
        legal_representative_name=person.name,
        legal_representative=person,
        registered_capital=Decimal("5000000.00"),
        established_on=datetime.date(2015, 3, 12),
        term_start=datetime.date(2015, 3, 12),
        term_end=datetime.date(2045, 3, 11),
        registration_authority=regulator,
        address="北京市海淀区中关村大街27号8层801",
        business_scope="技术开发、技术咨询、技术服务；软件开发；计算机系统服务。",
    )
    branch = CompanyFactory(
        name="北京华信科技有限公司朝阳分公司",
        uscc=valid_code(3, "110105"),
        entity_type=Company.EntityType.BRANCH,
        head_office=company,
        region=beijing_chaoyang,
        legal_representative_name="李娜",
        registered_capital=None,
        established_on=datetime.date(2019, 8, 1),
    )

    FormerName.objects.create(
        company=company,
        name="北京华信网络技术有限公司",
        used_from=datetime.date(2015, 3, 12),
        used_until=datetime.date(2019, 6, 30),
    )
    Shareholding.objects.create(
        company=company,
        holder_person=person,
        subscribed_amount=Decimal("3000000.00"),
        share_percent=Decimal("60"),
        subscribed_on=datetime.date(2015, 3, 12),
    )
    Shareholding.objects.create(
        company=company,
        holder_company=holding,
        subscribed_amount=Decimal("2000000.00"),
        share_percent=Decimal("40"),
        subscribed_on=datetime.date(2018, 5, 20),
    )
    # Who stands behind the company (its page's shareholding tree): the holding
    # company is held by a group and a person, the group by a person and by a
    # company the company itself holds shares in (a cycle, marked as one).
    group = CompanyFactory(
        name="上海浦江实业集团有限公司",
        name_en="Shanghai Pujiang Industrial Group Co., Ltd.",
        uscc=valid_code(4, "310115"),
        region=shanghai_pudong,
        legal_representative_name="王伟",
    )
    subsidiary = CompanyFactory(
        name="北京智云软件有限公司",
        uscc=valid_code(5, "110108"),
        region=beijing_haidian,
        legal_representative_name="李娜",
    )
    for holder, held, percent in (
        (group, holding, "70"),
        (supervisor, holding, "30"),
        (person, group, "90"),
        (subsidiary, group, "10"),
        (company, subsidiary, "51"),
    ):
        Shareholding.objects.create(
            company=held,
            holder_company=holder if isinstance(holder, Company) else None,
            holder_person=None if isinstance(holder, Company) else holder,
            subscribed_amount=Decimal("1000000.00") * Decimal(percent) / 100,
            share_percent=Decimal(percent),
            subscribed_on=datetime.date(2018, 5, 20),
        )
    Officer.objects.create(
        company=company,
        person=person,
        role=Officer.Role.EXECUTIVE_DIRECTOR,
        since=datetime.date(2015, 3, 12),
    )
    Officer.objects.create(
        company=company,
        person=supervisor,
        role=Officer.Role.SUPERVISOR,
        since=datetime.date(2015, 3, 12),
    )
    Officer.objects.create(
        company=holding,
        person=person,
        role=Officer.Role.DIRECTOR,
        since=datetime.date(2018, 1, 1),
        until=datetime.date(2022, 12, 31),
    )

    # Penalties: a large one with two categories, and a small one, so that an
    # amount filter tells them apart. The facts hold markup, shown as text.
    large_penalty = PenaltyFactory(
        agency=regulator,
        company=company,
        decision_number="京海市监罚〔2025〕1024号",
        legal_representative=person.name,
        violation_facts="在其网站宣传“<b>国家级</b>最佳产品”，无事实依据。",
        penalty_content="罚款人民币二十万元，没收违法所得人民币一万二千元。",
        fine_amount=Decimal("200000.00"),
        confiscated_amount=Decimal("12000.00"),
        severity="serious",
        decided_on=datetime.date(2025, 6, 18),
        valid_until=datetime.date(2026, 6, 17),
        data_source="北京市市场监督管理局",
        categories=[PenaltyCategory.Category.FINE, PenaltyCategory.Category.CONFISCATION],
    )
    small_penalty = PenaltyFactory(
        agency=regulator,
        company=holding,
        decision_number="京海市监罚〔2024〕233号",
        violation_facts="未按规定公示年度报告。",
        penalty_content="罚款人民币五千元。",
        fine_amount=Decimal("5000.00"),
        # A general penalty is public for a year: keep it inside that whatever the date
        # the browser tests run on (they run on the real clock).
        decided_on=timezone.localdate() - datetime.timedelta(days=60),
    )

    licence = Licence.objects.create(
        agency=regulator,
        company=company,
        decision_number="京海市监许〔2023〕88号",
        licence_name="食品经营许可证",
        licence_number="JY11108000012345",
        kind=Licence.Kind.GENERAL,
        content="预包装食品销售",
        decided_on=datetime.date(2023, 2, 1),
        valid_from=datetime.date(2023, 2, 1),
        valid_until=datetime.date(2028, 1, 31),
    )

    case = CourtCaseFactory(
        court=court,
        court_code=court.court_code,
        year=2024,
        serial=1532,
        cause_of_action="买卖合同纠纷",
        procedure="一审",
        filed_on=datetime.date(2024, 3, 4),
        decided_on=datetime.date(2024, 9, 20),
        amount=Decimal("860000.00"),
        outcome="被告于判决生效之日起十日内支付货款人民币八十六万元。",
    )
    CasePartyFactory(case=case, company=holding, name=holding.name, role="plaintiff")
    CasePartyFactory(case=case, company=company, name=company.name, role="defendant")
    CasePartyFactory(case=case, company=None, person=person, name=person.name, role="third_party")

    current_entry = ListEntryFactory(
        company=company,
        subject_name=company.name,
        credit_list=credit_list("abnormal_operations"),
        reason="通过登记的住所或者经营场所无法联系",
        listed_on=datetime.date(2025, 4, 1),
        decision_number="京海市监异〔2025〕77号",
        authority=regulator,
    )
    # Removed in 2022: public a year after its removal, no longer (a 410 tombstone).
    old_entry = ListEntryFactory(
        company=company,
        subject_name=company.name,
        credit_list=credit_list("abnormal_operations"),
        reason="未按照规定期限公示年度报告",
        listed_on=datetime.date(2022, 7, 1),
        decision_number="京海市监异〔2022〕301号",
        authority=regulator,
        removed_on=datetime.date(2022, 10, 15),
        removal_reason="已补报年度报告并公示",
        removal_authority=regulator,
        removal_decision_number="京海市监移〔2022〕95号",
    )
    # A recent removal, which the list's page shows (removals of the last year).
    ListEntryFactory(
        company=holding,
        subject_name=holding.name,
        credit_list=credit_list("abnormal_operations"),
        reason="未按照规定期限公示年度报告",
        listed_on=datetime.date(2025, 7, 1),
        decision_number="京海市监异〔2025〕512号",
        authority=regulator,
        removed_on=timezone.localdate() - datetime.timedelta(days=30),
        removal_reason="已补报年度报告并公示",
        removal_authority=regulator,
        removal_decision_number="京海市监移〔2025〕140号",
    )
    debtor_entry = ListEntryFactory(
        company=company,
        subject_name=company.name,
        credit_list=credit_list("dishonest_debtor"),
        reason="有履行能力而拒不履行生效法律文书确定义务",
        listed_on=datetime.date(2025, 2, 10),
        decision_number="(2024)京0108执2210号",
        authority=court,
    )
    DishonestDebtor.objects.create(
        entry=debtor_entry,
        case_number="(2024)京0108执2210号",
        province=region("110000"),
        basis_document_number="(2024)京0108民初1532号",
        issuing_unit=court.name,
        obligations="支付货款人民币八十六万元及利息。",
        performance=DishonestDebtor.Performance.NOT_PERFORMED,
        conduct=DishonestDebtor.Conduct.REFUSES_TO_PAY,
        filed_on=datetime.date(2024, 12, 1),
        published_on=datetime.date(2025, 2, 10),
    )

    # Annual reports: one with its figures and an amendment, one whose
    # figures the company chose not to publish.
    filed = services.annual_report_file(
        company=company,
        year=2024,
        filed_on=datetime.date(2025, 5, 20),
        phone="010-62781234",
        email="office@huaxin.example.cn",
        postal_address=company.address,
        registered_address=company.address,
        employees=48,
        websites="https://www.huaxin.example.cn",
        investments=f"{holding.name}（{holding.uscc}）",
        contributions=[
            {
                "shareholder": person.name,
                "subscribed": "3000000.00",
                "subscribed_on": "2015-03-12",
                "paid_in": "3000000.00",
                "paid_on": "2016-03-12",
                "form": "货币",
            },
        ],
        equity_transfers=[
            {"shareholder": person.name, "before": "70", "after": "60", "changed_on": "2024-08-01"},
        ],
        total_assets=Decimal("18500000.00"),
        owners_equity=Decimal("7200000.00"),
        total_liabilities=Decimal("11300000.00"),
        revenue=Decimal("26400000.00"),
        main_business_revenue=Decimal("25100000.00"),
        profit=Decimal("-350000.00"),
        net_profit=Decimal("-350000.00"),
        tax_paid=Decimal("1270000.00"),
    ).obj
    services.annual_report_amend(
        report=filed,
        amended_on=datetime.date(2025, 7, 2),
        changes={"employees": "52", "postal_address": "北京市海淀区中关村大街27号9层901"},
    )
    services.annual_report_file(
        company=company,
        year=2023,
        filed_on=datetime.date(2024, 6, 3),
        employees=41,
        total_assets=Decimal("16100000.00"),
        figures_published=False,
    )

    scheme = RatingScheme.objects.create(
        code="tax_credit",
        name="纳税信用等级",
        name_en="Tax credit grade",
        agency=tax_bureau,
        grades=["A", "B", "M", "C", "D"],
    )
    Rating.objects.create(
        scheme=scheme,
        company=company,
        grade="B",
        period="2024",
        rated_on=datetime.date(2025, 4, 15),
        valid_until=datetime.date(2026, 4, 14),
    )

    # A credit report issued before the objection below, which then marks a
    # penalty "under objection": the report's page says the record changed.
    changed_report = report_issue(uscc=company.uscc, language="zh-hans")

    # An objection to the large penalty, waiting for the agency: the company
    # page marks the penalty "under objection".
    objection = services.objection_submit(
        record=large_penalty,
        grounds="wrong",
        description="罚款金额应为二万元。",
        contact="objector@example.org",
    )

    # A credit-repair application for it (serious: repair from a year after the decision).
    repair = services.repair_apply(
        penalty=large_penalty,
        applicant="王伟，法定代表人",
        evidence="罚款已缴清，违法宣传内容已全部删除。",
        contact="wang.wei@example.com",
    )

    # A report of the record as it now is, and one altered after issue.
    report = report_issue(uscc=company.uscc, language="zh-hans")
    altered_report = report_issue(uscc=company.uscc, language="en")
    IssuedReport.objects.filter(pk=altered_report.pk).update(
        content=altered_report.content.replace("¥200,000.00", "¥2,000.00")
    )

    filings = add_filings(company=company, regulator=regulator, court=court, person=person)

    refresh_statistics()
    return SimpleNamespace(
        **filings,
        report=report,
        changed_report=changed_report,
        altered_report=altered_report,
        objection=objection,
        repair=repair,
        company=company,
        holding=holding,
        branch=branch,
        person=person,
        agency=regulator,
        court=court,
        case=case,
        large_penalty=large_penalty,
        small_penalty=small_penalty,
        current_entry=current_entry,
        licence=licence,
        debtor_entry=debtor_entry,
        old_entry=old_entry,
    )
