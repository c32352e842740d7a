"""The publication rules as pure functions: one test per boundary, each on the
day before, the day of and the day after it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from registry import publicity_rules as rules
from registry.models import CreditList, Penalty, PenaltyCategory

D = datetime.date
DECIDED = D(2025, 1, 15)


def around(day: datetime.date):
    """(day before, day of, day after)."""
    one = datetime.timedelta(days=1)
    return day - one, day, day + one


def test_codes_match_the_models():
    assert set(rules.PENALTY_PUBLICITY_MONTHS) == set(Penalty.Severity.values)
    assert rules.STRICT_VIOLATION_TYPES <= set(Penalty.ViolationType.values)
    assert rules.UNPUBLISHED_SIMPLE_PROCEDURE_CATEGORIES <= set(PenaltyCategory.Category.values)


@pytest.mark.django_db
def test_list_codes_exist_in_the_reference_data():
    codes = set(CreditList.objects.values_list("code", flat=True))
    assert {
        rules.DISHONEST_DEBTOR_LIST,
        rules.ABNORMAL_OPERATIONS_LIST,
        rules.SERIOUS_VIOLATION_LIST,
        *rules.REMOVED_PUBLICITY_DAYS_BY_LIST,
    } <= codes


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 15), 3, D(2025, 4, 15)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # no 30 February: the month's last day
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
    ],
)
def test_add_months_counts_to_the_corresponding_day_or_the_month_end(day, months, expected):
    assert rules.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("severity", "violation", "minimum_end", "maximum_end"),
    [
        ("minor", "market_order", D(2025, 1, 15), D(2025, 4, 15)),
        ("general", "market_order", D(2025, 4, 15), D(2026, 1, 15)),
        ("serious", "tax_evasion", D(2026, 1, 15), D(2028, 1, 15)),
        # food, drugs, special equipment, production safety, fire: at least a year
        ("minor", "food_safety", D(2026, 1, 15), D(2026, 1, 15)),
        ("general", "drug_safety", D(2026, 1, 15), D(2026, 1, 15)),
        ("serious", "fire_safety", D(2026, 1, 15), D(2028, 1, 15)),
        ("general", "special_equipment", D(2026, 1, 15), D(2026, 1, 15)),
        ("general", "production_safety", D(2026, 1, 15), D(2026, 1, 15)),
    ],
)
def test_penalty_window_by_severity_and_violation_type(
    severity, violation, minimum_end, maximum_end
):
    window = rules.penalty_window(DECIDED, severity, violation, False, ["fine"])
    assert window == rules.Window(minimum_end, maximum_end, published=True)


def test_a_warning_under_the_simple_procedure_is_never_published():
    assert not rules.penalty_window(DECIDED, "minor", "other", True, ["warning"]).published
    assert rules.penalty_window(DECIDED, "minor", "other", True, ["warning", "fine"]).published
    assert rules.penalty_window(DECIDED, "minor", "other", False, ["warning"]).published


@pytest.mark.parametrize(
    ("severity", "violation", "bound"),
    [
        ("minor", "other", "maximum_end"),
        ("general", "other", "minimum_end"),
        ("general", "other", "maximum_end"),
        ("serious", "other", "minimum_end"),
        ("serious", "other", "maximum_end"),
        ("serious", "food_safety", "minimum_end"),
        ("minor", "fire_safety", "maximum_end"),
    ],
)
def test_publicity_until_is_accepted_inside_the_bounds_and_refused_outside(
    severity, violation, bound
):
    window = rules.penalty_window(DECIDED, severity, violation)
    edge = getattr(window, bound)
    before, day, after = around(edge)
    outside, inside = (before, after) if bound == "minimum_end" else (after, before)
    for ok in (day, inside):
        if not window.minimum_end <= ok <= window.maximum_end:
            continue  # a window of a single day (minor fire safety: exactly a year)
        rules.validate_publicity_until(
            ok, decided_on=DECIDED, severity=severity, violation_type=violation
        )
        assert rules.penalty_publicity_end(DECIDED, severity, violation, ok) == ok
    with pytest.raises(ValidationError) as refused:
        rules.validate_publicity_until(
            outside, decided_on=DECIDED, severity=severity, violation_type=violation
        )
    message = refused.value.message_dict["publicity_until"][0]
    assert window.minimum_end.isoformat() in message
    assert window.maximum_end.isoformat() in message
    assert outside.isoformat() in message
    # A stored out-of-bounds date (older data) falls back to the maximum.
    assert rules.penalty_publicity_end(DECIDED, severity, violation, outside) == window.maximum_end


def test_without_an_agency_date_publicity_ends_at_the_maximum():
    assert rules.penalty_publicity_end(DECIDED, "general", "other") == D(2026, 1, 15)
    assert rules.penalty_publicity_end(DECIDED, "serious", "other", None) == D(2028, 1, 15)


def test_a_publicity_end_for_a_never_published_warning_is_refused():
    with pytest.raises(ValidationError, match="never published"):
        rules.validate_publicity_until(
            D(2025, 2, 1),
            decided_on=DECIDED,
            severity="minor",
            violation_type="other",
            simple_procedure=True,
            categories=["warning"],
        )


def test_repair_is_allowed_from_the_end_of_the_minimum_period():
    penalty = Penalty(decided_on=DECIDED, severity="general", violation_type="other")
    assert rules.repair_allowed_from(penalty) == D(2025, 4, 15)
    penalty.violation_type = "food_safety"
    assert rules.repair_allowed_from(penalty) == D(2026, 1, 15)
    penalty.severity = "minor"
    penalty.violation_type = "other"
    assert rules.repair_allowed_from(penalty) == DECIDED


LISTED = D(2024, 3, 10)


def test_an_open_entry_of_an_ordinary_list_stays_public():
    assert rules.list_entry_publicity_end("abnormal_operations", LISTED) is None
    assert rules.list_entry_is_public("abnormal_operations", LISTED, D(2040, 1, 1))


def test_a_dishonest_debtor_entry_expires_two_years_after_listing():
    expires = D(2026, 3, 10)
    assert rules.list_entry_expires_on("dishonest_debtor", LISTED) == expires
    before, day, after = around(expires)
    assert rules.list_entry_is_public("dishonest_debtor", LISTED, before)
    assert rules.list_entry_is_public("dishonest_debtor", LISTED, day)
    assert not rules.list_entry_is_public("dishonest_debtor", LISTED, after)


def test_an_extended_dishonest_debtor_entry_stays_public_until_its_extension():
    extended = D(2027, 6, 30)
    before, day, after = around(extended)
    for today, public in ((before, True), (day, True), (after, False)):
        assert (
            rules.list_entry_is_public("dishonest_debtor", LISTED, today, None, extended) is public
        )


def test_a_removed_entry_stays_public_for_the_configured_days():
    removed = D(2025, 1, 1)
    last = removed + datetime.timedelta(days=30)
    before, day, after = around(last)
    for today, public in ((before, True), (day, True), (after, False)):
        assert (
            rules.list_entry_is_public("abnormal_operations", LISTED, today, removed, None, 30)
            is public
        )
    assert rules.list_entry_publicity_end("abnormal_operations", LISTED, removed) == D(2026, 1, 1)


def test_a_removed_dishonest_debtor_is_public_on_the_day_of_removal_only():
    removed = D(2025, 1, 1)
    before, day, after = around(removed)
    assert rules.list_entry_is_public("dishonest_debtor", LISTED, day, removed)
    assert not rules.list_entry_is_public("dishonest_debtor", LISTED, after, removed)


@pytest.mark.parametrize(
    ("extended", "ok"),
    [
        (D(2027, 3, 9), False),
        (D(2027, 3, 10), True),
        (D(2027, 3, 11), True),
        (D(2029, 3, 9), True),
        (D(2029, 3, 10), True),
        (D(2029, 3, 11), False),
    ],
)
def test_an_extension_runs_one_to_three_years_past_the_expiry(extended, ok):
    def check():
        rules.validate_extended_until(extended, list_code="dishonest_debtor", listed_on=LISTED)

    if ok:
        check()
    else:
        with pytest.raises(ValidationError, match="2026-03-10.*2027-03-10.*2029-03-10"):
            check()


def test_entries_of_other_lists_cannot_be_extended():
    with pytest.raises(ValidationError, match="do not expire"):
        rules.validate_extended_until(
            D(2027, 1, 1), list_code="abnormal_operations", listed_on=LISTED
        )


def test_escalation_is_due_three_years_after_listing():
    assert rules.escalation_due_on(D(2023, 2, 28)) == D(2026, 2, 28)
    assert rules.escalation_due_on(D(2024, 2, 29)) == D(2027, 2, 28)
    assert rules.restriction_ends_on(D(2026, 5, 10)) == D(2029, 5, 10)
