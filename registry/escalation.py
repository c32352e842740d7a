"""Escalation: a company still on the abnormal-operations list three years
after its listing moves onto the serious-violation list, and its legal
representative may not hold that role in another company for three years
(registry.publicity_rules; the command ``escalate_abnormal_operations``).

Idempotent and safe to run every day: the dates come from the listing (the day
its three years were complete), not from the day the command runs, and what was
done once is recognised and not done again, even after the serious-violation
entry was later removed by its agency."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from registry import publicity_rules, services
from registry.models import CreditList, ListEntry, Person, Restriction
from registry.models.base import RecordState

COMMAND = "escalate_abnormal_operations"
# Decision numbers are at most 100 characters; the suffix marks an escalation.
SUFFIX = "（满三年转严重违法失信）"


@dataclass
class Step:
    """What escalation does (or would do) for one abnormal-operations entry."""

    entry: ListEntry
    due_on: datetime.date
    list_company: bool
    restrict: Person | None
    note: str = ""

    @property
    def decision_number(self) -> str:
        return escalation_decision_number(self.entry)

    @property
    def restriction_ends_on(self) -> datetime.date:
        return publicity_rules.restriction_ends_on(self.due_on)

    def describe(self, dry_run: bool) -> str:
        company = self.entry.company
        verb = "would" if dry_run else "did"
        parts = []
        if self.list_company:
            parts.append(
                f"{verb} list on the serious-violation list as of {self.due_on} "
                f"(decision {self.decision_number})"
            )
        if self.restrict is not None:
            parts.append(
                f"{verb} restrict legal representative {self.restrict.name} "
                f"from {self.due_on} to {self.restriction_ends_on}"
            )
        if self.note:
            parts.append(self.note)
        return (
            f"{company.name} ({company.uscc}), abnormal-operations entry "
            f"{self.entry.decision_number} listed {self.entry.listed_on}: " + "; ".join(parts)
        )


def escalation_decision_number(entry: ListEntry) -> str:
    return entry.decision_number[: 100 - len(SUFFIX)] + SUFFIX


def due_entries(today: datetime.date):
    """Published abnormal-operations entries of companies listed three years
    or more by ``today`` and not removed before the three years were complete."""
    cutoff = publicity_rules.add_months(today, -publicity_rules.ESCALATION_AFTER_MONTHS)
    entries = (
        ListEntry.objects.filter(
            credit_list__code=publicity_rules.ABNORMAL_OPERATIONS_LIST,
            state=RecordState.PUBLISHED,
            company__isnull=False,
            listed_on__lte=cutoff,
        )
        .select_related("company__legal_representative", "authority")
        .order_by("listed_on", "pk")
    )
    for entry in entries.iterator(chunk_size=500):
        due = publicity_rules.escalation_due_on(entry.listed_on)
        if due <= today and (entry.removed_on is None or entry.removed_on > due):
            yield entry, due


def plan(today: datetime.date) -> list[Step]:
    """What remains to be done on ``today``; empty when everything was done."""
    serious = CreditList.objects.get(code=publicity_rules.SERIOUS_VIOLATION_LIST)
    steps = []
    for entry, due in due_entries(today):
        company = entry.company
        escalated = ListEntry.objects.filter(
            authority=entry.authority, decision_number=escalation_decision_number(entry)
        ).exists()
        # Already moved (by this command, or by its agency on or after the due day).
        listed_since = (
            ListEntry.objects.filter(company=company, credit_list=serious, listed_on__gte=due)
            .exclude(state=RecordState.WITHDRAWN)
            .exists()
        )
        open_now = ListEntry.objects.filter(
            company=company, credit_list=serious, removed_on__isnull=True
        ).exclude(state=RecordState.WITHDRAWN)
        list_company = not (escalated or listed_since or open_now.exists())
        person = company.legal_representative
        restrict = person
        if person is not None and (
            Restriction.objects.filter(
                person=person,
                source_entry=entry,
                kind=Restriction.Kind.LEGAL_REPRESENTATIVE_BAN,
            ).exists()
        ):
            restrict = None
        note = ""
        if person is None and list_company:
            note = "no legal representative on record to restrict"
        if list_company or restrict is not None:
            steps.append(Step(entry, due, list_company, restrict, note))
    return steps


def carry_out(step: Step) -> None:
    """Do one step, all of it or nothing."""
    entry, company = step.entry, step.entry.company
    reason = f"列入经营异常名录（{entry.decision_number}）满三年仍未移出，列入严重违法失信名单"
    with transaction.atomic():
        if step.list_company:
            services.list_entry_upsert(
                credit_list=CreditList.objects.get(code=publicity_rules.SERIOUS_VIOLATION_LIST),
                company=company,
                reason=reason,
                listed_on=step.due_on,
                decision_number=step.decision_number,
                authority=entry.authority,
                change_reason=COMMAND,
            )
        if step.restrict is not None:
            services.restriction_record(
                person=step.restrict,
                company=company,
                kind=Restriction.Kind.LEGAL_REPRESENTATIVE_BAN,
                starts_on=step.due_on,
                ends_on=step.restriction_ends_on,
                reason=f"{company.name}{reason}；三年内不得担任其他企业的法定代表人、负责人",
                source_entry=entry,
                change_reason=COMMAND,
            )
