"""Annual reports: filing (import, admin) and amendments after filing.

A report filed through the filing system arrives by import and is published
as it is (``annual_report_file``, a trusted channel like the other imports);
one entered by hand in the admin goes through maker-checker
(``services.record_save`` and the review steps, which run
``annual_report_rules``). Once published, a report changes only by an
amendment (``annual_report_amend``): each changed field is recorded with its
date and its old and new values, and the report takes the new values, both
with their history.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import AnnualReport, AnnualReportAmendment, Company, ListEntry
from registry.models.annual import AMENDABLE_FIELDS, CONTRIBUTION_PARTS, FIGURES, TRANSFER_PARTS
from registry.models.base import RecordState
from registry.services.guards import check_same_agency, require_state
from registry.services.saving import Outcome, _reviewed_entry, _save, _save_with_reason

# The removal reason of an abnormal-operations entry cured by a late report.
LATE_REPORT_REMOVAL = "已补报年度报告"


def annual_report_rules(report: AnnualReport) -> None:
    """The rules a report meets beyond its fields' own, whichever channel
    writes it: filed after its year ended, not in the future, and not for a
    year before the company was established."""
    errors = {}
    year, filed_on = report.year, report.filed_on
    if year and filed_on:
        if filed_on.year <= year:
            errors["filed_on"] = _("A report for %(year)s is filed from 1 January %(next)s on.") % {
                "year": year,
                "next": year + 1,
            }
        elif filed_on > timezone.localdate():
            errors["filed_on"] = _("A report cannot be filed in the future.")
    for field, parts, amounts in (
        ("contributions", CONTRIBUTION_PARTS, ("subscribed", "paid_in")),
        ("equity_transfers", TRANSFER_PARTS, ("before", "after")),
    ):
        problem = _items_problem(getattr(report, field), parts, amounts)
        if problem:
            errors[field] = problem
    company = report.company if report.company_id else None
    if year and company is not None and company.established_on:
        if year < company.established_on.year:
            errors["year"] = _(
                "%(company)s was established in %(established)s: it has no report for %(year)s."
            ) % {"company": company.name, "established": company.established_on.year, "year": year}
    if errors:
        raise ValidationError(errors)


def _items_problem(items, parts, amounts) -> str:
    """What is wrong with a list of contributions or transfers, or ""."""
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return _("A list of objects with the keys %(parts)s.") % {"parts": ", ".join(parts)}
    for item in items:
        unknown = set(item) - set(parts)
        if unknown:
            return _("Unknown keys %(keys)s; the keys are %(parts)s.") % {
                "keys": ", ".join(sorted(unknown)),
                "parts": ", ".join(parts),
            }
        for key in amounts:
            value = item.get(key)
            if value in (None, ""):
                continue
            try:
                Decimal(str(value))
            except InvalidOperation:
                return _("%(key)s must be a number, not “%(value)s”.") % {
                    "key": key,
                    "value": value,
                }
    return ""


@transaction.atomic
def annual_report_file(
    *,
    company: Company,
    year: int,
    filed_on: datetime.date,
    change_reason: str = "",
    state: str | None = None,
    entered_by=None,
    **values,
) -> Outcome:
    """Record the report of ``company`` for ``year`` (once: the same report
    imported again changes nothing). ``values``: the report's other fields.
    ``state`` and ``entered_by``: as for :func:`services.penalty_upsert`."""
    unknown = set(values) - {f.name for f in AnnualReport._meta.concrete_fields}
    if unknown:
        raise ValueError(f"not fields of an annual report: {sorted(unknown)}")
    report = AnnualReport(company=company, year=year, filed_on=filed_on)
    if entered_by is not None:
        # The admin's import: only the companies the uploader's authority registers.
        check_same_agency(report, entered_by)
    annual_report_rules(report)
    return _save(
        AnnualReport,
        {"company": company, "year": year},
        {"filed_on": filed_on, **values},
        change_reason,
        _reviewed_entry(state, entered_by),
    )


def shown_value(report: AnnualReport, field: str) -> str:
    """A field's value as an amendment records it (text)."""
    value = getattr(report, field)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _parsed(field: str, text: str):
    """The value of ``field`` an amendment's text gives; ValidationError if
    it is not one."""
    model_field = AnnualReport._meta.get_field(field)
    text = text.strip()
    if field == "figures_published":
        if text.lower() not in ("true", "false"):
            raise ValidationError({"new_value": _("Give true or false.")})
        return text.lower() == "true"
    if field in FIGURES:
        if not text:
            return None
        try:
            return Decimal(text.replace(",", "")).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValidationError({"new_value": _("Give an amount in yuan.")}) from None
    if field == "employees":
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError({"new_value": _("Give a whole number.")})
        return int(text)
    if model_field.choices and text not in dict(model_field.choices):
        raise ValidationError(
            {
                "new_value": _("Choose one of: %(values)s.")
                % {"values": ", ".join(dict(model_field.choices))}
            }
        )
    return text


@transaction.atomic
def annual_report_amend(
    *,
    report: AnnualReport,
    amended_on: datetime.date,
    changes: dict[str, str],
    user=None,
    change_reason: str = "",
) -> list[AnnualReportAmendment]:
    """Amend a published report: for each field of ``changes`` (its new value
    as text) that differs from the report's, an amendment with the old and new
    values; the report takes the new values. ``user`` (the admin's) must be
    of the company's registration authority; the import passes none."""
    if user is not None:
        check_same_agency(report, user)
    require_state(report, RecordState.PUBLISHED)
    errors = {}
    unknown = [field for field in changes if field not in AMENDABLE_FIELDS]
    if unknown:
        errors["field"] = _("These fields cannot be amended: %(fields)s.") % {
            "fields": ", ".join(unknown)
        }
    if amended_on < report.filed_on:
        errors["amended_on"] = _("An amendment cannot be dated before the filing (%(date)s).") % {
            "date": report.filed_on.isoformat()
        }
    elif amended_on > timezone.localdate():
        errors["amended_on"] = _("An amendment cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    amendments = []
    for field, text in changes.items():
        value = _parsed(field, text)
        old = shown_value(report, field)
        setattr(report, field, value)
        new = shown_value(report, field)
        if old == new:
            continue
        amendment = AnnualReportAmendment(
            report=report, amended_on=amended_on, field=field, old_value=old, new_value=new
        )
        if user is not None:
            amendment._history_user = user
        amendment.full_clean(exclude=["report"])
        _save_with_reason(amendment, change_reason or _("amended after filing"))
        amendments.append(amendment)
    if not amendments:
        raise ValidationError({"new_value": _("The amendment changes nothing.")})
    report.full_clean(exclude=["company"], validate_unique=False, validate_constraints=False)
    if user is not None:
        report._history_user = user
    _save_with_reason(report, change_reason or _("amended after filing"))
    return amendments


def annual_report_on_record(company_id: int, year: int) -> bool:
    """Whether a published report of the company for ``year`` is on record."""
    return AnnualReport.objects.filter(
        company_id=company_id, year=year, state=RecordState.PUBLISHED
    ).exists()


# How the filing rule (registry.filing_rule) words a listing for a missing report.
MISSING_REPORT_REASON = "未依照《企业信息公示暂行条例》第八条规定的期限公示{year}年度报告"
MISSING_REPORT_DECISION_PREFIX = "年报异〔{year}〕"
_YEAR_IN_REASON = re.compile(r"(\d{4})年度报告")
_YEAR_IN_NUMBER = re.compile(r"年报异〔(\d{4})〕")


def year_of_listing(entry: ListEntry) -> int:
    """The year whose report an abnormal-operations entry on ground 1 is
    about: named in its reason or its decision number, else the year
    before it was listed."""
    for pattern, text in (
        (_YEAR_IN_REASON, entry.reason),
        (_YEAR_IN_NUMBER, entry.decision_number),
    ):
        found = pattern.search(text or "")
        if found:
            return int(found.group(1))
    return entry.listed_on.year - 1


def late_report_removal_check(entry: ListEntry, reason: str) -> None:
    """A removal "已补报年度报告" (a late report filed) needs that report on
    record: the report for the year the entry was listed for."""
    if LATE_REPORT_REMOVAL not in (reason or ""):
        return
    year = year_of_listing(entry)
    if entry.company_id is None or not annual_report_on_record(entry.company_id, year):
        raise ValidationError(
            {
                "reason": _(
                    "No annual report for %(year)s is on record: the company must file it "
                    "before it is removed on this ground."
                )
                % {"year": year}
            }
        )
