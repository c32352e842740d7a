"""The publication rules for records already loaded: the twins, in Python, of
the query sets' ``public(today)`` and ``no_longer_public(today)``
(registry/models/querysets.py and the models' own query sets).

A company's read model (``registry.selectors.company_graph``) holds every
record of the company the public sees on some day or saw once, whatever the
day; the page applies the day's rules when it is read, with these functions.
Each is the same rule as its query set's, on the same stored dates and the
same rules as data (registry.publicity_rules):
tests/registry/test_public_on.py checks, for every kind of record and days
on either side of every boundary, that both pick the same records.
"""

import datetime

from django.conf import settings

from registry import publicity_rules

PUBLISHED = "published"
WITHDRAWN = "withdrawn"
# The states a read model holds: what the public sees (or saw), and what
# was withdrawn (counted, never shown, as the page's "no longer public").
SHOWN_OR_GONE = (PUBLISHED, WITHDRAWN)


def penalty(record, today: datetime.date) -> bool:
    """Published and inside its publicity window (never-published warnings
    are not loaded at all: ``PenaltyQuerySet.shown_or_gone``)."""
    return record.state == PUBLISHED and record.publicity_ends_on >= today


def published(record, today: datetime.date) -> bool:
    """Licences, court cases, ratings, spot checks, pledges and mortgages:
    public while published; nothing ends by itself."""
    return record.state == PUBLISHED


def list_entry(entry, today: datetime.date) -> bool:
    """Open entries, removed ones for a while after their removal, and an
    expiring list's entries until they expire (``_list_entry_public``)."""
    if entry.state != PUBLISHED:
        return False
    code = entry.credit_list.code
    if entry.removed_on is not None:
        days = publicity_rules.REMOVED_PUBLICITY_DAYS_BY_LIST.get(
            code, settings.REMOVED_LIST_ENTRY_PUBLICITY_DAYS
        )
        if entry.removed_on < today - datetime.timedelta(days=days):
            return False
    months = publicity_rules.EXPIRING_LISTS.get(code)
    if months is not None:
        extended = entry.extended_until is not None and entry.extended_until >= today
        if entry.listed_on < publicity_rules.add_months(today, -months) and not extended:
            return False
    return True


def annual_report(report, today: datetime.date) -> bool:
    """Published reports filed by ``today``."""
    return report.state == PUBLISHED and report.filed_on <= today


def judicial(order, today: datetime.date) -> bool:
    """A court's order, from its publication date."""
    return order.state == PUBLISHED and order.published_on <= today


def notice(notice, today: datetime.date) -> bool:
    """A deregistration notice, from its first day."""
    return notice.state == PUBLISHED and notice.starts_on <= today


def gone_because(record, public: bool) -> str | None:
    """Why a loaded record (published or withdrawn) is no longer public, as
    ``no_longer_public`` annotates it: its withdrawal kind, "ended" for a
    published record past its publicity, or None while it is public."""
    if record.state == WITHDRAWN:
        return record.withdrawal_kind
    return None if public else "ended"
