"""One record by its kind and number: what its own page shows while it is
public, why and since when it left public view (its tombstone), or nothing.

``record_page(kind, pk, today, language=...)`` answers a :class:`RecordPage`
(the record, public on ``today`` by the models' ``public(today)``), a
:class:`Tombstone` (the record was public once: ``no_longer_public(today)``
names why, as on the company page's count of ``tombstones``), or None: a
record never published (a draft, one waiting for review, a warning under the
simple procedure) and a number no record ever had look the same.

A tombstone holds no content of the record at all (no amount, facts or
decision number): only its kind, why it left, since when, and whose record it
was (the company or person it is about, the companies among a case's
parties), so that no page built from it can show more.

Kinds are the objection's (``registry.models.redress.RECORD_KINDS``):
"penalty", "licence", "case", "entry" (a list entry). A public record costs
one query, one more for whether an objection to it waits, and one for a
penalty's categories or a court case's parties; a tombstone two (a court
case's three, with its parties), None two.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch

from registry import publicity_rules, redress
from registry.models import CaseParty, PenaltyCategory
from registry.models.redress import RECORD_KINDS
from registry.names import display_name
from registry.selectors.company import TOMBSTONE_REASONS

KINDS = ("penalty", "licence", "case", "entry")
ONE_DAY = datetime.timedelta(days=1)

# What each kind's page shows beside the record itself.
_RELATED = {
    "penalty": ("company", "person", "agency"),
    "licence": ("company", "agency"),
    "case": ("court",),
    "entry": (
        "credit_list",
        "company",
        "person",
        "authority",
        "removal_authority",
        "debtor__province",
    ),
}
_PREFETCH = {
    "penalty": (Prefetch("categories", queryset=PenaltyCategory.objects.order_by("id")),),
    "case": (Prefetch("parties", queryset=CaseParty.objects.select_related("company", "person")),),
}


@dataclass(frozen=True)
class RecordPage:
    """A public record with what its page shows: its subject (``company``
    or ``person``; a court case has ``parties`` instead), its agency through
    the record, ``under_objection`` on the record, and its publicity window.
    A list entry carries ``list_name`` (in the language asked for)."""

    kind: str
    record: Any
    company: Any  # the company the record is about, or None
    person: Any  # the person it is about, or None
    public_until: datetime.date | None  # its last public day; None: no end set
    removal_days: int | None = None  # an open list entry: public this long after removal
    repair_from: datetime.date | None = None  # a penalty: credit repair from this day
    parties: list = field(default_factory=list)  # a court case's


@dataclass(frozen=True)
class Tombstone:
    """A record the public saw once, without its content."""

    kind: str
    gone_because: str  # "ended" or a WithdrawalKind
    reason: str  # TOMBSTONE_REASONS' words for it
    since: datetime.date | None  # the first day it was no longer public, when known
    companies: list  # the companies it is about (a case: those among its parties)
    person: Any  # the person it is about, or None
    list_code: str = ""  # a list entry's list


def record_page(
    kind: str, pk: int, today: datetime.date, *, language: str = "zh-hans"
) -> RecordPage | Tombstone | None:
    """The page of the record of ``kind`` numbered ``pk`` on ``today`` (see
    the module's docstring). ``language`` chooses a list's name."""
    if kind not in KINDS:
        raise ValueError(f"No page for records of kind {kind!r}.")
    model = RECORD_KINDS[kind]
    found = list(
        model.objects.public(today)
        .select_related(*_RELATED[kind])
        .prefetch_related(*_PREFETCH.get(kind, ()))
        .filter(pk=pk)
        .order_by()[:1]
    )
    if not found:
        return _tombstone(kind, pk, today)
    record = found[0]
    redress.mark_under_objection(**{kind: [record]})
    if kind == "penalty":
        return RecordPage(
            kind,
            record,
            record.company,
            record.person,
            public_until=record.publicity_ends_on,
            repair_from=publicity_rules.repair_allowed_from(record),
        )
    if kind == "licence":
        return RecordPage(kind, record, record.company, None, public_until=None)
    if kind == "case":
        parties = list(record.parties.all())
        return RecordPage(kind, record, None, None, public_until=None, parties=parties)
    record.list_name = display_name(record.credit_list, language=language)
    code = record.credit_list.code
    return RecordPage(
        kind,
        record,
        record.company,
        record.person,
        public_until=_entry_publicity_end(record),
        removal_days=publicity_rules.removed_publicity_days(code, _removed_days()),
    )


def _tombstone(kind, pk, today) -> Tombstone | None:
    model = RECORD_KINDS[kind]
    subjects = {
        "penalty": ("company", "person"),
        "licence": ("company",),
        "case": (),
        "entry": ("company", "person", "credit_list"),
    }[kind]
    queryset = model.objects.no_longer_public(today).select_related(*subjects)
    if kind == "case":
        parties = CaseParty.objects.select_related("company")
        queryset = queryset.prefetch_related(Prefetch("parties", queryset=parties))
    gone = list(queryset.filter(pk=pk).order_by()[:1])
    if not gone:
        return None
    record = gone[0]
    if kind == "case":
        companies = [party.company for party in record.parties.all() if party.company_id]
    else:
        companies = [record.company] if record.company_id else []
    return Tombstone(
        kind=kind,
        gone_because=record.gone_because,
        reason=TOMBSTONE_REASONS.get(record.gone_because, TOMBSTONE_REASONS["ended"]),
        since=_gone_since(kind, record),
        companies=list(dict.fromkeys(companies)),
        person=getattr(record, "person", None),
        list_code=record.credit_list.code if kind == "entry" else "",
    )


def _gone_since(kind, record) -> datetime.date | None:
    """The first day the record was not public: its withdrawal date, or the
    day after its last public day."""
    if record.gone_because != "ended":
        return record.withdrawn_on
    if kind == "penalty":
        ends = record.publicity_ends_on
    elif kind == "entry":
        ends = _entry_publicity_end(record)
    else:
        ends = None  # licences and court cases have no end: never "ended"
    return ends + ONE_DAY if ends is not None else None


def _removed_days() -> int:
    return settings.REMOVED_LIST_ENTRY_PUBLICITY_DAYS


def _entry_publicity_end(entry) -> datetime.date | None:
    return publicity_rules.list_entry_publicity_end(
        entry.credit_list.code,
        entry.listed_on,
        entry.removed_on,
        entry.extended_until,
        _removed_days(),
    )
