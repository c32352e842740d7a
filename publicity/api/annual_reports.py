"""A company's annual reports in the API (its detail's ``annual_reports``):
the public reports as ``registry.selectors.annual_reports.as_data`` gives
them, so that figures the company chose not to publish are absent here as on
the page (``figures`` is null, and so are the values of an amendment to one)."""

from registry.models.annual import CONTRIBUTION_PARTS, FIGURES, TRANSFER_PARTS
from registry.selectors.annual_reports import as_data

_DATE = {"type": "string", "format": "date", "nullable": True}
_TEXT = {"type": "string"}
_NULLABLE_TEXT = {"type": "string", "nullable": True}
_NUMBER = {"type": "string", "nullable": True, "description": "A decimal number, in yuan."}


def _object(**properties):
    return {"type": "object", "properties": properties}


ANNUAL_REPORTS_SCHEMA = {
    "type": "array",
    "description": "Newest year first.",
    "items": _object(
        year={"type": "integer"},
        filed_on=_DATE,
        phone=_TEXT,
        email=_TEXT,
        postal_address=_TEXT,
        registered_address=_TEXT,
        operating_status=_TEXT,
        employees={"type": "integer", "nullable": True},
        websites={"type": "array", "items": _TEXT},
        investments={"type": "array", "items": _TEXT},
        contributions={
            "type": "array",
            "items": _object(**{part: _TEXT for part in CONTRIBUTION_PARTS}),
        },
        equity_transfers={
            "type": "array",
            "items": _object(**{part: _TEXT for part in TRANSFER_PARTS}),
        },
        guarantees=_TEXT,
        figures_published={"type": "boolean"},
        figures={
            **_object(**{figure: _NUMBER for figure in FIGURES}),
            "nullable": True,
            "description": "Null when the company chose not to publish its figures.",
        },
        amendments={
            "type": "array",
            "items": _object(
                amended_on=_DATE,
                field=_TEXT,
                old_value=_NULLABLE_TEXT,
                new_value=_NULLABLE_TEXT,
            ),
        },
    ),
}


def annual_reports_data(reports) -> list[dict]:
    rows = []
    for report in reports:
        row = as_data(report)
        if row["figures"] is not None:
            row["figures"] = {
                name: None if value is None else str(value)
                for name, value in row["figures"].items()
            }
        rows.append(row)
    return rows
