"""What a credit list's page lists: its current entries, or its removals of
the last year (``View``), each with the date its date filters apply to. The
list page, its CSV and the API's list entries (``?view=``) read these, so the
same filters give the same entries in each."""

import datetime
import enum

from registry.models import CreditList, ListEntry

RECENT_REMOVALS = datetime.timedelta(days=365)


class View(enum.StrEnum):
    CURRENT = "current"  # open entries, filtered by the date listed
    REMOVALS = "removals"  # entries removed in the last year, by the date removed


def list_entries(view: View, today: datetime.date, credit_list: CreditList | None = None):
    """The public entries of ``view`` (of ``credit_list``, or of every list),
    unordered but for removals (newest removal first), and the name of the
    date field the view's date filters apply to."""
    entries = ListEntry.objects.public(today)
    if credit_list is not None:
        entries = entries.filter(credit_list=credit_list)
    if view == View.REMOVALS:
        removed = (
            entries.removed()
            .filter(removed_on__gte=today - RECENT_REMOVALS)
            .select_related("company", "authority", "removal_authority")
            .order_by("-removed_on", "-id")
        )
        return removed, "removed_on"
    return entries.open().select_related("company", "authority"), "listed_on"
