"""The company page's status box: one verdict, then the facts by severity.

The box is the first thing a citizen reads, so it must never reassure wrongly
and never alarm wrongly. ``status_of`` reads the company's report (what is
public today) and answers, in order of severity:

1. the registration status when the company is not in operation (revoked,
   deregistered, in liquidation, moved out), with what it means;
2. black lists, then warning lists (each with since when and why);
3. red lists, as commendations: never in the alarm style;
4. last year's annual report missing (from 1 July to 31 December:
   ``registry.selectors.annual_reports.missing_report``), restrictions in
   force on the legal representative, records under objection, the latest
   tax-credit grade, and the public fines of the last three years (their
   number and total).

Each fact has a ``tone`` (its severity), which the page shows as words and an
icon as well as a colour. The box takes the tone of its most severe fact
(notes aside, but for a company moved out); a red list alone makes it
``positive``, never ``alarm``.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connections, router

from registry.models import Company, CreditList, PenaltyCategory, Restriction
from registry.publicity_rules import add_months
from registry.selectors.annual_reports import MISSING_FACT, missing_report

# Tones, most severe first. The box takes the first of its facts' tones.
ALARM = "alarm"  # black list, licence revoked
WARNING = "warning"  # warning list, in liquidation, restriction on the legal representative
ENDED = "ended"  # deregistered: the company no longer exists
NOTICE = "notice"  # facts worth knowing: moved out, under objection, a grade, fines
POSITIVE = "positive"  # red list (commendation)
CALM = "calm"  # nothing to report
TONES = [ALARM, WARNING, ENDED, POSITIVE, NOTICE, CALM]

# The registration statuses that come first, with their tone.
STATUS_TONES = {
    Company.Status.REVOKED: ALARM,
    Company.Status.IN_LIQUIDATION: WARNING,
    Company.Status.DEREGISTERED: ENDED,
    Company.Status.MOVED_OUT: NOTICE,
}
LIST_TONES = {
    CreditList.Kind.BLACK: ALARM,
    CreditList.Kind.WARNING: WARNING,
    CreditList.Kind.RED: POSITIVE,
}
# The rating scheme whose latest grade the box names.
TAX_CREDIT_SCHEME = "tax-credit"
# Fines counted: those decided within this many months before today.
FINE_MONTHS = 36


@dataclass
class Fact:
    """One line of the box: ``kind`` names the sentence (the template words
    it), ``tone`` its severity, ``anchor`` the section or record it links to,
    and ``data`` what the sentence needs."""

    kind: str
    tone: str
    anchor: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Status:
    tone: str  # the box's: its most severe fact's
    verdict: Fact  # the fact the verdict line words: the most severe
    facts: list[Fact]  # by severity, the verdict's first
    concerns: int  # facts in the alarm or warning tone besides the verdict's


def status_of(report) -> Status:
    """The status box of a company's report
    (``registry.selectors.company.CompanyReport``). Reads the restrictions
    on the legal representative (one query, none without one); the rest
    comes from the report."""
    company, today = report.company, report.today
    facts = []
    if company.status in STATUS_TONES:
        facts.append(Fact(company.status, STATUS_TONES[company.status], "registration"))
    for kind in (CreditList.Kind.BLACK, CreditList.Kind.WARNING, CreditList.Kind.RED):
        for entry in report.open_entries:
            if entry.credit_list.kind == kind:
                facts.append(
                    Fact(f"list_{kind}", LIST_TONES[kind], f"entry-{entry.pk}", {"entry": entry})
                )
    missing = missing_report(company, report.annual_reports, today)
    if missing is not None:
        facts.append(Fact(MISSING_FACT, NOTICE, "annual-reports", {"year": missing}))
    restrictions = _restrictions(company, today)
    if restrictions:
        facts.append(Fact("restricted", WARNING, "registration", {"restrictions": restrictions}))
    objected = _under_objection(report)
    if objected:
        facts.append(Fact("objection", NOTICE, objected[0][1], {"count": len(objected)}))
    facts += _filing_facts(getattr(report, "filings", None))
    grade = _tax_grade(report.ratings)
    if grade is not None:
        facts.append(Fact("tax_grade", NOTICE, f"rating-{grade.pk}", {"rating": grade}))
    facts.append(Fact("fines", NOTICE if report.penalties else CALM, "penalties", _fines(report)))
    facts.append(
        Fact("cases", NOTICE if report.cases else CALM, "cases", {"count": len(report.cases)})
    )
    facts.sort(key=lambda fact: TONES.index(fact.tone))
    # Keep the registration status first, whatever its tone (it says what
    # the company may do at all), then the others by severity.
    facts.sort(key=lambda fact: fact.kind not in STATUS_TONES)
    verdict = _verdict(facts)
    # Notes (a grade, fines, an objection) do not colour the box; moving out does.
    tone = min(
        (fact.tone for fact in facts if fact.tone != NOTICE or fact.kind == "moved_out"),
        key=TONES.index,
        default=CALM,
    )
    concerns = sum(1 for fact in facts if fact is not verdict and fact.tone in (ALARM, WARNING))
    return Status(tone=tone, verdict=verdict, facts=facts, concerns=concerns)


def _verdict(facts):
    """The fact the verdict line words: the registration status when the
    company is not in operation, else the most severe list, else the
    clean bill ("not on any credit list") with the fines."""
    for fact in facts:
        if fact.kind in STATUS_TONES or fact.kind.startswith("list_"):
            return fact
    return Fact("clear", CALM, "lists")


def _restrictions(company, today):
    person = company.legal_representative_id
    if person is None or not _ever_restricted(person):
        return []
    return list(
        Restriction.objects.public(today)
        .filter(person_id=company.legal_representative_id)
        .select_related("company")
        .order_by("ends_on", "pk")
    )


def _ever_restricted(person_id) -> bool:
    """Whether any restriction names the person, whatever its dates: a
    small query written out, which spares almost every company page the
    ORM's compiling of the one above (about 1 ms of CPU)."""
    connection = connections[router.db_for_read(Restriction)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        table, column = quote(Restriction._meta.db_table), quote("person_id")
        cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s LIMIT 1", [person_id])
        return cursor.fetchone() is not None


def _under_objection(report):
    """(record, anchor) of each public record an objection waits on."""
    kinds = [
        (report.penalties, "penalty"),
        (report.licences, "licence"),
        (report.cases, "case"),
        (report.list_entries, "entry"),
        (report.ratings, "rating"),
    ]
    return [
        (record, f"{prefix}-{record.pk}")
        for records, prefix in kinds
        for record in records
        if getattr(record, "under_objection", False)
    ]


def _tax_grade(ratings):
    """The newest public tax-credit rating (ratings come newest first)."""
    for rating in ratings:
        if rating.scheme.code == TAX_CREDIT_SCHEME:
            return rating
    return None


def _fines(report) -> dict[str, Any]:
    """The public penalties of the last three years that impose a fine:
    how many, and their total amount; and the number of public penalties."""
    since = add_months(report.today, -FINE_MONTHS)
    fines = [
        penalty for penalty in report.penalties if penalty.decided_on > since and _is_fine(penalty)
    ]
    total = sum((penalty.fine_amount or Decimal(0) for penalty in fines), Decimal(0))
    return {
        "penalties": len(report.penalties),
        "fines": len(fines),
        "total": total,
        "since": since + datetime.timedelta(days=1),
    }


def _is_fine(penalty) -> bool:
    return any(
        category.category == PenaltyCategory.Category.FINE for category in penalty.categories.all()
    )


def _filing_facts(filings) -> list:
    """The status box's facts from these sections: equity frozen by a court
    (a warning), a simplified-deregistration notice running (a warning: a
    creditor must object before its last day), equity pledged (a note)."""
    if filings is None:
        return []
    facts = []
    notice = filings.running_notice
    if notice is not None:
        facts.append(
            Fact(
                "deregistration_notice",
                WARNING,
                f"deregistration-{notice.pk}",
                {"notice": notice},
            )
        )
    freezes = filings.freezes
    if freezes:
        facts.append(
            Fact("equity_frozen", WARNING, f"judicial-{freezes[0].pk}", {"freezes": freezes})
        )
    pledges = filings.valid_pledges
    if pledges:
        total = sum((pledge.amount or Decimal(0) for pledge in pledges), Decimal(0))
        facts.append(
            Fact(
                "equity_pledged",
                NOTICE,
                f"pledge-{pledges[0].pk}",
                {"pledges": pledges, "count": len(pledges), "total": total},
            )
        )
    return facts
