"""The pages of spot checks, pledges, court orders, mortgages and
deregistration notices for the browser and page walks (``tests.browser.pages``):
records of every kind on the walked company (so its page shows every section
and status fact), a notice running today with its objection form, one whose
period is over, and an objection's status page."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from registry import publicity_rules, services
from registry.models import (
    ChattelMortgage,
    DeregistrationNotice,
    EquityPledge,
    IpPledge,
    JudicialAssistance,
    SpotCheck,
)
from tests.factories import CompanyFactory, valid_code


def add_filings(*, company, regulator, court, person):
    """Records of every kind for ``company``; returns what the pages need."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    SpotCheck.objects.create(
        company=company,
        agency=regulator,
        checked_on=today - 200 * day,
        check_type="random",
        result="corrected",
        remarks="经营场所消防通道堵塞，已当场整改",
    )
    EquityPledge.objects.create(
        company=company,
        agency=regulator,
        registration_number="110108202500012",
        registered_on=today - 300 * day,
        pledgor_name=person.name,
        pledgor_person=person,
        pledgee_name="北京银行股份有限公司海淀支行",
        amount=Decimal("500000.00"),
    )
    JudicialAssistance.objects.create(
        company=company,
        agency=court,
        notice_number="(2025)京0108执1234号",
        kind="freeze",
        subject_name=person.name,
        subject_person=person,
        amount=Decimal("300000.00"),
        period_from=today - 100 * day,
        period_until=today + 995 * day,
        published_on=today - 99 * day,
    )
    ChattelMortgage.objects.create(
        company=company,
        agency=regulator,
        registration_number="京海市监抵字2025第0031号",
        registered_on=today - 400 * day,
        secured_amount=Decimal("1200000.00"),
        debt_from=today - 400 * day,
        debt_until=today + 330 * day,
        collateral="数控机床十二台",
    )
    IpPledge.objects.create(
        company=company,
        agency=regulator,
        registration_number="Y2025110000123",
        registered_on=today - 250 * day,
        ip_kind="patent",
        ip_name="一种数据压缩方法",
        pledgee_name="中国银行股份有限公司北京海淀支行",
        status="cancelled",
        cancelled_on=today - 20 * day,
        cancellation_reason="主债权消灭",
    )
    running = _notice(company, regulator, today - 5 * day)
    # Another company's notice, over, with an objection the authority rejected.
    closed_company = CompanyFactory(
        uscc=valid_code(40, "110108"),
        name="北京已注销测试贸易有限公司",
        registration_authority=regulator,
    )
    over = _notice(closed_company, regulator, today - 60 * day)
    objection = services.deregistration_objection_submit(
        notice=running,
        objector_kind="creditor",
        reason="该公司尚欠我方货款十万元未付。",
        contact="creditor@example.org",
        today=today,
    )
    return {"running_notice": running, "over_notice": over, "notice_objection": objection}


def _notice(company, agency, starts_on):
    return DeregistrationNotice.objects.create(
        company=company,
        agency=agency,
        starts_on=starts_on,
        ends_on=publicity_rules.deregistration_notice_ends_on(starts_on),
    )


def _objection_form(notice_attr):
    return lambda site: reverse(
        "publicity:deregistration-objection-new", args=[getattr(site, notice_attr).pk]
    )


def filing_pages(page_class):
    """The pages to walk (``PublicPage`` passed in: no import cycle)."""
    return [
        page_class(
            "deregistration-objection-form",
            lambda site: reverse(
                "publicity:deregistration-objection-new", args=[site.running_notice.pk]
            ),
        ),
        page_class(
            "deregistration-period-over",
            lambda site: reverse(
                "publicity:deregistration-objection-new", args=[site.over_notice.pk]
            ),
            status=410,
        ),
        page_class(
            "deregistration-objection-status",
            lambda site: site.notice_objection.get_absolute_url() + "?sent=1",
        ),
    ]
