"""The company timeline: a pure merge of records by date, newest first."""

import datetime
from types import SimpleNamespace as Record

import pytest

from registry.selectors.timeline import Event, Kind, company_events, merge

pytestmark = pytest.mark.smoke

D = datetime.date


def test_merge_puts_the_newest_event_first():
    events = [
        Event(D(2020, 1, 1), Kind.PENALTY, "old"),
        Event(D(2025, 1, 1), Kind.PENALTY, "new"),
        Event(D(2022, 6, 1), Kind.LICENCE, "middle"),
    ]

    assert [event.record for event in merge(events)] == ["new", "middle", "old"]


def test_merge_leaves_out_events_without_a_date():
    events = [Event(None, Kind.CASE_DECIDED, "pending"), Event(D(2024, 1, 1), Kind.CASE_FILED, "")]

    assert [event.kind for event in merge(events)] == [Kind.CASE_FILED]


def test_on_the_same_day_a_removal_comes_before_the_listing_it_ends():
    day = D(2025, 4, 1)
    events = [Event(day, Kind.LISTED, "entry"), Event(day, Kind.REMOVED, "entry")]

    assert [event.kind for event in merge(events)] == [Kind.REMOVED, Kind.LISTED]


def test_events_of_the_same_day_and_kind_keep_the_order_given():
    day = D(2025, 4, 1)
    events = [Event(day, Kind.PENALTY, name) for name in "abc"]

    assert [event.record for event in merge(events)] == ["a", "b", "c"]


def test_company_events_merge_every_kind_of_record():
    company = Record(established_on=D(2010, 5, 1))
    former = Record(used_until=D(2015, 1, 1))
    penalty = Record(decided_on=D(2023, 3, 1))
    licence = Record(decided_on=D(2012, 1, 1))
    case = Record(filed_on=D(2021, 1, 1), decided_on=D(2021, 9, 1))
    open_entry = Record(listed_on=D(2024, 4, 1), removed_on=None)
    closed_entry = Record(listed_on=D(2019, 4, 1), removed_on=D(2020, 2, 1))
    rating = Record(rated_on=D(2022, 5, 1))

    events = company_events(
        company,
        former_names=[former],
        penalties=[penalty],
        licences=[licence],
        cases=[case],
        list_entries=[open_entry, closed_entry],
        ratings=[rating],
    )

    assert [(event.date, event.kind) for event in events] == [
        (D(2024, 4, 1), Kind.LISTED),
        (D(2023, 3, 1), Kind.PENALTY),
        (D(2022, 5, 1), Kind.RATED),
        (D(2021, 9, 1), Kind.CASE_DECIDED),
        (D(2021, 1, 1), Kind.CASE_FILED),
        (D(2020, 2, 1), Kind.REMOVED),
        (D(2019, 4, 1), Kind.LISTED),
        (D(2015, 1, 1), Kind.RENAMED),
        (D(2012, 1, 1), Kind.LICENCE),
        (D(2010, 5, 1), Kind.ESTABLISHED),
    ]


def test_a_company_without_an_establishment_date_has_no_establishment_event():
    assert company_events(Record(established_on=None)) == []
