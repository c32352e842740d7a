"""The rest of the national system's company page, for one company on one
day: spot checks, equity pledges, judicial assistance, chattel mortgages, IP
pledges and simplified-deregistration notices (with the objections the
authority has handled), their timeline events and their status-box facts.

One query per kind, and one for the notices' objections: seven in all,
whatever the number of records. Every list is built on the models'
``public(today)`` querysets, so the publication rules decide what is shown.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from registry.models import (
    ChattelMortgage,
    DeregistrationNotice,
    DeregistrationObjection,
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


def company_filings(company, today: datetime.date) -> Filings:
    """Everything of these sections the public may see about ``company`` today."""
    of_company = {"company_id": company.pk}
    objections = DeregistrationObjection.objects.handled().order_by("received_on", "pk")
    notices = list(
        DeregistrationNotice.objects.public(today)
        .filter(**of_company)
        .select_related("agency")
        .prefetch_related(Prefetch("objections", queryset=objections, to_attr="handled_objections"))
        .order_by()
    )
    pledges = _newest(
        EquityPledge.objects.public(today)
        .filter(**of_company)
        .select_related("agency", "pledgor_person", "pledgor_company")
        .order_by(),
        "registered_on",
    )
    pledges.sort(key=lambda pledge: not pledge.is_valid)
    return Filings(
        today=today,
        spot_checks=_newest(
            SpotCheck.objects.public(today)
            .filter(**of_company)
            .select_related("agency")
            .order_by(),
            "checked_on",
        ),
        equity_pledges=pledges,
        judicial=_newest(
            JudicialAssistance.objects.public(today)
            .filter(**of_company)
            .select_related("agency", "subject_person", "subject_company")
            .order_by(),
            "published_on",
        ),
        mortgages=_newest(
            ChattelMortgage.objects.public(today)
            .filter(**of_company)
            .select_related("agency")
            .order_by(),
            "registered_on",
        ),
        ip_pledges=_newest(
            IpPledge.objects.public(today).filter(**of_company).select_related("agency").order_by(),
            "registered_on",
        ),
        notices=_newest(notices, "starts_on"),
    )


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


def filing_facts(filings: Filings | None) -> list:
    """The status box's facts from these sections: equity frozen by a court
    (a warning), a simplified-deregistration notice running (a warning: a
    creditor must object before its last day), equity pledged (a note)."""
    from registry.selectors.status import NOTICE, WARNING, Fact

    if filings is None:
        return []
    facts = []
    notice = filings.running_notice
    if notice is not None:
        facts.append(
            Fact(
                "deregistration_notice",
                WARNING,
                f"deregistration-{notice.pk}",
                {"notice": notice},
            )
        )
    freezes = filings.freezes
    if freezes:
        facts.append(
            Fact("equity_frozen", WARNING, f"judicial-{freezes[0].pk}", {"freezes": freezes})
        )
    pledges = filings.valid_pledges
    if pledges:
        total = sum((pledge.amount or Decimal(0) for pledge in pledges), Decimal(0))
        facts.append(
            Fact(
                "equity_pledged",
                NOTICE,
                f"pledge-{pledges[0].pk}",
                {"pledges": pledges, "count": len(pledges), "total": total},
            )
        )
    return facts
