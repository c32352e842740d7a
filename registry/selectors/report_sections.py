"""The sections of a credit report (``registry.selectors.report``): what the
company page's print view shows, as labelled values in the active language.

Each section is ``{"key", "title", "fields", "records", "empty"}``: ``fields``
are ``[label, value]`` pairs about the company, ``records`` its records, each
``{"id", "date", "heading", "under_objection", "fields"}``, and ``empty`` what
to say when there are neither. The "status" section has ``verdict`` (the
status box's verdict line) and ``facts`` (``{"tone", "severity", "text"}``,
by severity) besides; "ownership" has ``tree`` (``report_ownership``).
Every value is a string ("" for none): dates ISO, amounts with their
currency. Run under ``translation.override``: labels
and the names of choices are read in the language active.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from registry.names import display_name
from registry.selectors.company import CompanyReport
from registry.selectors.report_filings import annual_report_section, filing_sections


def report_sections(
    report: CompanyReport, *, language: str, status: dict[str, Any], ownership: dict[str, Any]
) -> list[dict[str, Any]]:
    """``status``: the status box as words (``verdict``, ``facts``);
    ``ownership``: the shareholding tree's section (``report_ownership``)."""
    company = report.company
    return [
        {**_section("status", _("Credit status today")), **status},
        _section("registration", _("Registration"), fields=_registration(report, language)),
        _section(
            "former_names",
            _("Former names"),
            records=[
                _record(
                    f"former-name-{index}",
                    former.used_until,
                    former.name,
                    [
                        (_label(former, "used_from"), _day(former.used_from)),
                        (_label(former, "used_until"), _day(former.used_until)),
                    ],
                )
                for index, former in enumerate(company.former_names.all(), start=1)
            ],
        ),
        _section(
            "shareholders",
            _("Shareholders"),
            records=[_shareholder(holding, language) for holding in company.shareholdings.all()],
            empty=_("No shareholders recorded."),
        ),
        ownership,
        _section(
            "officers",
            _("Key personnel"),
            records=[
                _record(
                    f"officer-{officer.pk}",
                    officer.since,
                    officer.person.name,
                    [
                        (_label(officer, "role"), officer.get_role_display()),
                        (_label(officer, "since"), _day(officer.since)),
                        (_label(officer, "until"), _day(officer.until)),
                    ],
                )
                for officer in company.officers.all()
            ],
            empty=_("No key personnel recorded."),
        ),
        _section(
            "branches",
            _("Branches"),
            records=[
                _record(
                    f"branch-{branch.uscc}",
                    None,
                    branch.name,
                    [
                        (_label(branch, "uscc"), branch.uscc),
                        (_label(branch, "status"), branch.get_status_display()),
                    ],
                )
                for branch in company.branches.all()
            ],
        ),
        _section(
            "changes",
            _("Change history"),
            records=[
                _record(
                    f"change-{index}",
                    change["date"],
                    str(change["label"]),
                    [(_("Before"), str(change["old"])), (_("After"), str(change["new"]))],
                )
                for index, change in enumerate(report.registration_changes, start=1)
            ],
        ),
        _section(
            "penalties",
            _("Administrative penalties"),
            records=[_penalty(penalty, company, language) for penalty in report.penalties],
            empty=_("No administrative penalties are public."),
        ),
        _section(
            "licences",
            _("Administrative licences"),
            records=[_licence(licence, language) for licence in report.licences],
            empty=_("No administrative licences are public."),
        ),
        _section(
            "court_cases",
            _("Court cases"),
            records=[_case(case, language) for case in report.cases],
            empty=_("No court cases are public."),
        ),
        _section(
            "list_entries",
            _("Credit lists"),
            records=[_entry(entry, language) for entry in report.list_entries],
            empty=_("This company has never been on a credit list."),
        ),
        _section(
            "dishonest_debtor",
            _("Dishonest judgment debtor"),
            records=[_debtor(entry, company, language) for entry in report.debtor_entries],
        ),
        _section(
            "ratings",
            _("Ratings"),
            records=[_rating(rating, language) for rating in report.ratings],
            empty=_("No ratings are public."),
        ),
        annual_report_section(report, _section, _record),
        *filing_sections(report, language, _section, _record),
        _section(
            "no_longer_published",
            _("Records no longer published"),
            fields=[(str(label), str(count)) for label, count in report.tombstones["reasons"]],
        ),
    ]


def _section(key, title, *, fields=(), records=(), empty=""):
    return {
        "key": key,
        "title": str(title),
        "fields": [[str(label), value] for label, value in fields],
        "records": list(records),
        "empty": str(empty),
    }


def _record(record_id, date, heading, fields, *, under_objection=False):
    return {
        "id": record_id,
        "date": _day(date),
        "heading": heading,
        "under_objection": bool(under_objection),
        "fields": [[str(label), value] for label, value in fields],
    }


def _label(obj, field_name: str) -> str:
    return str(capfirst(type(obj)._meta.get_field(field_name).verbose_name))


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def money(amount: Decimal | None, currency: str = "CNY") -> str:
    """``Decimal("12345")`` → "¥12,345.00"; another currency after the number."""
    if amount is None:
        return ""
    if currency == "CNY":
        return f"¥{Decimal(amount):,.2f}"
    return f"{Decimal(amount):,.2f} {currency}"


def _name(obj, language) -> str:
    return display_name(obj, language=language) if obj is not None else ""


def _registration(report, language):
    company = report.company
    if company.registered_capital is None:
        capital = ""
    else:
        capital = money(company.registered_capital, company.currency)
    if company.term_end:
        term = f"{_day(company.term_start)} – {_day(company.term_end)}"
    else:
        term = _("From %(start)s, long-term") % {
            "start": _day(company.term_start or company.established_on) or "–"
        }
    industry = ""
    if company.industry:
        industry = f"{company.industry.code} {_name(company.industry, language)}"
    return [
        (_label(company, "uscc"), company.uscc),
        (_label(company, "name"), company.name),
        (_label(company, "name_en"), company.name_en),
        (_label(company, "entity_type"), company.get_entity_type_display()),
        (_label(company, "legal_representative_name"), company.legal_representative_name),
        (_label(company, "registered_capital"), capital),
        (_label(company, "established_on"), _day(company.established_on)),
        (_("Business term"), term),
        (
            _label(company, "registration_authority"),
            _name(company.registration_authority, language),
        ),
        (_label(company, "status"), company.get_status_display()),
        (_label(company, "address"), company.address),
        (
            _label(company, "region"),
            " › ".join(_name(region, language) for region in report.region_path),
        ),
        (_label(company, "industry"), industry),
        (_label(company, "head_office"), _name(company.head_office, language)),
        (_label(company, "business_scope"), company.business_scope),
    ]


def _shareholder(holding, language):
    holder = holding.holder_company
    name = _name(holder, language) if holder else holding.holder_person.name
    return _record(
        f"shareholder-{holding.pk}",
        holding.subscribed_on,
        name,
        [
            (_("Shareholder"), _("company") if holder else _("person")),
            (
                _label(holding, "subscribed_amount"),
                money(holding.subscribed_amount, holding.currency),
            ),
            (_label(holding, "subscribed_on"), _day(holding.subscribed_on)),
            (
                _label(holding, "share_percent"),
                "" if holding.share_percent is None else f"{holding.share_percent:.2f}",
            ),
        ],
    )


def _agency(agency, language) -> str:
    if agency is None:
        return ""
    name = _name(agency, language)
    return f"{name} ({agency.credit_code})" if agency.credit_code else name


def _penalty(penalty, company, language):
    categories = "; ".join(category.get_category_display() for category in penalty.categories.all())
    return _record(
        f"penalty-{penalty.pk}",
        penalty.decided_on,
        penalty.decision_number,
        [
            (_label(penalty, "decision_number"), penalty.decision_number),
            (_label(penalty, "subject_name"), f"{penalty.subject_name} {company.uscc}"),
            (_label(penalty, "legal_representative"), penalty.legal_representative),
            (_label(penalty, "violation_type"), penalty.get_violation_type_display()),
            (_label(penalty, "violation_facts"), penalty.violation_facts),
            (_label(penalty, "legal_basis"), penalty.legal_basis),
            (capfirst(_("penalty categories")), categories),
            (_label(penalty, "penalty_content"), penalty.penalty_content),
            (_label(penalty, "fine_amount"), money(penalty.fine_amount)),
            (_label(penalty, "confiscated_amount"), money(penalty.confiscated_amount)),
            (_label(penalty, "licence_affected"), penalty.licence_affected),
            (_label(penalty, "decided_on"), _day(penalty.decided_on)),
            (_label(penalty, "valid_until"), _day(penalty.valid_until)),
            (_label(penalty, "publicity_until"), _day(penalty.publicity_ends_on)),
            (_label(penalty, "agency"), _agency(penalty.agency, language)),
            (_label(penalty, "data_source"), penalty.data_source),
        ],
        under_objection=getattr(penalty, "under_objection", False),
    )


def _licence(licence, language):
    return _record(
        f"licence-{licence.pk}",
        licence.decided_on,
        licence.licence_name,
        [
            (_label(licence, "kind"), licence.get_kind_display()),
            (_label(licence, "licence_number"), licence.licence_number),
            (_label(licence, "decision_number"), licence.decision_number),
            (_label(licence, "content"), licence.content),
            (_label(licence, "agency"), _agency(licence.agency, language)),
            (_label(licence, "decided_on"), _day(licence.decided_on)),
            (_label(licence, "valid_from"), _day(licence.valid_from)),
            (_label(licence, "valid_until"), _day(licence.valid_until)),
        ],
        under_objection=getattr(licence, "under_objection", False),
    )


def _party(party, language) -> str:
    name = _name(party.company, language) if party.company else party.name
    return f"{name} ({party.get_role_display()})"


def _case(case, language):
    return _record(
        f"case-{case.pk}",
        case.filed_on,
        case.case_number,
        [
            (_label(case, "case_number"), case.case_number),
            (_label(case, "court"), _name(case.court, language)),
            (
                _("Role of this company"),
                ", ".join(party.get_role_display() for party in case.own_parties),
            ),
            (
                _("Other parties"),
                "; ".join(_party(party, language) for party in case.other_parties),
            ),
            (_label(case, "cause_of_action"), case.cause_of_action),
            (_label(case, "case_type"), case.get_case_type_display()),
            (_label(case, "procedure"), case.procedure),
            (_label(case, "filed_on"), _day(case.filed_on)),
            (_label(case, "decided_on"), _day(case.decided_on)),
            (_label(case, "amount"), money(case.amount)),
            (_label(case, "outcome"), case.outcome),
        ],
        under_objection=getattr(case, "under_objection", False),
    )


def _entry(entry, language):
    fields = [
        (
            _label(entry, "credit_list"),
            f"{entry.list_name} ({entry.credit_list.get_kind_display()})",
        ),
        (_label(entry, "reason"), entry.reason),
        (_label(entry, "listed_on"), _day(entry.listed_on)),
        (_label(entry, "decision_number"), entry.decision_number),
        (_label(entry, "authority"), _name(entry.authority, language)),
    ]
    if not entry.is_open:
        fields += [
            (_label(entry, "removed_on"), _day(entry.removed_on)),
            (_label(entry, "removal_reason"), entry.removal_reason),
            (_label(entry, "removal_authority"), _name(entry.removal_authority, language)),
            (_label(entry, "removal_decision_number"), entry.removal_decision_number),
        ]
    return _record(
        f"entry-{entry.pk}",
        entry.listed_on,
        entry.list_name,
        fields,
        under_objection=getattr(entry, "under_objection", False),
    )


def _debtor(entry, company, language):
    debtor = entry.debtor
    return _record(
        f"debtor-{entry.pk}",
        debtor.published_on,
        debtor.case_number,
        [
            (_label(debtor, "case_number"), debtor.case_number),
            (_("Debtor"), f"{entry.subject_name} {company.uscc}"),
            (_label(company, "legal_representative_name"), company.legal_representative_name),
            (_("Enforcing court"), _name(entry.authority, language)),
            (_label(debtor, "province"), _name(debtor.province, language)),
            (_label(debtor, "basis_document_number"), debtor.basis_document_number),
            (_label(debtor, "filed_on"), _day(debtor.filed_on)),
            (_label(debtor, "issuing_unit"), debtor.issuing_unit),
            (_label(debtor, "obligations"), debtor.obligations),
            (_label(debtor, "performance"), debtor.get_performance_display()),
            (_label(debtor, "conduct"), debtor.get_conduct_display()),
            (_label(debtor, "published_on"), _day(debtor.published_on)),
        ],
    )


def _rating(rating, language):
    return _record(
        f"rating-{rating.pk}",
        rating.rated_on,
        _name(rating.scheme, language),
        [
            (_label(rating.scheme, "agency"), _name(rating.scheme.agency, language)),
            (_label(rating, "grade"), rating.grade),
            (_label(rating, "period"), rating.period),
            (_label(rating, "rated_on"), _day(rating.rated_on)),
            (_label(rating, "valid_until"), _day(rating.valid_until)),
        ],
        under_objection=getattr(rating, "under_objection", False),
    )
