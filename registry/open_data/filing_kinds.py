"""The open-data kinds of the rest of the national system's company page
(``registry.models.filings``, ``registry.models.deregistration``): the
company's downloads, the bulk dumps and the /data/ page's field reference
read them from ``registry.open_data.kinds.KINDS``."""

from registry import models as m
from registry.open_data.kinds import Kind, _c, _name, _uscc


def _common(what: str) -> tuple:
    return (
        _c("id", lambda r: r.pk, "Record number on this site."),
        _c("uscc", _uscc, f"Credit code of the company {what}."),
    )


def _authority(about: str) -> tuple:
    return (
        _c("authority", lambda r: _name(r.agency), about),
        _c("authority_id", lambda r: r.agency_id, "The authority's number (agencies.id)."),
    )


def _registration() -> tuple:
    return (
        _c("registration_number", lambda r: r.registration_number, "Registration number."),
        _c("registered_on", lambda r: r.registered_on, "Date registered."),
        _c("status", lambda r: r.status, "valid or cancelled."),
        _c("cancelled_on", lambda r: r.cancelled_on, "Date cancelled, if cancelled."),
        _c("cancellation_reason", lambda r: r.cancellation_reason, "Reason cancelled."),
    )


def _secured() -> tuple:
    return (
        _c("secured_amount", lambda r: r.secured_amount, "Amount secured, in yuan."),
        _c("debt_from", lambda r: r.debt_from, "Debt term from."),
        _c("debt_until", lambda r: r.debt_until, "Debt term until."),
    )


SPOT_CHECKS = Kind(
    "spot_checks",
    "Spot-check results.",
    (
        *_common("checked"),
        *_authority("Inspecting authority."),
        _c("checked_on", lambda r: r.checked_on, "Date checked."),
        _c("check_type", lambda r: r.check_type, "random or targeted."),
        _c("result", lambda r: r.result, "Result (model value)."),
        _c("remarks", lambda r: r.remarks, "Remarks."),
    ),
    public=lambda today: m.SpotCheck.objects.public(today),
    related=("company", "agency"),
)

EQUITY_PLEDGES = Kind(
    "equity_pledges",
    "Equity pledges registered, valid and cancelled.",
    (
        *_common("whose equity is pledged"),
        *_authority("Registration authority."),
        *_registration(),
        _c("pledgor", lambda r: r.pledgor_name, "The shareholder who pledged."),
        _c("pledgee", lambda r: r.pledgee_name, "The creditor."),
        _c("amount", lambda r: r.amount, "Equity pledged, in yuan of contribution."),
    ),
    public=lambda today: m.EquityPledge.objects.public(today),
    related=("company", "agency"),
)

JUDICIAL_ASSISTANCE = Kind(
    "judicial_assistance",
    "Courts' orders on shareholders' equity: freezes, renewals, unfreezing, forced transfers.",
    (
        *_common("whose equity is concerned"),
        *_authority("Enforcing court."),
        _c("notice_number", lambda r: r.notice_number, "Enforcement notice number."),
        _c("kind", lambda r: r.kind, "freeze, renewal, unfreeze or transfer."),
        _c("subject", lambda r: r.subject_name, "Person subject to enforcement."),
        _c("amount", lambda r: r.amount, "Equity concerned, in yuan."),
        _c("period_from", lambda r: r.period_from, "Period from."),
        _c("period_until", lambda r: r.period_until, "Period until."),
        _c("published_on", lambda r: r.published_on, "Publication date."),
    ),
    public=lambda today: m.JudicialAssistance.objects.public(today),
    related=("company", "agency"),
)

CHATTEL_MORTGAGES = Kind(
    "chattel_mortgages",
    "Chattel mortgages registered, valid and cancelled.",
    (
        *_common("that mortgaged"),
        *_authority("Registering authority."),
        *_registration(),
        *_secured(),
        _c("collateral", lambda r: r.collateral, "Collateral."),
    ),
    public=lambda today: m.ChattelMortgage.objects.public(today),
    related=("company", "agency"),
)

IP_PLEDGES = Kind(
    "ip_pledges",
    "Pledges of trademarks, patents and copyrights, valid and cancelled.",
    (
        *_common("that pledged"),
        *_authority("Registering authority."),
        *_registration(),
        *_secured(),
        _c("ip_kind", lambda r: r.ip_kind, "trademark, patent or copyright."),
        _c("ip_name", lambda r: r.ip_name, "The right pledged."),
        _c("pledgee", lambda r: r.pledgee_name, "The creditor."),
    ),
    public=lambda today: m.IpPledge.objects.public(today),
    related=("company", "agency"),
)

DEREGISTRATION_NOTICES = Kind(
    "deregistration_notices",
    "Simplified-deregistration notices, with their 20-day objection periods.",
    (
        *_common("deregistering"),
        *_authority("Registration authority."),
        _c("starts_on", lambda r: r.starts_on, "The notice's first day."),
        _c("ends_on", lambda r: r.ends_on, "Its last day: objections until then."),
        _c("outcome", lambda r: r.outcome, "Outcome (model value), once decided."),
        _c("outcome_on", lambda r: r.outcome_on, "Date of the outcome."),
    ),
    public=lambda today: m.DeregistrationNotice.objects.public(today),
    related=("company", "agency"),
)

FILING_KINDS = (
    SPOT_CHECKS,
    EQUITY_PLEDGES,
    JUDICIAL_ASSISTANCE,
    CHATTEL_MORTGAGES,
    IP_PLEDGES,
    DEREGISTRATION_NOTICES,
)
