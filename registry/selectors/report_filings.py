"""The credit report's sections for annual reports and the rest of the
national system's page (spot checks, pledges, court orders on equity,
mortgages, IP pledges, deregistration notices): what the company page shows
of them, as the labelled values of ``registry.selectors.report_sections``.

Annual reports carry their financial figures only where the company chose
to publish them, and an amendment of a figure it does not publish carries
no values (``registry.selectors.annual_reports``, the page's own rule).
Objections to a deregistration notice are those the page shows (decided
ones), without the objector's contact.
"""

import datetime
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from registry.models.annual import FIGURES
from registry.money import yuan
from registry.names import display_name


def annual_report_section(report, section, record):
    """The section of the company's public annual reports, newest year first.
    ``section`` and ``record`` make a section and a record (report_sections)."""
    return section(
        "annual_reports",
        _("Annual reports"),
        records=[_annual_report(annual, record) for annual in report.annual_reports],
        empty=_("No annual report is public."),
    )


def filing_sections(report, language, section, record):
    """One section per kind the company page shows, each only when the
    company has such records (as on the page)."""
    filings = report.filings
    if filings is None:
        return []
    kinds = [
        ("deregistration_notices", _("Simplified deregistration"), filings.notices, _notice),
        (
            "judicial_assistance",
            _("Judicial assistance (equity freezes and transfers)"),
            filings.judicial,
            _judicial,
        ),
        ("equity_pledges", _("Equity pledges"), filings.equity_pledges, _pledge),
        ("spot_checks", _("Spot-check results"), filings.spot_checks, _spot_check),
        ("chattel_mortgages", capfirst(_("chattel mortgages")), filings.mortgages, _mortgage),
        ("ip_pledges", _("IP pledges"), filings.ip_pledges, _ip_pledge),
    ]
    return [
        section(key, title, records=[make(item, language, record) for item in items])
        for key, title, items, make in kinds
        if items
    ]


def _label(obj, name: str) -> str:
    return str(capfirst(type(obj)._meta.get_field(name).verbose_name))


def _value(obj, name: str, language) -> str:
    """A field as the report writes it: choices by their label, dates ISO,
    amounts in yuan, agencies by name, numbers and text as they are."""
    field = type(obj)._meta.get_field(name)
    value = getattr(obj, name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    if field.is_relation:
        return display_name(value, language=language)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return yuan(value)
    return str(value)


def _fields(obj, names, language):
    return [(_label(obj, name), _value(obj, name, language)) for name in names]


def _annual_report(annual, record):
    names = ["filed_on", "operating_status", "employees", "phone", "email"]
    names += ["postal_address", "registered_address", "websites", "investments"]
    names += ["contributions", "equity_transfers", "guarantees"]
    fields = _fields(annual, names, None)
    if annual.figures is None:
        fields.append((_("Financial figures"), _("Not published by the company.")))
    else:
        fields += _fields(annual, FIGURES, None)
    for amendment in annual.public_amendments:
        if amendment.old_value is None:
            change = _("Not published by the company.")
        else:
            change = f"{amendment.old_value} → {amendment.new_value}"
        fields.append(
            (
                _("Amended %(date)s: %(field)s")
                % {
                    "date": amendment.amended_on.isoformat(),
                    "field": amendment.label,
                },
                change,
            )
        )
    heading = _("Annual report for %(year)s") % {"year": annual.year}
    return record(f"annual-report-{annual.year}", annual.filed_on, heading, fields)


def _notice(notice, language, record):
    fields = _fields(notice, ["starts_on", "ends_on", "agency", "outcome", "outcome_on"], language)
    for objection in notice.handled_objections:
        fields.append(
            (
                _("Objection %(reference)s") % {"reference": objection.reference},
                " · ".join(
                    part
                    for part in (
                        objection.get_objector_kind_display(),
                        objection.reason,
                        objection.get_state_display(),
                        objection.reply,
                    )
                    if part
                ),
            )
        )
    heading = capfirst(_("simplified-deregistration notice"))
    return record(f"deregistration-{notice.pk}", notice.starts_on, heading, fields)


def _judicial(order, language, record):
    names = ["subject_name", "amount", "notice_number", "agency", "period_from", "period_until"]
    fields = _fields(order, [*names, "published_on"], language)
    return record(f"judicial-{order.pk}", order.published_on, order.get_kind_display(), fields)


def _registered(obj, language):
    names = ["registration_number", "registered_on", "status", "cancelled_on"]
    return _fields(obj, [*names, "cancellation_reason", "agency"], language)


def _pledge(pledge, language, record):
    fields = _fields(pledge, ["pledgor_name", "amount", "pledgee_name"], language)
    fields += _registered(pledge, language)
    return record(f"pledge-{pledge.pk}", pledge.registered_on, pledge.pledgor_name, fields)


def _spot_check(check, language, record):
    fields = _fields(check, ["checked_on", "check_type", "result", "remarks", "agency"], language)
    return record(f"spot-check-{check.pk}", check.checked_on, check.get_result_display(), fields)


def _secured(obj, language):
    return _fields(obj, ["secured_amount", "debt_from", "debt_until"], language)


def _mortgage(mortgage, language, record):
    fields = _fields(mortgage, ["collateral"], language) + _secured(mortgage, language)
    fields += _registered(mortgage, language)
    heading = mortgage.registration_number
    return record(f"mortgage-{mortgage.pk}", mortgage.registered_on, heading, fields)


def _ip_pledge(pledge, language, record):
    fields = _fields(pledge, ["ip_kind", "ip_name", "pledgee_name"], language)
    fields += _secured(pledge, language) + _registered(pledge, language)
    heading = pledge.ip_name or pledge.get_ip_kind_display()
    return record(f"ip-pledge-{pledge.pk}", pledge.registered_on, heading, fields)
