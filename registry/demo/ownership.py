"""Who is behind a demo company: its legal representative, shareholders (people
and earlier companies), key personnel, and the names it used before.

The shapes follow the entity type: a small limited company has an executive
director who is also its legal representative and main shareholder, plus a
supervisor; a joint-stock or state-owned company a board; a partnership its
partners; a co-operative at least five members; an individual business only its
operator; a branch only the person in charge.
"""

import datetime as dt
from decimal import Decimal

from registry.demo.draws import between, chance, date_between, pick
from registry.demo.tables import plain_choices
from registry.models import Company, FormerName, Officer, Shareholding

T = plain_choices(Company.EntityType)
R = plain_choices(Officer.Role)

SPLITS = ((50, 50), (51, 49), (60, 40), (70, 30), (80, 20), (90, 10), (65, 35))
HOLDER_COUNTS = {
    T.LIMITED_LIABILITY: (1, 1, 1, 1, 2, 2, 2, 3, 3, 4),
    T.JOINT_STOCK: (3, 4, 5, 6),
    T.FOREIGN_INVESTED: (1, 1, 2),
    T.PARTNERSHIP: (2, 2, 3, 4, 5),
    T.FARMERS_COOPERATIVE: (5, 5, 6, 7, 8),
    T.STATE_OWNED: (1,),
    T.SOLE_PROPRIETORSHIP: (1,),
    T.OTHER: (0, 1),
}
BOARD_TYPES = (T.JOINT_STOCK, T.STATE_OWNED)
COMPANY_HOLDER_SHARE = {T.LIMITED_LIABILITY: 0.12, T.JOINT_STOCK: 0.5, T.STATE_OWNED: 0.8}


class Ownership:
    def __init__(self, rng, people, namer, ids, as_of):
        self.rng, self.people, self.namer, self.ids, self.as_of = rng, people, namer, ids, as_of
        self.batch = None

    def fill(self, company, holders_pool):
        """Legal representative, shareholdings and officers of a new company."""
        rng, kind = self.rng, company.entity_type
        province, year = company.leaf.province.code, company.established.year
        if kind == T.FOREIGN_INVESTED and chance(rng, 0.4):
            rep = self.people.foreigner()
        else:
            rep = self.people.known_or_new(province, year, 0.08)
        company.legal_rep = rep
        if kind in (T.INDIVIDUAL_BUSINESS,):
            return
        if kind == T.BRANCH:
            self._officer(company, rep, R.MANAGER)
            return
        people = self._shareholders(company, rep, holders_pool)
        self._officers(company, rep, [p for p in people if p is not rep])

    def _shareholders(self, company, rep, holders_pool):
        rng, kind = self.rng, company.entity_type
        count = pick(rng, HOLDER_COUNTS.get(kind, (1,)))
        if count == 0:
            return []
        holders = []
        if kind == T.FOREIGN_INVESTED:
            holders.append(("person", rep if rep.name.isascii() else self.people.foreigner()))
        elif kind != T.STATE_OWNED or chance(rng, 0.3):
            holders.append(("person", rep))
        province, year = company.leaf.province.code, company.established.year
        while len(holders) < count:
            if chance(rng, COMPANY_HOLDER_SHARE.get(kind, 0.05)):
                other = holders_pool.pick(rng)
                if other is not None and all(h[1] is not other for h in holders):
                    holders.append(("company", other))
                    continue
            person = self.people.known_or_new(province, year, 0.15)
            if all(h[1] is not person for h in holders):
                holders.append(("person", person))
        for (holder_kind, holder), share in zip(holders, self._shares(len(holders)), strict=True):
            amount = None
            if company.capital is not None:
                amount = (Decimal(company.capital) * share / 100).quantize(Decimal("0.01"))
            self.batch.add(
                Shareholding,
                id=self.ids.take(Shareholding),
                company_id=company.id,
                holder_person_id=holder.id if holder_kind == "person" else None,
                holder_company_id=holder.id if holder_kind == "company" else None,
                subscribed_amount=amount,
                currency="CNY",
                share_percent=share,
                subscribed_on=company.established,
            )
        return [holder for holder_kind, holder in holders if holder_kind == "person"]

    def _shares(self, count: int) -> list[Decimal]:
        """Percentages adding up to exactly 100, round ones where people choose them."""
        rng = self.rng
        if count == 1:
            return [Decimal(100)]
        if count == 2:
            major, minor = pick(rng, SPLITS)
            return [Decimal(major), Decimal(minor)]
        weights = [rng.random() + 0.2 for _ in range(count)]
        weights.sort(reverse=True)
        total = sum(weights)
        shares = [Decimal(round(100 * w / total, 2)).quantize(Decimal("0.01")) for w in weights]
        shares[0] += Decimal(100) - sum(shares)
        return shares

    def _officers(self, company, rep, partners):
        """Key personnel; a supervisor is often one of the other shareholders."""
        rng, kind = self.rng, company.entity_type
        province, year = company.leaf.province.code, company.established.year

        def supervisor():
            if partners and chance(rng, 0.7):
                return partners.pop()
            return self.people.known_or_new(province, year, 0.05)

        if kind == T.PARTNERSHIP:
            self._officer(company, rep, R.PARTNER)
            return
        if kind == T.SOLE_PROPRIETORSHIP:
            return
        if kind == T.FARMERS_COOPERATIVE:
            self._officer(company, rep, R.CHAIR)
            self._officer(company, supervisor(), R.SUPERVISOR)
            return
        if kind == T.OTHER:
            self._officer(company, rep, R.MANAGER)
            return
        board = kind in BOARD_TYPES or (company.capital or 0) >= 10_000_000 and chance(rng, 0.4)
        if board:
            self._officer(company, rep, R.CHAIR)
            for _ in range(between(rng, 2, 4)):
                self._officer(company, self.people.known_or_new(province, year, 0.1), R.DIRECTOR)
            for _ in range(between(rng, 1, 3)):
                self._officer(company, supervisor(), R.SUPERVISOR)
        else:
            self._officer(company, rep, R.EXECUTIVE_DIRECTOR)
            self._officer(company, supervisor(), R.SUPERVISOR)
        manager = rep if chance(rng, 0.85) else self.people.new(province, year)
        self._officer(company, manager, R.GENERAL_MANAGER)
        if chance(rng, 0.05):  # a former officer, now gone
            until = date_between(rng, company.established, self.as_of)
            self._officer(company, self.people.new(province, year), R.DIRECTOR, until=until)

    def _officer(self, company, person, role, until=None):
        self.batch.add(
            Officer,
            id=self.ids.take(Officer),
            company_id=company.id,
            person_id=person.id,
            role=role,
            since=company.established,
            until=until,
        )

    def former_names(self, company):
        """One or two names the company used before its current one (about 10%).

        Half keep the trade name under another industry word (a change of
        business), half keep the industry under another trade name.
        """
        rng = self.rng
        first_change = company.established + dt.timedelta(days=180)
        if company.parts is None or first_change >= self.as_of or not chance(rng, 0.1):
            return
        region, after, trade, other_word = company.parts
        count = 1 if chance(rng, 0.85) else 2
        changes = sorted(date_between(rng, first_change, self.as_of) for _ in range(count))
        used_from = company.established
        for change in changes:
            if other_word and chance(rng, 0.5):
                old = self.namer.compose(region, (other_word, *after[1:]), keep_trade=trade)
            else:
                old = self.namer.compose(region, after)
            self.batch.add(
                FormerName,
                id=self.ids.take(FormerName),
                company_id=company.id,
                name=old.name,
                used_from=used_from,
                used_until=change,
            )
            used_from = change
