"""Who stands behind a company, and what a company or a person holds: the
shareholding trees of the company and person pages.

A company's tree goes up ``LEVELS_UP`` levels (its shareholders, people and
companies; the shareholders of each shareholding company; and once more) and
down one (the companies it holds shares in). A person's goes down two: the
companies the person holds shares in, and the companies each of those holds
shares in. Shareholdings are registration facts, public for every company
whatever its status (the company page's shareholder table shows them all).

Bounded whatever the data:

- one query per level, each level's ties read for all the companies of the
  level at once, at most ``LEVEL_CAP`` per company (the largest shares
  first, ranked by the database), and one query for the open list entries
  of every company shown: at most five queries for a company (its own
  shareholders come prefetched), two for a person (ditto for the person's
  own holdings); a level without companies costs none;
- at most ``LEVEL_CAP`` ties shown per level (those of the companies shown
  first come first, each company's largest first); a company whose ties were
  cut says how many more it has (``Tie.more``);
- a company is expanded once: met again, it is shown as a reference, not
  expanded, so shareholding cycles (A holds B holds A) end. ``"cycle"``: the
  company holds shares in itself through the ties above it (or is held by
  the company the tree is about, for a holding below it); ``"repeat"``: it is
  shown elsewhere in the tree, reached another way.

The trees are plain data (``Ownership``, ``Tie``); ``publicity`` draws them as
a nested list and as an SVG picture. A kept company page learns of changes to
its own shareholders and holdings, not of those farther up the tree nor of
the other companies' list entries: those show within the page's keeping time
(``publicity.caching``).
"""

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections, router

from registry.models import Company, ListEntry, Person, Shareholding

LEVELS_UP = 3
LEVEL_CAP = 10

# What a level's query reads with each shareholding: the other end of it.
SELECTED = {"company": ("holder_company", "holder_person"), "holder_company": ("company",)}

CYCLE = "cycle"
REPEAT = "repeat"


@dataclass
class Tie:
    """One shareholding as a tree shows it: the company or person at this end
    of it (the holder, going up; the company held, going down), its share and
    subscribed amount, and for a company its ``open_entries`` (public list
    entries open today, with their list), its ``children`` (the next level)
    and ``more`` (its ties of the next level not shown). ``reference`` is
    ``""``, ``"cycle"`` or ``"repeat"`` (see the module)."""

    company: Company | None
    person: Person | None
    share_percent: Decimal | None
    subscribed_amount: Decimal | None
    currency: str
    reference: str = ""
    children: list["Tie"] = field(default_factory=list)
    more: int = 0
    open_entries: list[ListEntry] = field(default_factory=list)
    # Companies on the way from the tree's subject to this tie (cycles).
    path: frozenset = frozenset()


@dataclass(frozen=True)
class Ownership:
    """A company's tree (``up``: its shareholders, three levels; ``down``: its
    holdings) or a person's (``down`` only, two levels). ``more_up`` and
    ``more_down``: the subject's own ties not shown; ``levels``: the ties
    shown per level, up (nearest first) and down; ``open_entries``: the
    company's own (empty for a person)."""

    company: Company | None
    person: Person | None
    up: list[Tie]
    down: list[Tie]
    more_up: int
    more_down: int
    levels_up: list[list[Tie]]
    levels_down: list[list[Tie]]
    open_entries: list[ListEntry]

    # For the pages' explanations: how far and how much a tree shows.
    level_cap = LEVEL_CAP
    levels_up_max = LEVELS_UP

    @property
    def companies(self) -> list[Company]:
        """Every company shown, the subject first, each once."""
        found = {} if self.company is None else {self.company.pk: self.company}
        for level in (*self.levels_up, *self.levels_down):
            for tie in level:
                if tie.company is not None:
                    found.setdefault(tie.company.pk, tie.company)
        return list(found.values())


def company_ownership(
    company: Company,
    shareholdings: Iterable[Shareholding],
    today: datetime.date,
    *,
    open_entries: Iterable[ListEntry] | None = None,
) -> Ownership:
    """The company's tree on ``today``: ``shareholdings`` are the company's
    own, with their holders (``company_report`` prefetches them);
    ``open_entries``, when the caller has them, the company's own public list
    entries open on ``today`` (the report's), so they are not read again."""
    subject = frozenset([company.pk])
    own = _largest_first(shareholdings)
    first = [_up(holding, subject) for holding in own]
    level = _capped(first)
    seen = set(subject)
    _mark(level, seen)
    levels_up = []
    while level:
        levels_up.append(level)
        if len(levels_up) == LEVELS_UP:
            break
        level = _next_level(level, "company", _up, seen)
    held_by_it = _ranked("holder_company", [company.pk]).get(company.pk, [])
    down = [_down(holding, subject) for holding in held_by_it]
    # A company it holds shares in that stands above it holds shares in it
    # too (or it is the company itself).
    for tie in down:
        if tie.company.pk in seen:
            tie.reference = CYCLE
    tree = Ownership(
        company=company,
        person=None,
        up=levels_up[0] if levels_up else [],
        down=down,
        more_up=len(own) - len(first[:LEVEL_CAP]),
        more_down=_total(held_by_it) - len(down),
        levels_up=levels_up,
        levels_down=[down] if down else [],
        open_entries=[],
    )
    return _with_open_entries(tree, today, own=open_entries)


def person_ownership(
    person: Person, holdings: Iterable[Shareholding], today: datetime.date
) -> Ownership:
    """The person's tree on ``today``: ``holdings`` are the person's own
    (with their companies), as ``person_report`` reads them."""
    own = _largest_first(holdings)
    first = _capped([_down(holding, frozenset()) for holding in own])
    seen = set()
    _mark(first, seen)
    levels = [
        level for level in (first, _next_level(first, "holder_company", _down, seen)) if level
    ]
    tree = Ownership(
        company=None,
        person=person,
        up=[],
        down=first,
        more_up=0,
        more_down=len(own) - len(first),
        levels_up=[],
        levels_down=levels,
        open_entries=[],
    )
    return _with_open_entries(tree, today)


def _up(holding, path):
    return Tie(
        company=holding.holder_company,
        person=holding.holder_person,
        share_percent=holding.share_percent,
        subscribed_amount=holding.subscribed_amount,
        currency=holding.currency,
        path=path,
    )


def _down(holding, path):
    return Tie(
        company=holding.company,
        person=None,
        share_percent=holding.share_percent,
        subscribed_amount=holding.subscribed_amount,
        currency=holding.currency,
        path=path,
    )


def _largest_first(holdings):
    """Largest share first; shares not recorded last; then as entered."""
    return sorted(
        holdings,
        key=lambda h: (h.share_percent is None, -(h.share_percent or 0), h.pk),
    )


def _capped(ties):
    return ties[:LEVEL_CAP]


def _mark(level, seen):
    """Mark the companies of ``level`` met before as references; add the
    others to ``seen`` (they are expanded)."""
    for tie in level:
        if tie.company is None:
            continue
        if tie.company.pk in tie.path:
            tie.reference = CYCLE
        elif tie.company.pk in seen:
            tie.reference = REPEAT
        else:
            seen.add(tie.company.pk)


def _next_level(level, parent_field, make, seen):
    """The ties of the next level, in one query for every company of
    ``level`` that is expanded; attached to them as ``children`` (and
    ``more``), at most ``LEVEL_CAP`` in all."""
    parents = [tie for tie in level if tie.company is not None and not tie.reference]
    ranked = _ranked(parent_field, [tie.company.pk for tie in parents])
    shown = []
    for parent in parents:
        holdings = ranked.get(parent.company.pk, [])
        path = parent.path | {parent.company.pk}
        room = max(LEVEL_CAP - len(shown), 0)
        parent.children = [make(holding, path) for holding in holdings[:room]]
        parent.more = _total(holdings) - len(parent.children)
        shown.extend(parent.children)
    _mark(shown, seen)
    return shown


def _ranked(parent_field, parent_ids):
    """The shareholdings of these companies (``parent_field`` "company": their
    shareholders; "holder_company": their holdings), at most ``LEVEL_CAP`` per
    company, largest share first, each with ``total`` (all the company's),
    by the company's id. One query; none without companies.

    Written in SQL, not with the ORM: compiling the ORM's window query took
    most of a company page's tree (1.5 ms of CPU a query, for 0.2 ms in the
    database). Its rows become model instances as the ORM makes them
    (``from_db``), the other end of each shareholding with it."""
    if not parent_ids:
        return {}
    alias = router.db_for_read(Shareholding)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(_ranked_sql(connection.vendor, parent_field, len(parent_ids)), parent_ids)
        rows = cursor.fetchall()
    found = {}
    for row in rows:
        holding, at = _instance(connection, alias, Shareholding, row, 0)
        holding.total, at = row[at], at + 1
        for name in SELECTED[parent_field]:
            relation = Shareholding._meta.get_field(name)
            other, at = _instance(connection, alias, relation.related_model, row, at)
            relation.set_cached_value(holding, other)
        found.setdefault(getattr(holding, f"{parent_field}_id"), []).append(holding)
    return found


def _instance(connection, alias, model, row, at):
    """The instance of ``model`` whose columns start at ``row[at]`` (None when
    its id is NULL), as the ORM makes it (with the backend's converters: on
    SQLite, decimals and dates come as numbers and text); and where the next
    columns start."""
    fields = model._meta.concrete_fields
    values = list(row[at : at + len(fields)])
    if values[0] is None:
        return None, at + len(fields)
    for index, expression, converters in _converters(connection.vendor, model):
        for convert in converters:
            values[index] = convert(values[index], expression, connection)
    names = [field.attname for field in fields]
    return model.from_db(alias, names, values), at + len(fields)


@functools.cache
def _converters(vendor, model):
    """The ORM's converters of ``model``'s columns read with ``vendor``: (index,
    column, converters) for each column that has some."""
    connection = connections[router.db_for_read(model)]
    out = []
    for index, column in enumerate(model._meta.concrete_fields):
        expression = column.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(expression)
        converters += column.get_db_converters(connection)
        if converters:
            out.append((index, expression, converters))
    return out


@functools.cache
def _ranked_sql(vendor, parent_field, count):
    """``_ranked``'s query for ``count`` companies: the shareholding's columns,
    ``total``, then the columns of each model of ``SELECTED[parent_field]``."""
    quote = connections[router.db_for_read(Shareholding)].ops.quote_name
    table = quote(Shareholding._meta.db_table)
    parent = quote(Shareholding._meta.get_field(parent_field).column)
    columns = [f"s.{quote(f.column)}" for f in Shareholding._meta.concrete_fields]
    joins = []
    for number, name in enumerate(SELECTED[parent_field]):
        relation = Shareholding._meta.get_field(name)
        other, model = f"o{number}", relation.related_model
        columns += [f"{other}.{quote(f.column)}" for f in model._meta.concrete_fields]
        joins.append(
            f"LEFT JOIN {quote(model._meta.db_table)} {other} "
            f"ON {other}.{quote('id')} = s.{quote(relation.column)}"
        )
    own = ", ".join(columns[: len(Shareholding._meta.concrete_fields)])
    others = ", ".join(columns[len(Shareholding._meta.concrete_fields) :])
    return (
        f"SELECT {own}, s.total, {others} FROM ("
        f"SELECT *, ROW_NUMBER() OVER (PARTITION BY {parent} ORDER BY "
        f"{quote('share_percent')} DESC NULLS LAST, {quote('id')}) AS rank, "
        f"COUNT(*) OVER (PARTITION BY {parent}) AS total FROM {table} "
        f"WHERE {parent} IN ({', '.join(['%s'] * count)})) s "
        f"{' '.join(joins)} WHERE s.rank <= {LEVEL_CAP} ORDER BY s.{parent}, s.rank"
    )


def _total(holdings):
    return holdings[0].total if holdings else 0


def _with_open_entries(tree, today, *, own=None):
    """Give every company shown its open public list entries, in one query
    (none when the only company is the subject and ``own`` gives its
    entries)."""
    companies = tree.companies
    entries = {company.pk: [] for company in companies}
    wanted = list(entries)
    if own is not None and tree.company is not None:
        entries[tree.company.pk] = sorted(own, key=lambda entry: (entry.listed_on, entry.pk))
        wanted.remove(tree.company.pk)
    if wanted:
        for entry in (
            ListEntry.objects.public(today)
            .open()
            .filter(company__in=wanted)
            .select_related("credit_list")
            .order_by("listed_on", "id")
        ):
            entries[entry.company_id].append(entry)
    for level in (*tree.levels_up, *tree.levels_down):
        for tie in level:
            if tie.company is not None:
                tie.open_entries = entries[tie.company.pk]
    if tree.company is not None:
        tree.open_entries.extend(entries[tree.company.pk])
    return tree
