"""What the lists of public records show a desk officer: found by a company's
name or code, each row with its public state, the end of its publicity,
whether an objection to it waits, and a link to where the public reads it.

- Search (``RecordSearch``): the exact decision or case number, or a company
  as the public search finds it (``registry.search``: a name fragment, pinyin,
  the first characters of the credit code), bounded: at most
  ``SEARCH_COMPANIES`` matching companies, then the records of those
  companies; never a ``LIKE`` over the records themselves.
- Columns (``DeskColumns``): the public state by the querysets' own
  ``public(today)`` and ``no_longer_public(today)`` rules, and "under
  objection" (``registry.redress.mark_under_objection``), each asked once per
  page for the page's rows (``changelists.CheckedChangeList`` calls
  ``prepare_page``); amounts and dates as the public site writes them.
"""

import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Q, Value
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry import models as m
from registry import money, permissions, publicity_rules, search
from registry.models.base import RecordState
from registry.redress import mark_under_objection

# How many matching companies a search of the records takes at most.
SEARCH_COMPANIES = 200

# The kind of each record as objections name it (registry.models.redress.RECORD_FIELDS),
# and as the company page's anchors name its rows (#penalty-12).
KINDS = {
    m.Penalty: "penalty",
    m.Licence: "licence",
    m.ListEntry: "entry",
    m.CourtCase: "case",
    m.Rating: "rating",
}


def public_record_url(record) -> str | None:
    """Where the public reads ``record``: its own page (penalties, licences,
    court cases, list entries), else its row on its company's page (ratings).
    The one place that says so."""
    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    company = getattr(record, "public_company", None) or getattr(record, "company", None)
    if company is None:
        return None
    return f"{company.get_absolute_url()}#{KINDS[type(record)]}-{record.pk}"


class PublicState:
    """What the public sees of a record today, beside its review state."""

    PUBLIC = _("public now")
    ENDED = _("publicity ended")
    NOT_SHOWN = _("published, not shown to the public")
    LABELS = {
        RecordState.DRAFT: _("draft"),
        RecordState.PENDING: _("pending review"),
        RecordState.WITHDRAWN: _("withdrawn"),
    }


def _date(day) -> str:
    return day.isoformat() if day else "—"


class RecordSearch:
    """The search box of a list of records (see the module's doc)."""

    number_field = "decision_number"
    # The record's companies, as a lookup from the record.
    company_field = "company"
    search_help_text = _(
        "Part of a company's name (or its pinyin), the first characters of its credit "
        "code, or the exact decision number."
    )

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        match = Q(**{self.number_field: term})
        if search.has_words(term):
            query = search.parse(term)
            found = search.bounded_candidates(
                query, cap=SEARCH_COMPANIES, limit=SEARCH_COMPANIES + 1
            )
            ids = found.ids[:SEARCH_COMPANIES]
            if found.capped:
                messages.info(
                    request,
                    _(
                        "More than %(n)d companies match “%(term)s”: the records of "
                        "%(n)d of them are listed. Type more of the name or of the code."
                    )
                    % {"n": SEARCH_COMPANIES, "term": query.text},
                )
            if ids:
                match |= self.of_companies(ids)
        return queryset.filter(match), False

    def of_companies(self, ids: list[int]) -> Q:
        return Q(**{f"{self.company_field}_id__in": ids})


class DeskColumns:
    """The desk's columns (see the module's doc); ``list_display`` names them."""

    def get_list_display(self, request):
        # The public state says the review state too; a staff member's list
        # holds only their own agency's records.
        hidden = {"state"} if permissions.is_central(request.user) else {"state", self.agency_field}
        shown = [c for c in super().get_list_display(request) if c not in hidden]
        return [*shown, "public_state", "publicity_end", "objection", "public_link"]

    def prepare_page(self, request, records: list) -> None:
        """Fill in what the columns show for a page of ``records``: a few
        queries for the whole page."""
        if not records:
            return
        today = timezone.localdate()
        pks = [r.pk for r in records]
        rows = self.model.objects.filter(pk__in=pks).order_by()  # SQLite: no order in a union
        # One query: the rows public today, and those no longer public.
        public = rows.public(today).values_list("pk", Value(True))
        gone = rows.filter(state=RecordState.PUBLISHED).no_longer_public(today)
        shown = dict(public.union(gone.values_list("pk", Value(False)), all=True))
        for record in records:
            record.public_now = shown.get(record.pk) is True
            record.publicity_over = shown.get(record.pk) is False
        mark_under_objection(**{KINDS[self.model]: records})

    @admin.display(description=_("public state"))
    def public_state(self, obj):
        if obj.state != RecordState.PUBLISHED:
            return PublicState.LABELS[obj.state]
        if getattr(obj, "public_now", False):
            return PublicState.PUBLIC
        if getattr(obj, "publicity_over", False):
            return PublicState.ENDED
        return PublicState.NOT_SHOWN

    @admin.display(description=_("publicity ends"))
    def publicity_end(self, obj):
        end = self.publicity_end_of(obj)
        return _date(end) if end is None or isinstance(end, datetime.date) else end

    def publicity_end_of(self, obj) -> datetime.date | str | None:
        """The last public day of ``obj`` by the rules, or words saying when
        it ends; None when the rules set no end."""
        return None

    @admin.display(description=_("under objection"))
    def objection(self, obj):
        # Words where an objection waits, nothing to read where none does.
        if getattr(obj, "under_objection", False):
            return format_html('<strong class="under-objection">{}</strong>', _("yes"))
        return "—"

    @admin.display(description=_("on the public site"))
    def public_link(self, obj):
        url = public_record_url(obj) if getattr(obj, "public_now", False) else None
        if not url:
            return "—"
        return format_html('<a href="{}">{}</a>', url, _("view"))


def date_column(field: str, label):
    """A list column showing ``field`` as the public site writes dates (2025-06-01)."""

    @admin.display(description=label, ordering=field)
    def column(self, obj):
        return _date(getattr(obj, field))

    column.__name__ = f"{field}_shown"
    return column


def amount_column(field: str, label):
    """A list column showing ``field`` in yuan as the public site does (¥1,234.00)."""

    @admin.display(description=label, ordering=field)
    def column(self, obj):
        return money.yuan(getattr(obj, field)) or "—"

    column.__name__ = f"{field}_shown"
    return column


def list_entry_publicity_end(entry) -> datetime.date | str:
    end = publicity_rules.list_entry_publicity_end(
        entry.credit_list.code,
        entry.listed_on,
        entry.removed_on,
        entry.extended_until,
        settings.REMOVED_LIST_ENTRY_PUBLICITY_DAYS,
    )
    return end or _("until removed")


def case_companies(records) -> None:
    """Set ``public_company`` on each court case: its first party that is a
    registered company (the page the public finds it on), in one query."""
    firsts = {}
    parties = (
        m.CaseParty.objects.filter(case__in=records, company__isnull=False)
        .select_related("company")
        .order_by("case_id", "pk")
    )
    for party in parties:
        firsts.setdefault(party.case_id, party.company)
    for record in records:
        record.public_company = firsts.get(record.pk)
