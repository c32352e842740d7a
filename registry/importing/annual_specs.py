"""The import kind ``annual-reports``: reports as the filing system exports
them, one row per company and year (column formats in the README).

Shareholders' contributions and equity transfers are lists in one cell:
items separated by ``;``, the parts of an item by ``|``:

- ``contributions``: shareholder|subscribed (yuan)|subscribed on|paid in
  (yuan)|paid on|form, e.g. ``张三|500000|2015-03-01|500000|2015-06-01|货币``;
- ``equity_transfers``: shareholder|percent before|percent after|date.

The report belongs to the company's registration authority: the admin's
import refuses a row about a company another authority registers.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from registry import services
from registry.importing import fields as f
from registry.importing.specs import Cleaner, Spec
from registry.models import AnnualReport
from registry.models.annual import CONTRIBUTION_PARTS, FIGURES, TRANSFER_PARTS

# Figures that may be below zero (a loss, negative equity).
SIGNED_FIGURES = frozenset({"owners_equity", "total_liabilities", "profit", "net_profit"})


def signed_amount(value) -> Decimal | None:
    raw = f.text(value)
    if not raw:
        return None
    try:
        number = Decimal(re.sub(r"[,\s¥￥]", "", raw))
    except InvalidOperation:
        raise f.CellError(_("“%(value)s” is not an amount in yuan.") % {"value": raw}) from None
    if not number.is_finite() or number.as_tuple().exponent < -2:
        raise f.CellError(_("“%(value)s” is not an amount in yuan.") % {"value": raw})
    return number


def _items(value, parts: tuple[str, ...]) -> list[dict]:
    items = []
    for item in re.split(r"[;；]", f.text(value)):
        if not item.strip():
            continue
        cells = [cell.strip() for cell in item.split("|")]
        if len(cells) != len(parts):
            raise f.CellError(
                _("“%(item)s” has %(n)d parts; give %(parts)s, separated by |.")
                % {"item": item.strip(), "n": len(cells), "parts": "|".join(parts)}
            )
        entry = dict(zip(parts, cells, strict=True))
        for name, cell in entry.items():
            if name.endswith("_on") and cell:
                f.iso_date(cell)
            elif name in ("subscribed", "paid_in") and cell:
                entry[name] = str(f.amount(cell))
        items.append(entry)
    return items


def _clean(row, lookups):
    c = Cleaner(row)
    values = {
        "company": c.get("uscc", lookups.company),
        "year": c.get("year", _year),
        "filed_on": c.get("filed_on", f.iso_date, required=True),
        "phone": c.get("phone", f.text, max_length=40),
        "email": c.get("email", f.text, max_length=120),
        "postal_address": c.get("postal_address", f.text, max_length=300),
        "registered_address": c.get("registered_address", f.text, max_length=300),
        "operating_status": c.get(
            "operating_status", f.choice, AnnualReport.OperatingStatus, default="operating"
        ),
        "employees": c.get("employees", _count),
        "websites": "\n".join(f.names(row.get("websites", ""))),
        "investments": "\n".join(f.names(row.get("investments", ""))),
        "contributions": c.get("contributions", _items, CONTRIBUTION_PARTS),
        "equity_transfers": c.get("equity_transfers", _items, TRANSFER_PARTS),
        "figures_published": c.get("figures_published", f.boolean, default=True),
        "guarantees": c.get("guarantees", f.text),
    }
    for figure in FIGURES:
        parse = signed_amount if figure in SIGNED_FIGURES else f.amount
        values[figure] = c.get(figure, parse)
    return c.done(values)


def _year(value) -> int:
    raw = f.text(value, required=True)
    if not (raw.isdigit() and len(raw) == 4):
        raise f.CellError(_("“%(value)s” is not a year such as 2025.") % {"value": raw})
    return int(raw)


def _count(value) -> int | None:
    raw = f.text(value)
    if not raw:
        return None
    if not raw.isdigit():
        raise f.CellError(_("“%(value)s” is not a whole number.") % {"value": raw})
    return int(raw)


def _write(values, lookups, reason, **channel):
    return services.annual_report_file(**values, change_reason=reason, **channel)


ANNUAL_REPORTS = Spec(
    kind="annual-reports",
    required=("uscc", "year", "filed_on"),
    optional=(
        "phone",
        "email",
        "postal_address",
        "registered_address",
        "operating_status",
        "employees",
        "websites",
        "investments",
        "contributions",
        "equity_transfers",
        *FIGURES,
        "figures_published",
        "guarantees",
    ),
    clean=_clean,
    key=lambda v: (v["company"].pk, v["year"]),
    write=_write,
    columns_for_fields={"company": "uscc", "__all__": "year"},
)
