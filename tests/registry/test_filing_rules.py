"""The publication rules of spot checks, pledges, court orders, mortgages and
deregistration notices (registry.publicity_rules): pure functions, each
boundary on the day before, of and after."""

import datetime

import pytest

from registry import publicity_rules as rules
from registry.models import JudicialAssistance
from registry.open_data.filing_kinds import FILING_KINDS

D = datetime.date


def test_a_notice_runs_twenty_days_counted_with_its_first():
    assert rules.deregistration_notice_ends_on(D(2026, 3, 1)) == D(2026, 3, 20)
    assert rules.deregistration_notice_ends_on(D(2026, 2, 20)) == D(2026, 3, 11)


@pytest.mark.parametrize(
    ("today", "open_"),
    [
        (D(2026, 2, 28), False),
        (D(2026, 3, 1), True),
        (D(2026, 3, 20), True),
        (D(2026, 3, 21), False),
    ],
)
def test_objections_are_taken_from_the_first_day_to_the_twentieth(today, open_):
    assert rules.deregistration_objection_open(D(2026, 3, 1), today) is open_


@pytest.mark.parametrize(
    ("kind", "today", "frozen"),
    [
        ("freeze", D(2026, 6, 30), False),
        ("freeze", D(2026, 7, 1), True),
        ("freeze", D(2029, 6, 30), True),
        ("freeze", D(2029, 7, 1), False),
        ("renewal", D(2027, 1, 1), True),
        ("unfreeze", D(2027, 1, 1), False),
        ("transfer", D(2027, 1, 1), False),
    ],
)
def test_a_freeze_holds_from_its_first_to_its_last_day(kind, today, frozen):
    assert rules.freeze_in_force(kind, D(2026, 7, 1), D(2029, 6, 30), today) is frozen


def test_the_freezing_kinds_are_kinds_of_the_model():
    assert rules.FREEZING_KINDS <= set(JudicialAssistance.Kind.values)


def test_every_open_data_kind_of_these_sections_states_its_publicity():
    assert {kind.name for kind in FILING_KINDS} == set(rules.FILING_PUBLICITY)
