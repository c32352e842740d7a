"""Turning one cell's text into a value, or a message saying what is wrong."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from registry.models.base import NEGATIVE_AMOUNT


class CellError(ValueError):
    pass


def text(value, *, required: bool = False, max_length: int | None = None) -> str:
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise CellError(_("This column is required."))
    if "\x00" in value:
        raise CellError(_("The value contains a NUL byte."))
    if max_length and len(value) > max_length:
        raise CellError(
            _("At most %(max)d characters (this has %(n)d).") % {"max": max_length, "n": len(value)}
        )
    return value


def iso_date(value, *, required: bool = False) -> date | None:
    if isinstance(value, date):
        return value
    raw = text(value, required=required)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CellError(
            _("“%(value)s” is not a date in ISO 8601 form (YYYY-MM-DD).") % {"value": raw}
        ) from None


def amount(value, *, required: bool = False) -> Decimal | None:
    raw = text(value, required=required)
    if not raw:
        return None
    cleaned = re.sub(r"[,\s¥￥]", "", raw)
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not an amount in yuan.") % {"value": raw}) from None
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not an amount in yuan.") % {"value": raw})
    if number < 0:
        raise CellError(str(NEGATIVE_AMOUNT))
    if number.as_tuple().exponent < -2:
        raise CellError(_("An amount has at most two decimal places (%(value)s).") % {"value": raw})
    return number.quantize(Decimal("0.01"))


def choice(value, choices, *, required: bool = True, default: str = "") -> str:
    raw = text(value, required=required and not default)
    if not raw:
        return default
    raw = raw.lower()
    if raw not in choices.values:
        raise CellError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": raw, "choices": ", ".join(choices.values)}
        )
    return raw


def choice_list(value, choices, *, required: bool = True) -> list[str]:
    raw = text(value, required=required)
    items = [item.strip().lower() for item in re.split(r"[;；]", raw) if item.strip()]
    if required and not items:
        raise CellError(_("This column is required."))
    unknown = [item for item in items if item not in choices.values]
    if unknown:
        raise CellError(
            _("Unknown value(s) %(unknown)s; use one or several of: %(choices)s, separated by ;.")
            % {"unknown": ", ".join(unknown), "choices": ", ".join(choices.values)}
        )
    return list(dict.fromkeys(items))


def boolean(value, *, default: bool = False) -> bool:
    raw = text(value).lower()
    if not raw:
        return default
    if raw in {"true", "yes", "1", "是"}:
        return True
    if raw in {"false", "no", "0", "否"}:
        return False
    raise CellError(_("“%(value)s” is not true or false.") % {"value": raw})


def names(value) -> list[str]:
    """Parties separated by ``;`` (half- or full-width)."""
    return [item.strip() for item in re.split(r"[;；]", text(value)) if item.strip()]
