"""The publication rules: what the public sees, and for how long.

Rules as data and small pure functions (no database access), so that a changed
regulation is a one-line change here with a test next to it
(tests/registry/test_publicity_rules.py). Sources: ../shared/DOMAIN.md, "What is
public, and for how long".

Dates are calendar dates. A period of N months counted from a date ends on the
corresponding day N months later, or on the last day of that month when it has
no such day (Civil Code arts. 201-203: the first day is not counted, the last
day is). Every "end" below is the **last day** a record is public: it is public
on that day and hidden from the next.

Codes are plain strings here (this module is imported by the models' query
sets, so it cannot import the models); a test checks they match the models'
choices.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# --- penalties -----------------------------------------------------------------

# Publicity period by severity, in months from the decision date: (minimum, maximum).
# National credit-repair measures in force from 2026-04-01.
PENALTY_PUBLICITY_MONTHS = {
    "minor": (0, 3),
    "general": (3, 12),
    "serious": (12, 36),
}

# Violation types whose penalties are public for at least STRICT_MINIMUM_MONTHS:
# food, drugs, special equipment, production safety and fire.
STRICT_VIOLATION_TYPES = frozenset(
    {"food_safety", "drug_safety", "special_equipment", "production_safety", "fire_safety"}
)
STRICT_MINIMUM_MONTHS = 12

# A penalty imposing nothing but these categories, decided under the simple
# procedure, is never published.
UNPUBLISHED_SIMPLE_PROCEDURE_CATEGORIES = frozenset({"warning"})

# --- list entries ----------------------------------------------------------------

# Removed entries stay public this many days after their removal date, unless the
# list says otherwise below. Overridden by the setting of the same name.
REMOVED_LIST_ENTRY_PUBLICITY_DAYS = 365

# Lists whose removed entries are public for another number of days: the courts
# delete a dishonest debtor's entry once the debtor performs (shown on the day
# of removal only).
REMOVED_PUBLICITY_DAYS_BY_LIST = {"dishonest_debtor": 0}

# Lists whose entries expire by themselves: months after listing, and the range
# of one extension in months.
DISHONEST_DEBTOR_LIST = "dishonest_debtor"
EXPIRING_LISTS = {DISHONEST_DEBTOR_LIST: 24}
EXTENSION_MONTHS = (12, 36)

# --- escalation --------------------------------------------------------------------

ABNORMAL_OPERATIONS_LIST = "abnormal_operations"
SERIOUS_VIOLATION_LIST = "serious_violation"
# Still on the abnormal-operations list after this many months: onto the
# serious-violation list, and the legal representative restricted.
ESCALATION_AFTER_MONTHS = 36
LEGAL_REPRESENTATIVE_RESTRICTION_MONTHS = 36


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The corresponding day ``months`` later (earlier when negative), or the
    last day of that month when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Window:
    """Where a penalty's publicity may end.

    ``published`` False: never public (``minimum_end`` and ``maximum_end`` are
    then the decision date). Otherwise publicity may end (its last public day)
    on any day from ``minimum_end`` to ``maximum_end``; without an agency's
    choice it ends at the maximum. From ``minimum_end`` the subject may apply
    for credit repair."""

    minimum_end: datetime.date
    maximum_end: datetime.date
    published: bool = True


def is_never_published(simple_procedure: bool, categories: Iterable[str]) -> bool:
    """A warning (nothing more) under the simple procedure is never published."""
    return bool(simple_procedure) and set(categories) <= UNPUBLISHED_SIMPLE_PROCEDURE_CATEGORIES


def penalty_months(severity: str, violation_type: str) -> tuple[int, int]:
    """(minimum, maximum) publicity in months. The 1-year minimum of the strict
    violation types raises the maximum too when it was shorter (a minor or
    general food-safety penalty is public exactly one year)."""
    try:
        minimum, maximum = PENALTY_PUBLICITY_MONTHS[severity]
    except KeyError:
        raise ValueError(f"unknown penalty severity {severity!r}") from None
    if violation_type in STRICT_VIOLATION_TYPES:
        minimum = max(minimum, STRICT_MINIMUM_MONTHS)
        maximum = max(maximum, minimum)
    return minimum, maximum


def penalty_window(
    decided_on: datetime.date,
    severity: str,
    violation_type: str,
    simple_procedure: bool = False,
    categories: Iterable[str] = (),
) -> Window:
    """The legal bounds of a penalty's publicity.

    ``categories`` matter only for the simple-procedure warning rule; leave them
    out to get the bounds of a penalty that is published."""
    if simple_procedure and categories is not None:
        categories = list(categories)
        if categories and is_never_published(simple_procedure, categories):
            return Window(decided_on, decided_on, published=False)
    minimum, maximum = penalty_months(severity, violation_type)
    return Window(add_months(decided_on, minimum), add_months(decided_on, maximum))


def penalty_publicity_end(
    decided_on: datetime.date,
    severity: str,
    violation_type: str,
    publicity_until: datetime.date | None = None,
) -> datetime.date:
    """The last day a (published) penalty is public: the agency's
    ``publicity_until`` when it lies inside the legal bounds, else the maximum.

    Out-of-bounds dates are refused on every write (:func:`validate_publicity_until`);
    a stored one (older data) falls back to the maximum rather than being honoured."""
    window = penalty_window(decided_on, severity, violation_type)
    if publicity_until and window.minimum_end <= publicity_until <= window.maximum_end:
        return publicity_until
    return window.maximum_end


def validate_publicity_until(
    publicity_until: datetime.date | None,
    *,
    decided_on: datetime.date | None,
    severity: str,
    violation_type: str,
    simple_procedure: bool = False,
    categories: Iterable[str] = (),
) -> None:
    """Refuse a publicity end outside the legal bounds, naming the allowed dates."""
    if publicity_until is None or decided_on is None:
        return
    if severity not in PENALTY_PUBLICITY_MONTHS:
        return  # the severity field's own validation names the problem
    window = penalty_window(decided_on, severity, violation_type, simple_procedure, categories)
    if not window.published:
        raise ValidationError(
            {
                "publicity_until": _(
                    "A warning under the simple procedure is never published: leave the "
                    "publicity end empty."
                )
            }
        )
    if window.minimum_end <= publicity_until <= window.maximum_end:
        return
    minimum, maximum = penalty_months(severity, violation_type)
    raise ValidationError(
        {
            "publicity_until": _(
                "Publicity of this penalty (decided %(decided)s) must end between %(first)s "
                "and %(last)s (%(minimum)s to %(maximum)s months for its severity and "
                "violation type); %(given)s is outside that."
            )
            % {
                "decided": decided_on.isoformat(),
                "first": window.minimum_end.isoformat(),
                "last": window.maximum_end.isoformat(),
                "minimum": minimum,
                "maximum": maximum,
                "given": publicity_until.isoformat(),
            }
        }
    )


def repair_allowed_from(penalty) -> datetime.date:
    """The first day the subject of ``penalty`` may apply for credit repair:
    the end of its minimum publicity period. ``penalty`` needs ``decided_on``,
    ``severity`` and ``violation_type``."""
    return penalty_window(penalty.decided_on, penalty.severity, penalty.violation_type).minimum_end


# --- list entries --------------------------------------------------------------------


def removed_publicity_days(list_code: str, default_days: int | None = None) -> int:
    """Days a removed entry of ``list_code`` stays public after its removal date."""
    if list_code in REMOVED_PUBLICITY_DAYS_BY_LIST:
        return REMOVED_PUBLICITY_DAYS_BY_LIST[list_code]
    return REMOVED_LIST_ENTRY_PUBLICITY_DAYS if default_days is None else default_days


def list_entry_expires_on(
    list_code: str, listed_on: datetime.date, extended_until: datetime.date | None = None
) -> datetime.date | None:
    """The last public day of an entry of an expiring list (a dishonest debtor:
    two years after listing, or its extension), or None for lists whose
    entries stay until removed."""
    months = EXPIRING_LISTS.get(list_code)
    if months is None:
        return None
    expires = add_months(listed_on, months)
    if extended_until and extended_until > expires:
        return extended_until
    return expires


def list_entry_publicity_end(
    list_code: str,
    listed_on: datetime.date,
    removed_on: datetime.date | None = None,
    extended_until: datetime.date | None = None,
    removed_days: int | None = None,
) -> datetime.date | None:
    """The last day an entry is public; None while it is open and does not expire."""
    ends = list_entry_expires_on(list_code, listed_on, extended_until)
    if removed_on is not None:
        after_removal = removed_on + datetime.timedelta(
            days=removed_publicity_days(list_code, removed_days)
        )
        ends = after_removal if ends is None else min(ends, after_removal)
    return ends


def list_entry_is_public(
    list_code: str,
    listed_on: datetime.date,
    today: datetime.date,
    removed_on: datetime.date | None = None,
    extended_until: datetime.date | None = None,
    removed_days: int | None = None,
) -> bool:
    ends = list_entry_publicity_end(list_code, listed_on, removed_on, extended_until, removed_days)
    return ends is None or today <= ends


def validate_extended_until(
    extended_until: datetime.date | None, *, list_code: str, listed_on: datetime.date | None
) -> None:
    """An extension applies to an expiring list only, and lasts 1 to 3 years
    past the entry's normal expiry."""
    if extended_until is None or listed_on is None:
        return
    if list_code not in EXPIRING_LISTS:
        raise ValidationError(
            {"extended_until": _("Entries of this list do not expire: they cannot be extended.")}
        )
    expires = list_entry_expires_on(list_code, listed_on)
    first, last = (add_months(expires, m) for m in EXTENSION_MONTHS)
    if not first <= extended_until <= last:
        raise ValidationError(
            {
                "extended_until": _(
                    "This entry expires on %(expires)s; an extension must end between "
                    "%(first)s and %(last)s."
                )
                % {
                    "expires": expires.isoformat(),
                    "first": first.isoformat(),
                    "last": last.isoformat(),
                }
            }
        )


# --- escalation ----------------------------------------------------------------------


# --- annual reports ----------------------------------------------------------------

# An annual report is public once filed (published), for as long as the
# register holds it, like the national system's. Its financial figures are
# public only if the company chose to publish them (``figures_published``):
# otherwise no page, API answer, download, dump or feed shows them, nor the
# values of an amendment to one. The filing deadline and who must file:
# registry/filing_rule.py.
ANNUAL_REPORT_FIGURES = (
    "total_assets",
    "owners_equity",
    "total_liabilities",
    "revenue",
    "main_business_revenue",
    "profit",
    "net_profit",
    "tax_paid",
)


def annual_report_figures_public(figures_published: bool) -> bool:
    """Whether a report's financial figures (and amendments to them) are public."""
    return bool(figures_published)


def escalation_due_on(listed_on: datetime.date) -> datetime.date:
    """The day an abnormal-operations entry listed on ``listed_on`` completes
    three years: from that day, if still listed, the company moves to the
    serious-violation list."""
    return add_months(listed_on, ESCALATION_AFTER_MONTHS)


def restriction_ends_on(starts_on: datetime.date) -> datetime.date:
    """Last day of the legal representative's restriction starting ``starts_on``."""
    return add_months(starts_on, LEGAL_REPRESENTATIVE_RESTRICTION_MONTHS)


# --- the rest of the national system's company page (registry.models.filings) ----

# How long each section is public once published: gsxt keeps them on the
# company page for good (a withdrawn record leaves it). Words for the README
# and the data page; the query sets (``FilingQuerySet``) apply them.
FILING_PUBLICITY = {
    "spot_checks": "while published",
    "equity_pledges": "while published, valid and cancelled alike",
    "judicial_assistance": "from the publication date, while published",
    "chattel_mortgages": "while published, valid and cancelled alike",
    "ip_pledges": "while published, valid and cancelled alike",
    "deregistration_notices": "from the first day of the notice, while published",
}

# Simplified deregistration (简易注销): a public notice of this many days,
# counted with its first day, during which anyone may object online.
DEREGISTRATION_NOTICE_DAYS = 20


def deregistration_notice_ends_on(starts_on: datetime.date) -> datetime.date:
    """The last day of a notice starting on ``starts_on`` (its 20th day)."""
    return starts_on + datetime.timedelta(days=DEREGISTRATION_NOTICE_DAYS - 1)


def deregistration_objection_open(starts_on: datetime.date, today: datetime.date) -> bool:
    """Objections are taken from the notice's first day to its last, both included."""
    return starts_on <= today <= deregistration_notice_ends_on(starts_on)


FREEZING_KINDS = frozenset({"freeze", "renewal"})


def freeze_in_force(
    kind: str,
    period_from: datetime.date | None,
    period_until: datetime.date | None,
    today: datetime.date,
) -> bool:
    """A freeze (or its renewal) holds the equity from its first to its last day."""
    return (
        kind in FREEZING_KINDS
        and period_from is not None
        and period_until is not None
        and period_from <= today <= period_until
    )
