"""The periods the statistics offer, as whole calendar months.

``"12m"`` and ``"36m"``: the 12 or 36 months up to the month of the refresh,
that month (so far) included. A year (``"2025"``): its twelve months, up to
the month of the refresh for the current year. Years are offered back to
``YEARS`` before the refresh's, those with any record counted."""

import datetime
import re

ROLLING = {"36m": 36, "12m": 12}
DEFAULT = "36m"
YEARS = 10
YEAR = re.compile(r"[0-9]{4}")


def add_months(month: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``month``'s."""
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def first_month(as_of: datetime.date) -> datetime.date:
    """The earliest month any offered period covers."""
    return datetime.date(as_of.year - YEARS + 1, 1, 1)


def candidates(as_of: datetime.date) -> list[str]:
    """Every period a refresh on ``as_of`` may offer, newest year first."""
    return [*ROLLING, *(str(as_of.year - n) for n in range(YEARS))]


def months_of(period: str, as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last month of ``period`` (ValueError if it is none)."""
    last = as_of.replace(day=1)
    if period in ROLLING:
        return add_months(last, 1 - ROLLING[period]), last
    if YEAR.fullmatch(period or ""):
        year = int(period)
        if year > as_of.year:
            raise ValueError(period)
        return datetime.date(year, 1, 1), min(datetime.date(year, 12, 1), last)
    raise ValueError(period)


def month_list(period: str, as_of: datetime.date) -> list[datetime.date]:
    first, last = months_of(period, as_of)
    months = [first]
    while months[-1] < last:
        months.append(add_months(months[-1], 1))
    return months


def periods_by_month(as_of: datetime.date) -> dict[datetime.date, list[str]]:
    """``{month: [periods it belongs to]}`` for every month of ``candidates``."""
    found: dict[datetime.date, list[str]] = {}
    for period in candidates(as_of):
        for month in month_list(period, as_of):
            found.setdefault(month, []).append(period)
    return found
