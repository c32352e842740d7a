"""Values as cells: text for CSV (with formulas escaped) and JSON values for
JSON Lines. Used by the admin's exports too."""

import datetime
from decimal import Decimal

# Characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A text cell a spreadsheet would run as a formula gets a leading
    apostrophe, so that it is shown as the text it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def text(value) -> str:
    """A plain value as CSV text: "" for none, ISO dates, true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def csv_cell(value) -> str:
    return escape_formula(text(value))


def json_value(value):
    """A plain value for JSON: dates as ISO text, amounts as decimal text
    (no float rounding), the rest as it is."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
