"""Import kinds of the rest of the national system's company page: spot
checks, equity pledges, judicial assistance, chattel mortgages, IP pledges and
simplified-deregistration notices. The same machinery as the other kinds
(``registry.importing.specs``): every bad cell named by line and column,
nothing written unless every row is good; each row written by
``services.filing_upsert``, found again by ``services.filings.IMPORT_KEYS``."""

from functools import partial

from registry import models as m
from registry import services
from registry.importing import fields as f
from registry.importing.specs import Cleaner, Spec

CANCELLATION = ("status", "cancelled_on", "cancellation_reason")
COLUMNS_FOR_FIELDS = {
    "company": "uscc",
    "agency": "authority",
    "__all__": "",
}


def _write(model):
    def write(values, lookups, reason, **channel):
        return services.filing_upsert(model=model, change_reason=reason, **channel, **values)

    return write


def _cancellation(c: Cleaner) -> dict:
    return {
        "status": c.get("status", f.choice, m.EquityPledge.Status, default="valid"),
        "cancelled_on": c.get("cancelled_on", f.iso_date),
        "cancellation_reason": c.get("cancellation_reason", f.text, max_length=200),
    }


def _company_and_agency(c: Cleaner, lookups, column="authority", kind=None) -> dict:
    return {
        "company": c.get("uscc", lookups.company),
        "agency": c.get(column, lookups.agency, kind=kind),
    }


def _optional_company(lookups, value):
    return lookups.company(value) if f.text(value) else None


def _clean_spot_check(row, lookups):
    c = Cleaner(row)
    return c.done(
        {
            **_company_and_agency(c, lookups),
            "checked_on": c.get("checked_on", f.iso_date, required=True),
            "check_type": c.get("check_type", f.choice, m.SpotCheck.CheckType),
            "result": c.get("result", f.choice, m.SpotCheck.Result),
            "remarks": c.get("remarks", f.text),
        }
    )


def _clean_pledge(row, lookups):
    c = Cleaner(row)
    return c.done(
        {
            "registration_number": c.get(
                "registration_number", f.text, required=True, max_length=64
            ),
            **_company_and_agency(c, lookups),
            "registered_on": c.get("registered_on", f.iso_date, required=True),
            "pledgor_name": c.get("pledgor", f.text, required=True, max_length=200),
            "pledgor_company": c.get("pledgor_uscc", partial(_optional_company, lookups)),
            "pledgee_name": c.get("pledgee", f.text, required=True, max_length=200),
            "amount": c.get("amount", f.amount),
            **_cancellation(c),
        }
    )


def _clean_judicial(row, lookups):
    c = Cleaner(row)
    return c.done(
        {
            "notice_number": c.get("notice_number", f.text, required=True, max_length=100),
            **_company_and_agency(c, lookups, "court", kind=m.Agency.Kind.COURT),
            "kind": c.get("kind", f.choice, m.JudicialAssistance.Kind),
            "subject_name": c.get("subject", f.text, required=True, max_length=200),
            "subject_company": c.get("subject_uscc", partial(_optional_company, lookups)),
            "amount": c.get("amount", f.amount),
            "period_from": c.get("period_from", f.iso_date),
            "period_until": c.get("period_until", f.iso_date),
            "published_on": c.get("published_on", f.iso_date, required=True),
        }
    )


def _secured(c: Cleaner) -> dict:
    return {
        "registration_number": c.get("registration_number", f.text, required=True, max_length=64),
        "registered_on": c.get("registered_on", f.iso_date, required=True),
        "secured_amount": c.get("secured_amount", f.amount),
        "debt_from": c.get("debt_from", f.iso_date),
        "debt_until": c.get("debt_until", f.iso_date),
        **_cancellation(c),
    }


def _clean_mortgage(row, lookups):
    c = Cleaner(row)
    return c.done(
        {
            **_company_and_agency(c, lookups),
            **_secured(c),
            "collateral": c.get("collateral", f.text, max_length=200),
        }
    )


def _clean_ip_pledge(row, lookups):
    c = Cleaner(row)
    return c.done(
        {
            **_company_and_agency(c, lookups),
            **_secured(c),
            "ip_kind": c.get("ip_kind", f.choice, m.IpPledge.Kind),
            "ip_name": c.get("ip_name", f.text, max_length=200),
            "pledgee_name": c.get("pledgee", f.text, max_length=200),
        }
    )


def _clean_notice(row, lookups):
    c = Cleaner(row)
    return c.done(
        {
            **_company_and_agency(c, lookups),
            "starts_on": c.get("starts_on", f.iso_date, required=True),
            "outcome": c.get("outcome", f.choice, m.DeregistrationNotice.Outcome, required=False),
            "outcome_on": c.get("outcome_on", f.iso_date),
        }
    )


SECURED_OPTIONAL = ("secured_amount", "debt_from", "debt_until", *CANCELLATION)

SPOT_CHECKS = Spec(
    kind="spot-checks",
    required=("uscc", "authority", "checked_on", "check_type", "result"),
    optional=("remarks",),
    clean=_clean_spot_check,
    key=lambda v: (v["company"].pk, v["agency"].pk, v["checked_on"], v["check_type"]),
    write=_write(m.SpotCheck),
    columns_for_fields=COLUMNS_FOR_FIELDS,
    agency_column="authority",
)
EQUITY_PLEDGES = Spec(
    kind="equity-pledges",
    required=("registration_number", "uscc", "authority", "registered_on", "pledgor", "pledgee"),
    optional=("pledgor_uscc", "amount", *CANCELLATION),
    clean=_clean_pledge,
    key=lambda v: (v["registration_number"],),
    write=_write(m.EquityPledge),
    columns_for_fields={
        **COLUMNS_FOR_FIELDS,
        "pledgor_company": "pledgor_uscc",
        "__all__": "registration_number",
    },
    agency_column="authority",
)
JUDICIAL = Spec(
    kind="judicial-orders",
    required=("notice_number", "uscc", "court", "kind", "subject", "published_on"),
    optional=("subject_uscc", "amount", "period_from", "period_until"),
    clean=_clean_judicial,
    key=lambda v: (v["agency"].pk, v["notice_number"], v["kind"]),
    write=_write(m.JudicialAssistance),
    columns_for_fields={
        **COLUMNS_FOR_FIELDS,
        "agency": "court",
        "subject_company": "subject_uscc",
        "__all__": "notice_number",
    },
    agency_column="court",
)
MORTGAGES = Spec(
    kind="mortgages",
    required=("registration_number", "uscc", "authority", "registered_on"),
    optional=(*SECURED_OPTIONAL, "collateral"),
    clean=_clean_mortgage,
    key=lambda v: (v["registration_number"],),
    write=_write(m.ChattelMortgage),
    columns_for_fields={**COLUMNS_FOR_FIELDS, "__all__": "registration_number"},
    agency_column="authority",
)
IP_PLEDGES = Spec(
    kind="ip-pledges",
    required=("registration_number", "uscc", "authority", "registered_on", "ip_kind"),
    optional=(*SECURED_OPTIONAL, "ip_name", "pledgee"),
    clean=_clean_ip_pledge,
    key=lambda v: (v["registration_number"],),
    write=_write(m.IpPledge),
    columns_for_fields={
        **COLUMNS_FOR_FIELDS,
        "pledgee_name": "pledgee",
        "__all__": "registration_number",
    },
    agency_column="authority",
)
DEREGISTRATIONS = Spec(
    kind="deregistrations",
    required=("uscc", "authority", "starts_on"),
    optional=("outcome", "outcome_on"),
    clean=_clean_notice,
    key=lambda v: (v["company"].pk, v["starts_on"]),
    write=_write(m.DeregistrationNotice),
    columns_for_fields={**COLUMNS_FOR_FIELDS, "ends_on": "starts_on", "__all__": "starts_on"},
    agency_column="authority",
)

FILING_SPECS = (SPOT_CHECKS, EQUITY_PLEDGES, JUDICIAL, MORTGAGES, IP_PLEDGES, DEREGISTRATIONS)
# The model each kind writes (registry.importing.batches.IMPORT_MODELS).
FILING_IMPORT_MODELS = {
    "spot-checks": m.SpotCheck,
    "equity-pledges": m.EquityPledge,
    "judicial-orders": m.JudicialAssistance,
    "mortgages": m.ChattelMortgage,
    "ip-pledges": m.IpPledge,
    "deregistrations": m.DeregistrationNotice,
}

# One row per kind for the downloadable templates; the company and agency
# columns are filled in by ``examples``.
FILING_EXAMPLES: dict[str, dict[str, str]] = {
    "spot-checks": {
        "uscc": "",
        "authority": "",
        "checked_on": "2025-05-12",
        "check_type": "random",
        "result": "no_problem",
        "remarks": "未发现问题",
    },
    "equity-pledges": {
        "registration_number": "110108202500012",
        "uscc": "",
        "authority": "",
        "registered_on": "2025-03-18",
        "pledgor": "张三",
        "pledgee": "北京银行股份有限公司海淀支行",
        "pledgor_uscc": "",
        "amount": "500000.00",
        "status": "valid",
        "cancelled_on": "",
        "cancellation_reason": "",
    },
    "judicial-orders": {
        "notice_number": "(2025)京0108执1234号",
        "uscc": "",
        "court": "",
        "kind": "freeze",
        "subject": "张三",
        "published_on": "2025-07-02",
        "subject_uscc": "",
        "amount": "300000.00",
        "period_from": "2025-07-01",
        "period_until": "2028-06-30",
    },
    "mortgages": {
        "registration_number": "京海市监抵字2025第0031号",
        "uscc": "",
        "authority": "",
        "registered_on": "2025-02-10",
        "secured_amount": "1200000.00",
        "debt_from": "2025-02-10",
        "debt_until": "2027-02-09",
        "status": "valid",
        "cancelled_on": "",
        "cancellation_reason": "",
        "collateral": "数控机床十二台",
    },
    "ip-pledges": {
        "registration_number": "Y2025110000123",
        "uscc": "",
        "authority": "",
        "registered_on": "2025-04-08",
        "ip_kind": "patent",
        "secured_amount": "800000.00",
        "debt_from": "2025-04-08",
        "debt_until": "2026-04-07",
        "status": "valid",
        "cancelled_on": "",
        "cancellation_reason": "",
        "ip_name": "一种数据压缩方法",
        "pledgee": "中国银行股份有限公司北京海淀支行",
    },
    "deregistrations": {
        "uscc": "",
        "authority": "",
        "starts_on": "2025-09-01",
        "outcome": "",
        "outcome_on": "",
    },
}


def examples(code: str, agency: str, court: str) -> dict[str, dict[str, str]]:
    """``FILING_EXAMPLES`` with the example company, agency and court filled in."""
    out = {}
    for kind, row in FILING_EXAMPLES.items():
        column = "court" if kind == "judicial-orders" else "authority"
        out[kind] = {**row, "uscc": code, column: court if column == "court" else agency}
    return out
