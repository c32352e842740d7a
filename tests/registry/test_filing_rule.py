"""list_missing_annual_reports: from 1 July, a company in operation without
its report for the previous year goes on the abnormal-operations list on
ground 1, decided by its registration authority; a late report lets the
authority remove it with the reason "已补报年度报告"."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from registry import filing_rule, services
from registry.models import Company, ListEntry
from tests.factories import AgencyFactory, CompanyFactory
from tests.staff import make_staff

pytestmark = pytest.mark.django_db

D = datetime.date


def run(*args):
    out = StringIO()
    call_command("list_missing_annual_reports", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def authority():
    return AgencyFactory(name="北京市海淀区市场监督管理局")


@pytest.fixture
def missing(authority):
    """Established 2020, reported for 2024, not for 2025."""
    company = CompanyFactory(
        name="未报年报有限公司", established_on=D(2020, 5, 1), registration_authority=authority
    )
    services.annual_report_file(company=company, year=2024, filed_on=D(2025, 3, 1))
    return company


def entries(company):
    return ListEntry.objects.filter(company=company, credit_list__code="abnormal_operations")


def test_overdue_year_turns_on_1_july():
    assert filing_rule.overdue_year(D(2026, 6, 30)) == 2024
    assert filing_rule.overdue_year(D(2026, 7, 1)) == 2025
    assert filing_rule.overdue_year(D(2027, 1, 15)) == 2025


@time_machine.travel("2026-06-30 12:00 +0800", tick=False)
def test_nothing_is_listed_on_30_june(missing):
    output = run("--today", "2026-06-30")
    assert "Nothing to do" in output
    assert not entries(missing).exists()


@time_machine.travel("2026-07-01 09:00 +0800", tick=False)
def test_a_company_without_last_years_report_is_listed_on_1_july(missing, authority):
    output = run("--today", "2026-07-01")
    entry = entries(missing).get()
    assert entry.listed_on == D(2026, 7, 1)
    assert entry.authority == authority
    assert entry.reason == "未依照《企业信息公示暂行条例》第八条规定的期限公示2025年度报告"
    assert entry.decision_number == f"年报异〔2025〕{missing.uscc}号"
    assert entry.history.get().history_change_reason == "list_missing_annual_reports"
    assert "Listed as of 2026-07-01: 1 company(ies)" in output


@time_machine.travel("2026-08-15 09:00 +0800", tick=False)
def test_a_late_run_lists_once_and_a_second_run_changes_nothing(missing):
    run("--today", "2026-08-15")
    assert entries(missing).get().listed_on == D(2026, 7, 1)
    rows = ListEntry.history.count()
    output = run("--today", "2026-08-15")
    assert "Nothing to do" in output
    assert entries(missing).count() == 1
    assert ListEntry.history.count() == rows


@time_machine.travel("2026-07-01 09:00 +0800", tick=False)
def test_dry_run_writes_nothing(missing):
    output = run("--dry-run", "--today", "2026-07-01")
    assert "would list" in output and "Dry run, nothing written" in output
    assert not entries(missing).exists()


@time_machine.travel("2026-07-01 09:00 +0800", tick=False)
def test_exempt_companies_are_not_listed(authority):
    common = {"registration_authority": authority}
    new = CompanyFactory(established_on=D(2026, 2, 1), **common)
    last_year = CompanyFactory(established_on=D(2025, 12, 31), **common)
    individual = CompanyFactory(
        established_on=D(2018, 1, 1), entity_type=Company.EntityType.INDIVIDUAL_BUSINESS, **common
    )
    revoked = CompanyFactory(established_on=D(2018, 1, 1), status=Company.Status.REVOKED, **common)
    unknown = CompanyFactory(established_on=None, **common)
    filed = CompanyFactory(established_on=D(2018, 1, 1), **common)
    services.annual_report_file(company=filed, year=2025, filed_on=D(2026, 6, 30))
    run("--today", "2026-07-01")
    listed = set(ListEntry.objects.values_list("company_id", flat=True))
    # Established in 2025: its first report, for 2025, was due by 30 June 2026.
    assert listed == {last_year.pk}
    assert not {new.pk, individual.pk, revoked.pk, unknown.pk, filed.pk} & listed


@time_machine.travel("2026-07-01 09:00 +0800", tick=False)
def test_a_company_already_on_the_list_is_left_alone(missing, authority):
    services.list_entry_upsert(
        credit_list=filing_rule.CreditList.objects.get(code="abnormal_operations"),
        company=missing,
        reason="通过登记的住所或者经营场所无法联系",
        listed_on=D(2026, 3, 1),
        decision_number="京海市监异〔2026〕3号",
        authority=authority,
    )
    run("--today", "2026-07-01")
    assert entries(missing).count() == 1


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="--today"):
        run("--today", "1 July")


@time_machine.travel("2026-08-20 09:00 +0800", tick=False)
def test_removal_on_a_late_report_needs_the_report(missing, authority):
    run("--today", "2026-08-20")
    entry = entries(missing).get()
    maker, checker = make_staff(authority, "maker"), make_staff(authority, "checker")
    with pytest.raises(ValidationError, match="No annual report for 2025"):
        services.list_removal_request(
            entry=entry,
            user=maker,
            removed_on=D(2026, 8, 20),
            reason="已补报年度报告",
            decision_number="京海市监移〔2026〕1号",
        )
    services.annual_report_file(company=missing, year=2025, filed_on=D(2026, 8, 10))
    removal = services.list_removal_request(
        entry=entry,
        user=maker,
        removed_on=D(2026, 8, 20),
        reason="已补报年度报告",
        decision_number="京海市监移〔2026〕1号",
    )
    services.list_removal_approve(removal=removal, user=checker)
    entry.refresh_from_db()
    assert entry.removed_on == D(2026, 8, 20)
    assert entry.removal_reason == "已补报年度报告"
    # Removed on a late report: never listed again for that year.
    assert "Nothing to do" in run("--today", "2026-08-21")
