"""What the import page tells staff, in their language: what each column
holds, the codes the choice columns take with their labels, and a template
to download per kind (CSV and XLSX: the header row and one example row,
``registry.importing.examples``)."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from registry import models as m
from registry.importing import KINDS
from registry.importing.examples import EXAMPLES

# What each column holds (the header keeps its code: the importer reads it).
COLUMN_LABELS = {
    "name": _("name"),
    "name_en": _("English name"),
    "kind": _("kind of agency"),
    "level": _("level"),
    "region_code": _("administrative division code"),
    "credit_code": _("the agency's credit code"),
    "court_code": _("court code"),
    "uscc": _("company's credit code"),
    "entity_type": _("entity type"),
    "legal_representative": _("legal representative"),
    "registered_capital": _("registered capital (yuan)"),
    "currency": _("currency"),
    "established_on": _("date established"),
    "term_end": _("end of business term"),
    "status": _("registration status"),
    "address": _("address"),
    "industry_code": _("industry code"),
    "business_scope": _("business scope"),
    "registration_authority": _("registration authority"),
    "decision_number": _("decision document number"),
    "violation_type": _("violation type"),
    "violation_facts": _("facts of the violation"),
    "legal_basis": _("legal basis"),
    "penalty_category": _("penalty categories"),
    "penalty_content": _("penalty content"),
    "decided_on": _("decision date"),
    "authority": _("deciding authority"),
    "fine_amount": _("fine (yuan)"),
    "confiscated_amount": _("confiscated (yuan)"),
    "publicity_until": _("publicity ends"),
    "severity": _("severity"),
    "simple_procedure": _("simple procedure"),
    "licence_affected": _("licence suspended or revoked"),
    "valid_until": _("valid until"),
    "data_source": _("data source"),
    "case_number": _("case number"),
    "court": _("court"),
    "cause_of_action": _("cause of action"),
    "case_type": _("case type"),
    "filed_on": _("filed"),
    "plaintiffs": _("plaintiffs (names or credit codes, separated by ;)"),
    "defendants": _("defendants (names or credit codes, separated by ;)"),
    "amount": _("amount in dispute (yuan)"),
    "outcome": _("outcome"),
    "procedure": _("procedure"),
    "list_code": _("credit list"),
    "reason": _("reason listed"),
    "removed_on": _("date removed"),
    "removal_reason": _("reason removed"),
    "removal_authority": _("removing authority"),
    "removal_decision_number": _("removal decision number"),
    "extended_until": _("listing extended until"),
}
COLUMN_LABELS.update(
    {
        "year": _("year reported"),
        "phone": _("phone"),
        "email": _("e-mail"),
        "postal_address": _("postal address"),
        "registered_address": _("registered address"),
        "operating_status": _("operating status"),
        "employees": _("number of employees"),
        "websites": _("websites and online shops (separated by ;)"),
        "investments": _("investments in other companies (separated by ;)"),
        "contributions": _(
            "shareholders' contributions: shareholder|subscribed|date|paid in|date|form, "
            "separated by ;"
        ),
        "equity_transfers": _(
            "equity transfers: shareholder|% before|% after|date, separated by ;"
        ),
        "total_assets": _("total assets (yuan)"),
        "owners_equity": _("owners' equity (yuan)"),
        "total_liabilities": _("total liabilities (yuan)"),
        "revenue": _("revenue (yuan)"),
        "main_business_revenue": _("main-business revenue (yuan)"),
        "profit": _("profit (yuan)"),
        "net_profit": _("net profit (yuan)"),
        "tax_paid": _("tax paid (yuan)"),
        "figures_published": _("financial figures published"),
        "guarantees": _("guarantees given"),
    }
)
LABELS_BY_KIND = {
    ("annual-reports", "filed_on"): _("date filed"),
    ("cases", "decided_on"): _("judgment date"),
}

BOOLEAN_CODES = [("true", _("yes")), ("false", _("no"))]

# The columns that take codes, by kind: their choices.
CHOICE_COLUMNS = {
    "agencies": {"kind": m.Agency.Kind, "level": m.Agency.Level},
    "companies": {"entity_type": m.Company.EntityType, "status": m.Company.Status},
    "penalties": {
        "violation_type": m.Penalty.ViolationType,
        "penalty_category": m.PenaltyCategory.Category,
        "severity": m.Penalty.Severity,
        "simple_procedure": None,
    },
    "cases": {"case_type": m.CourtCase.CaseType},
    "list-entries": {"list_code": None},
    "annual-reports": {
        "operating_status": m.AnnualReport.OperatingStatus,
        "figures_published": None,
    },
}


def template_columns(kind: str, forced: str | None) -> list[str]:
    """The columns of the kind's template: all of them, but the agency column
    the upload fills with the uploader's agency."""
    return [c for c in KINDS[kind].columns if c != forced]


def columns_described(kind: str, forced: str | None) -> list[dict]:
    spec = KINDS[kind]
    return [
        {
            "code": column,
            "label": LABELS_BY_KIND.get((kind, column), COLUMN_LABELS.get(column, column)),
            "required": column in spec.required,
            "example": EXAMPLES[kind].get(column, ""),
        }
        for column in template_columns(kind, forced)
    ]


def allowed_codes(kind: str) -> list[dict]:
    """Each choice column of the kind with its codes and their labels."""
    found = []
    for column, choices in CHOICE_COLUMNS.get(kind, {}).items():
        if column == "list_code":
            codes = list(m.CreditList.objects.order_by("code").values_list("code", "name"))
        elif column in ("simple_procedure", "figures_published"):
            codes = BOOLEAN_CODES
        else:
            codes = list(choices.choices)
        found.append(
            {
                "column": column,
                "label": LABELS_BY_KIND.get((kind, column), COLUMN_LABELS.get(column, column)),
                "codes": codes,
                "several": column == "penalty_category",
            }
        )
    return found


def template_file(kind: str, file_format: str, forced: str | None) -> HttpResponse:
    """The kind's template: header row and example row, as CSV (UTF-8 with a
    BOM, so that spreadsheets open it as UTF-8) or XLSX."""
    columns = template_columns(kind, forced)
    example = [EXAMPLES[kind].get(column, "") for column in columns]
    name = f"import-{kind}-template.{file_format}"
    if file_format == "csv":
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(columns)
        writer.writerow(example)
        response = HttpResponse(
            ("\ufeff" + text.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook  # on use: most workers never write one

        book = Workbook()
        sheet = book.active
        sheet.title = kind
        sheet.append(columns)
        # Every cell as text: a code such as 110108 or a date stays as typed.
        sheet.append(example)
        for cell in sheet[2]:
            cell.number_format = "@"
        data = io.BytesIO()
        book.save(data)
        response = HttpResponse(
            data.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
