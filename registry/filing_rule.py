"""The annual-report filing rule, enforced by the software (the command
``list_missing_annual_reports``).

Every company files its report for year Y-1 between 1 January and 30 June of
year Y (Interim Regulations on Enterprise Information Publicity, art. 8). On
or after 1 July of year Y, a company that must report for Y-1 and has no
published report for it goes on the abnormal-operations list on ground 1
(not filing the annual report), decided by its registration authority, dated
1 July of Y (the day the rule was broken, whichever day the command runs).

Who must report for year R (how the rules are read here):

- a company established in year R or later does not: a company files first,
  in the year after it was established, for the year it was established (one
  established in 2025 files its first report, for 2025, in 2026, so it is not
  listed on 1 July 2025 for 2024, nor for anything before); a company with no
  establishment date on record is not listed (its obligation is unknown);
- individual businesses (个体工商户) do not: they file a shorter report under
  their own rules (Measures on Annual Reports of Individual Businesses), and
  one that does not file is marked "abnormal" in its own record rather than
  put on the abnormal-operations list of companies, which this site does not
  model; they may still file, and their reports are shown;
- only companies in operation: a company revoked, deregistered, in
  liquidation or moved out is not listed;
- a company with an open abnormal-operations entry (on another ground) is
  left alone: a company is on a list once at a time; the next run after that
  entry is removed lists it if its report is still missing;
- a company without a registration authority on record is reported and left
  alone (no authority to decide).

Only the latest year whose deadline has passed is checked: on 15 January
2027 it is 2025 (the 2026 reports are not yet due).

Idempotent: the entry's decision number names the year and the company
(``年报异〔R〕<code>号``); a company once listed for R is never listed for R
again, even after that entry was removed on a late report. A late report
lets the authority approve a removal with the reason "已补报年度报告"
(``services.annual_reports.late_report_removal_check`` refuses it while no
report for the year is on record).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from registry import publicity_rules, services
from registry.models import AnnualReport, Company, CreditList, ListEntry
from registry.models.base import RecordState

COMMAND = "list_missing_annual_reports"
# The last day to file for the previous year: (month, day).
DEADLINE = (6, 30)
EXEMPT_ENTITY_TYPES = frozenset({Company.EntityType.INDIVIDUAL_BUSINESS})
# The listing's wording, and reading its year back: registry.services.annual_reports.
REASON = services.annual_reports.MISSING_REPORT_REASON
DECISION_PREFIX = services.annual_reports.MISSING_REPORT_DECISION_PREFIX


def overdue_year(today: datetime.date) -> int:
    """The latest year whose reports were due by ``today``: Y-1 from 1 July
    of Y, Y-2 until 30 June."""
    if (today.month, today.day) > DEADLINE:
        return today.year - 1
    return today.year - 2


def listing_day(year: int) -> datetime.date:
    """The day a company without its report for ``year`` is listed."""
    month, day = DEADLINE
    return datetime.date(year + 1, month, day) + datetime.timedelta(days=1)


def must_report(company, year: int) -> bool:
    """Whether ``company`` must have filed its report for ``year`` (see the
    module's doc); pure, for plain objects too."""
    return (
        company.status == Company.Status.IN_OPERATION
        and company.entity_type not in EXEMPT_ENTITY_TYPES
        and company.established_on is not None
        and company.established_on.year <= year
    )


def decision_number(company, year: int) -> str:
    return f"{DECISION_PREFIX.format(year=year)}{company.uscc}号"


@dataclass
class Step:
    company: Company
    year: int
    note: str = ""

    @property
    def listed_on(self) -> datetime.date:
        return listing_day(self.year)

    def describe(self, dry_run: bool) -> str:
        who = f"{self.company.name} ({self.company.uscc})"
        if self.note:
            return f"{who}: no report for {self.year}, not listed: {self.note}"
        verb = "would list" if dry_run else "listed"
        return (
            f"{who}: no report for {self.year}, {verb} on the abnormal-operations list "
            f"as of {self.listed_on} (decision {decision_number(self.company, self.year)})"
        )


def candidates(year: int):
    """Companies that must report for ``year``, have no published report for
    it, and were never listed for it."""
    abnormal = CreditList.objects.get(code=publicity_rules.ABNORMAL_OPERATIONS_LIST)
    reported = AnnualReport.objects.filter(
        company_id=OuterRef("pk"), year=year, state=RecordState.PUBLISHED
    )
    open_entry = ListEntry.objects.filter(
        company_id=OuterRef("pk"), credit_list=abnormal, removed_on__isnull=True
    ).exclude(state=RecordState.WITHDRAWN)
    listed_for_year = ListEntry.objects.filter(
        company_id=OuterRef("pk"),
        credit_list=abnormal,
        decision_number__startswith=DECISION_PREFIX.format(year=year),
    )
    return (
        Company.objects.filter(
            status=Company.Status.IN_OPERATION,
            established_on__lt=datetime.date(year + 1, 1, 1),
        )
        .exclude(entity_type__in=EXEMPT_ENTITY_TYPES)
        .exclude(Exists(reported))
        .exclude(Exists(listed_for_year))
        .exclude(Exists(open_entry))
        .select_related("registration_authority")
        .order_by("pk")
    )


def plan(today: datetime.date) -> list[Step]:
    """What remains to be done on ``today``; empty when everything was done."""
    year = overdue_year(today)
    steps = []
    for company in candidates(year).iterator(chunk_size=2000):
        if not must_report(company, year):
            continue
        note = "" if company.registration_authority_id else "no registration authority on record"
        steps.append(Step(company, year, note))
    return steps


def carry_out(step: Step) -> None:
    if step.note:
        return
    services.list_entry_upsert(
        credit_list=CreditList.objects.get(code=publicity_rules.ABNORMAL_OPERATIONS_LIST),
        company=step.company,
        reason=REASON.format(year=step.year),
        listed_on=step.listed_on,
        decision_number=decision_number(step.company, step.year),
        authority=step.company.registration_authority,
        change_reason=COMMAND,
    )
