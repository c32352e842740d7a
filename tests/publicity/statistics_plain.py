"""The statistics the plain way: Python over the raw tables, under the rule
the statistics page states ("How these numbers are counted"), for
tests/publicity/test_statistics.py to compare the page and its CSV files with."""

import statistics
from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext

from registry.models import CourtCase, ListEntry, Penalty, Region
from registry.names import display_name
from registry.statistics import periods
from tests.factories_browse import TODAY

AS_OF = TODAY.date()  # 2025-12-01, noon UTC: the same day in Shanghai


def code_of(record, *agencies) -> str | None:
    for holder in (getattr(record, "company", None), *agencies):
        if holder is not None and holder.region is not None:
            return holder.region.code
    return None


def in_region(code, filters) -> bool:
    wanted = filters.get("city", "")[:4] or filters.get("province", "")[:2]
    return (code or "").startswith(wanted) if wanted else True


def in_period(date, filters) -> bool:
    first, last = periods.months_of(filters.get("period", "36m"), AS_OF)
    return date is not None and first <= date <= AS_OF and date.replace(day=1) <= last


def month(date) -> str:
    return f"{date:%Y-%m}"


def counted_penalties(filters):
    """The stated rule, in Python: published, not a never-published warning
    (simple procedure, only warnings), in the period and the region."""
    found = []
    for p in Penalty.objects.select_related("company__region", "agency__region"):
        categories = {c.category for c in p.categories.all()}
        if p.state != "published" or (p.simple_procedure and categories <= {"warning"}):
            continue
        if in_period(p.decided_on, filters) and in_region(code_of(p, p.agency), filters):
            p.category_set = categories
            found.append(p)
    return found


def cells(counter) -> set:
    """``{(row, column, value)}`` of a Counter keyed by (row, column), zeros left out."""
    return {(row, column, n) for (row, column), n in counter.items() if n}


def expected(filters) -> dict:
    penalties = counted_penalties(filters)
    column = gettext("Penalties")
    # The provinces, or a province's prefecture-level cities (none: no chart).
    province = filters.get("province")
    level = "prefecture" if province else "province"
    parts = Region.objects.filter(level=level, parent__code=province)
    names = {r.code[: 4 if province else 2]: display_name(r) for r in parts}
    by_region = Counter()
    for p in penalties:
        code = code_of(p, p.agency) or ""
        key = names.get(code[: 4 if province else 2])
        by_region[(key or gettext("Elsewhere or region not recorded"), column)] += 1
    show_regions = names and not filters.get("city")
    agencies = Counter((display_name(p.agency), column) for p in penalties)
    tables = {
        "penalties-by-month": cells(Counter((month(p.decided_on), column) for p in penalties)),
        "penalties-by-region": cells(by_region) if show_regions else None,
        "penalties-by-violation-type": cells(
            Counter((p.get_violation_type_display(), column) for p in penalties)
        ),
        "penalties-by-agency-kind": cells(
            Counter((p.agency.get_kind_display(), column) for p in penalties)
        ),
        "penalties-by-agency": cells(agencies),  # fewer than 20 agencies: all of them
    }
    for slug, field in (("list-inclusions-by-month", "listed_on"),
                        ("list-removals-by-month", "removed_on")):  # fmt: skip
        entries = ListEntry.objects.filter(state="published").select_related(
            "company__region", "authority__region", "credit_list"
        )
        tables[slug] = cells(
            Counter(
                (month(getattr(e, field)), display_name(e.credit_list))
                for e in entries
                if in_period(getattr(e, field), filters)
                and in_region(code_of(e, e.authority), filters)
            )
        )
    cases = CourtCase.objects.filter(state="published").select_related("court__region")
    tables["court-cases-by-month"] = cells(
        Counter(
            (month(c.filed_on), c.get_case_type_display())
            for c in cases
            if in_period(c.filed_on, filters) and in_region(code_of(c, c.court), filters)
        )
    )
    amounts = [
        p.fine_amount for p in penalties if "fine" in p.category_set and p.fine_amount is not None
    ]
    fines = {
        "count": len(amounts),
        "sum": sum(amounts, Decimal(0)),
        "median": statistics.median(amounts) if amounts else None,
    }
    return {"tables": tables, "fines": fines}
