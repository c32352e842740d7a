"""The rest of the national system's company page, for one company on one
day: spot checks, equity pledges, judicial assistance, chattel mortgages, IP
pledges and simplified-deregistration notices (with the objections the
authority has handled), their timeline events and their status-box facts.

The records come with the company's others (``registry.selectors.company_graph``:
one query per kind, and one for the notices' objections); the day's
publication rules (``registry.public_on``, the twins of the models'
``public(today)`` query sets) decide what is shown.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from registry import public_on
from registry.models import (
    ChattelMortgage,
    DeregistrationNotice,
    EquityPledge,
    IpPledge,
    JudicialAssistance,
    SpotCheck,
)
from registry.selectors.timeline import Event


class Kind:
    """Timeline event kinds (the template words them)."""

    SPOT_CHECK = "spot_check"
    PLEDGED = "pledged"
    PLEDGE_CANCELLED = "pledge_cancelled"
    JUDICIAL = "judicial"
    MORTGAGED = "mortgaged"
    IP_PLEDGED = "ip_pledged"
    NOTICE = "deregistration_notice"


@dataclass
class Filings:
    today: datetime.date
    spot_checks: list = field(default_factory=list)  # newest first
    equity_pledges: list = field(default_factory=list)  # valid first, then newest first
    judicial: list = field(default_factory=list)  # newest first
    mortgages: list = field(default_factory=list)
    ip_pledges: list = field(default_factory=list)
    notices: list = field(default_factory=list)  # each with ``handled_objections``

    @property
    def count(self) -> int:
        return sum(
            len(records)
            for records in (
                self.spot_checks,
                self.equity_pledges,
                self.judicial,
                self.mortgages,
                self.ip_pledges,
                self.notices,
            )
        )

    @property
    def freezes(self) -> list:
        """Freezes (and renewals) holding the equity today: their period
        holds today, and no unfreeze of the same subject by the same court
        was published since the freeze began."""
        unfrozen = [order for order in self.judicial if order.kind == "unfreeze"]
        return [
            order
            for order in self.judicial
            if order.freezes_on(self.today)
            and not any(
                later.subject_name == order.subject_name
                and later.agency_id == order.agency_id
                and later.published_on >= order.period_from
                for later in unfrozen
            )
        ]

    @property
    def valid_pledges(self) -> list:
        return [pledge for pledge in self.equity_pledges if pledge.is_valid]

    @property
    def running_notice(self):
        """The notice whose objection period holds today, if any."""
        for notice in self.notices:
            if notice.objections_open(self.today):
                return notice
        return None


def _newest(records, date: str) -> list:
    return sorted(records, key=lambda r: (getattr(r, date), r.pk), reverse=True)


KIND_MODELS = {
    "spot_checks": SpotCheck,
    "equity_pledges": EquityPledge,
    "judicial": JudicialAssistance,
    "mortgages": ChattelMortgage,
    "ip_pledges": IpPledge,
    "notices": DeregistrationNotice,
}
RELATED = {
    "equity_pledges": ("agency", "pledgor_person", "pledgor_company"),
    "judicial": ("agency", "subject_person", "subject_company"),
}
DATES = {
    "spot_checks": "checked_on",
    "equity_pledges": "registered_on",
    "judicial": "published_on",
    "mortgages": "registered_on",
    "ip_pledges": "registered_on",
    "notices": "starts_on",
}
# The day's rule of each kind (the others: public while published).
PUBLIC_ON = {"judicial": public_on.judicial, "notices": public_on.notice}


def filings_of(company, today: datetime.date) -> Filings:
    """Everything of these sections the public may see about ``company``
    today, from its records as ``registry.selectors.company_graph`` loads
    them (``graph_filings``): narrowed by the day's rules (registry.public_on)."""
    found = {}
    for name, records in company.graph_filings.items():
        rule = PUBLIC_ON.get(name, public_on.published)
        found[name] = _newest([r for r in records if rule(r, today)], DATES[name])
        for record in found[name]:
            record.company = company  # the page's own company: no query to read it again
    found["equity_pledges"].sort(key=lambda pledge: not pledge.is_valid)
    return Filings(today=today, **found)


def filing_events(filings: Filings) -> list[Event]:
    """The dated facts of these sections, for the company's timeline."""
    events = [Event(check.checked_on, Kind.SPOT_CHECK, check) for check in filings.spot_checks]
    for pledge in filings.equity_pledges:
        events.append(Event(pledge.registered_on, Kind.PLEDGED, pledge))
        if pledge.cancelled_on:
            events.append(Event(pledge.cancelled_on, Kind.PLEDGE_CANCELLED, pledge))
    events += [Event(order.published_on, Kind.JUDICIAL, order) for order in filings.judicial]
    events += [Event(m.registered_on, Kind.MORTGAGED, m) for m in filings.mortgages]
    events += [Event(p.registered_on, Kind.IP_PLEDGED, p) for p in filings.ip_pledges]
    events += [Event(n.starts_on, Kind.NOTICE, n) for n in filings.notices]
    return events


# --- a person's equity (the person page) -------------------------------------------


def person_filing_prefetches(today: datetime.date) -> list:
    """Prefetches of a person's pledged equity (``equity_pledges_public``)
    and the courts' orders on it (``court_orders_public``): one query each."""
    return [
        Prefetch(
            "equity_pledges",
            queryset=EquityPledge.objects.public(today)
            .select_related("company", "agency")
            .order_by("-registered_on", "-pk"),
            to_attr="equity_pledges_public",
        ),
        Prefetch(
            "judicial_assistance",
            queryset=JudicialAssistance.objects.public(today)
            .select_related("company", "agency")
            .order_by("-published_on", "-pk"),
            to_attr="court_orders_public",
        ),
    ]


def mark_person_filings(person, today: datetime.date) -> None:
    """Set ``equity_pledged`` (the valid pledges) and ``equity_frozen`` (the
    freezes in force, as on the company page) on a person with the prefetches above."""
    person.equity_pledged = [p for p in person.equity_pledges_public if p.is_valid]
    by_company: dict = {}
    for order in person.court_orders_public:
        by_company.setdefault(order.company_id, []).append(order)
    person.equity_frozen = [
        order
        for orders in by_company.values()
        for order in Filings(today=today, judicial=orders).freezes
    ]
