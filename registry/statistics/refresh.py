"""Computes every summary of the statistics page and swaps them in whole.

Four grouped queries read the record tables once each (penalties, list
inclusions, list removals, court cases), grouped by month, city and the
value charted: a few thousand groups, added up here into the whole
country's, each province's and each city's rows, and into each period's
agency counts. The median of fines is exact: a fifth query reads the fines'
amounts in order, and the middle one (or two) of each region and period are
picked as they pass, knowing each group's size from the first pass; nothing
but the counters is kept in memory. Standard SQL through the ORM (TruncMonth,
Substr, Coalesce): the same on PostgreSQL and SQLite.

On PostgreSQL the whole refresh is one REPEATABLE READ transaction (when
not inside another), so that the passes see the same records; the old rows
are deleted (not truncated: readers keep reading the old summaries, without
waiting, until the new ones are committed)."""

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils import timezone

from registry.models import (
    Agency,
    AgencyRank,
    Company,
    CourtCase,
    ListEntry,
    MonthlyCount,
    Penalty,
    PenaltyCategory,
    PeriodFigure,
    Region,
    StatisticsRefresh,
)
from registry.models.base import RecordState
from registry.statistics import periods

TOP_AGENCIES = 20
BATCH = 5000
Measure = MonthlyCount.Measure
Dimension = MonthlyCount.Dimension


@dataclass
class Result:
    rows: int
    seconds: float
    periods: list[str]


def region_keys(code: str | None) -> tuple[str, ...]:
    """The whole country, the province and the city of a division code."""
    return ("", code[:2], code[:4]) if code else ("",)


def _city(*fields):
    return Substr(Coalesce(*fields) if len(fields) > 1 else fields[0], 1, 4)


class _Summaries:
    def __init__(self, as_of):
        self.as_of = as_of
        self.first = periods.first_month(as_of)
        self.in_periods = periods.periods_by_month(as_of)
        # (measure, dimension, value, region, month) -> [count, fines, sum of fines]
        self.monthly = defaultdict(lambda: [0, 0, Decimal(0)])
        self.agencies = Counter()  # (region, period, agency id) -> penalties
        self.fines = defaultdict(lambda: [0, Decimal(0)])  # (region, period) -> count, sum

    def between(self, field):
        return {f"{field}__gte": self.first, f"{field}__lte": self.as_of}

    def add(self, measure, dimension, value, city, month, count, fines=0, fine_sum=0):
        for region in region_keys(city):
            row = self.monthly[(measure, dimension, value, region, month)]
            row[0] += count
            row[1] += fines
            row[2] += fine_sum

    def penalties(self):
        fined = Exists(
            PenaltyCategory.objects.filter(
                penalty=OuterRef("pk"), category=PenaltyCategory.Category.FINE
            )
        )
        groups = (
            Penalty.objects.ever_public()
            .filter(**self.between("decided_on"))
            .annotate(
                month=TruncMonth("decided_on"),
                city=_city("company__region__code", "agency__region__code"),
                fined=fined,
            )
            .values("month", "city", "violation_type", "agency_id", "agency__kind", "fined")
            .annotate(n=Count("id"), amounts=Count("fine_amount"), total=Sum("fine_amount"))
            .order_by()
        )
        for g in groups.iterator(chunk_size=BATCH):
            month, city, count = g["month"], g["city"], g["n"]
            fines, total = (g["amounts"], g["total"] or 0) if g["fined"] else (0, 0)
            self.add(
                Measure.PENALTIES,
                Dimension.VIOLATION_TYPE,
                g["violation_type"],
                city,
                month,
                count,
                fines,
                total,
            )
            self.add(
                Measure.PENALTIES,
                Dimension.AGENCY_KIND,
                g["agency__kind"],
                city,
                month,
                count,
                fines,
                total,
            )
            for region in region_keys(city):
                for period in self.in_periods[month]:
                    self.agencies[(region, period, g["agency_id"])] += count
                    if fines:
                        figure = self.fines[(region, period)]
                        figure[0] += fines
                        figure[1] += total
        return fined

    def medians(self, fined) -> dict:
        """``{(region, period): median}``: one ordered pass over the amounts."""
        wanted = {key: ((n - 1) // 2, n // 2) for key, (n, _sum) in self.fines.items()}
        seen = Counter()
        picked = defaultdict(list)
        amounts = (
            Penalty.objects.ever_public()
            .filter(fined, fine_amount__isnull=False, **self.between("decided_on"))
            .annotate(
                month=TruncMonth("decided_on"),
                city=_city("company__region__code", "agency__region__code"),
            )
            .order_by("fine_amount")
            .values_list("month", "city", "fine_amount")
        )
        for month, city, amount in amounts.iterator(chunk_size=BATCH):
            for region in region_keys(city):
                for period in self.in_periods[month]:
                    key = (region, period)
                    index = seen[key]
                    seen[key] = index + 1
                    if index in wanted.get(key, ()):
                        picked[key].append(amount)
        medians = {}
        for key, (low, high) in wanted.items():
            values = picked[key]
            if low == high and values:
                medians[key] = values[0]
            elif len(values) == 2:
                medians[key] = (values[0] + values[1]) / 2
        return medians

    def list_entries(self, measure, date_field):
        groups = (
            ListEntry.objects.filter(state=RecordState.PUBLISHED, **self.between(date_field))
            .annotate(
                month=TruncMonth(date_field),
                city=_city("company__region__code", "authority__region__code"),
            )
            .values("month", "city", "credit_list__code")
            .annotate(n=Count("id"))
            .order_by()
        )
        for g in groups.iterator(chunk_size=BATCH):
            self.add(
                measure,
                Dimension.CREDIT_LIST,
                g["credit_list__code"],
                g["city"],
                g["month"],
                g["n"],
            )

    def court_cases(self):
        groups = (
            CourtCase.objects.filter(state=RecordState.PUBLISHED, **self.between("filed_on"))
            .annotate(month=TruncMonth("filed_on"), city=_city("court__region__code"))
            .values("month", "city", "case_type")
            .annotate(n=Count("id"))
            .order_by()
        )
        for g in groups.iterator(chunk_size=BATCH):
            self.add(
                Measure.COURT_CASES,
                Dimension.CASE_TYPE,
                g["case_type"],
                g["city"],
                g["month"],
                g["n"],
            )

    def offered(self) -> list[str]:
        """The rolling periods, and the years with any record counted."""
        years = {str(month.year) for (_m, _d, _v, region, month) in self.monthly if not region}
        return [p for p in periods.candidates(self.as_of) if p in periods.ROLLING or p in years]

    def rows(self, offered, medians):
        for (measure, dimension, value, region, month), (n, fines, total) in sorted(
            self.monthly.items()
        ):
            yield MonthlyCount(
                measure=measure,
                dimension=dimension,
                value=value,
                region=region,
                month=month,
                count=n,
                fine_count=fines,
                fine_sum=total,
            )
        figures = {key: value for key, value in self.fines.items() if key[1] in offered}
        for period in offered:
            figures.setdefault(("", period), [0, Decimal(0)])
        for (region, period), (n, total) in sorted(figures.items()):
            yield PeriodFigure(
                region=region,
                period=period,
                fine_count=n,
                fine_sum=total,
                fine_median=medians.get((region, period)),
            )
        ranked = defaultdict(list)
        for (region, period, agency), n in self.agencies.items():
            if period in offered:
                ranked[(region, period)].append((-n, agency))
        for (region, period), agencies in sorted(ranked.items()):
            for rank, (minus_n, agency) in enumerate(sorted(agencies)[:TOP_AGENCIES], start=1):
                yield AgencyRank(
                    region=region, period=period, rank=rank, agency_id=agency, count=-minus_n
                )


def _write(rows) -> int:
    written = 0
    batches = defaultdict(list)
    for row in rows:
        batch = batches[type(row)]
        batch.append(row)
        if len(batch) >= BATCH:
            type(row).objects.bulk_create(batch)
            written += len(batch)
            batch.clear()
    for model, batch in batches.items():
        model.objects.bulk_create(batch)
        written += len(batch)
    return written


# The tables the refresh reads, analysed before it reads them.
ANALYZED = [
    model._meta.db_table
    for model in (Penalty, PenaltyCategory, ListEntry, CourtCase, Company, Agency, Region)
]


def refresh(*, now=None) -> Result:
    """Computes the summaries as of ``now`` (by default the present) and
    replaces the old ones, all in one transaction."""
    started = time.monotonic()
    now = now or timezone.now()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if outermost:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                # Planner statistics first: right after a bulk load (seed_demo
                # ends with a refresh) the tables look empty to the planner,
                # which then nests loops over them for minutes.
                cursor.execute(f"ANALYZE {', '.join(ANALYZED)}")
        summaries = _Summaries(timezone.localdate(now))
        fined = summaries.penalties()
        medians = summaries.medians(fined)
        summaries.list_entries(Measure.LIST_INCLUSIONS, "listed_on")
        summaries.list_entries(Measure.LIST_REMOVALS, "removed_on")
        summaries.court_cases()
        offered = summaries.offered()
        for model in (MonthlyCount, PeriodFigure, AgencyRank, StatisticsRefresh):
            model.objects.all().delete()
        rows = _write(summaries.rows(offered, medians))
        seconds = time.monotonic() - started
        StatisticsRefresh.objects.create(
            computed_at=now, as_of=summaries.as_of, periods=offered, seconds=seconds, rows=rows
        )
    return Result(rows=rows, seconds=time.monotonic() - started, periods=offered)
