"""A company's history as one list of dated events, newest first.

``company_report`` (registry/selectors/company.py) already loads every public
record of the company; the timeline only re-reads those objects, so it costs
no query. It is kept a pure
function of plain objects (anything with the attributes read below) so that the
ordering rules are tested without a database.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


class Kind:
    """Event kinds; the template words each one."""

    ESTABLISHED = "established"
    RENAMED = "renamed"
    PENALTY = "penalty"
    LICENCE = "licence"
    CASE_FILED = "case_filed"
    CASE_DECIDED = "case_decided"
    LISTED = "listed"
    REMOVED = "removed"
    RATED = "rated"
    ANNUAL_REPORT = "annual_report"


# On the same day, the later step of a story comes first in a newest-first list:
# a removal before the listing it ends, a judgment before the filing.
_SAME_DAY_ORDER = [
    Kind.REMOVED,
    Kind.LISTED,
    Kind.PENALTY,
    Kind.CASE_DECIDED,
    Kind.CASE_FILED,
    Kind.LICENCE,
    Kind.RATED,
    Kind.ANNUAL_REPORT,
    Kind.RENAMED,
    Kind.ESTABLISHED,
]
_RANK = {kind: rank for rank, kind in enumerate(_SAME_DAY_ORDER)}


@dataclass(frozen=True)
class Event:
    date: datetime.date
    kind: str
    record: Any


def merge(events: Iterable[Event]) -> list[Event]:
    """Events with a date, newest first; ties by kind (see above), then in
    the order given."""
    dated = [event for event in events if event.date is not None]
    return sorted(dated, key=lambda event: (-event.date.toordinal(), _RANK.get(event.kind, 99)))


def company_events(
    company,
    *,
    former_names=(),
    penalties=(),
    licences=(),
    cases=(),
    list_entries=(),
    ratings=(),
    annual_reports=(),
) -> list[Event]:
    """Every dated fact of a company's page, merged. Undated facts (a former
    name without an end date, a case not yet decided) are left out."""

    def generate():
        yield Event(company.established_on, Kind.ESTABLISHED, company)
        for former in former_names:
            yield Event(former.used_until, Kind.RENAMED, former)
        for penalty in penalties:
            yield Event(penalty.decided_on, Kind.PENALTY, penalty)
        for licence in licences:
            yield Event(licence.decided_on, Kind.LICENCE, licence)
        for case in cases:
            yield Event(case.filed_on, Kind.CASE_FILED, case)
            yield Event(case.decided_on, Kind.CASE_DECIDED, case)
        for entry in list_entries:
            yield Event(entry.listed_on, Kind.LISTED, entry)
            yield Event(entry.removed_on, Kind.REMOVED, entry)
        for rating in ratings:
            yield Event(rating.rated_on, Kind.RATED, rating)
        for report in annual_reports:
            yield Event(report.filed_on, Kind.ANNUAL_REPORT, report)

    return merge(generate())
