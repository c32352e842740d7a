"""Administrative penalties."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from registry import publicity_rules
from registry.models import Agency, Company, Penalty, PenaltyCategory
from registry.models.base import NEGATIVE_AMOUNT
from registry.services.saving import (
    REASON_MAX_LENGTH,
    Outcome,
    _delete_with_reason,
    _refuse_existing,
    _reviewed_entry,
    _save,
)

# --- penalties ---------------------------------------------------------------


def penalty_validate(
    *,
    categories: list[str],
    fine_amount: Decimal | None,
    publicity_until: date | None = None,
    decided_on: date | None = None,
    severity: str = Penalty.Severity.GENERAL,
    violation_type: str = "",
    simple_procedure: bool = False,
    confiscated: Decimal | None = None,
    **_ignored,
) -> None:
    """The rules a penalty must meet beyond its fields' own, whichever channel
    writes it (import, admin): raises ValidationError keyed by field. A
    ``publicity_until`` outside the legal bounds (registry.publicity_rules) is
    refused with the allowed dates."""
    if not categories:
        raise ValidationError({"categories": _("At least one penalty category is required.")})
    unknown = [c for c in categories if c not in PenaltyCategory.Category.values]
    if unknown:
        raise ValidationError(
            {
                "categories": _("Unknown penalty category: %(codes)s. Known: %(known)s.")
                % {"codes": ", ".join(unknown), "known": ", ".join(PenaltyCategory.Category.values)}
            }
        )
    negative = {
        field: str(NEGATIVE_AMOUNT)
        for field, amount in (("fine_amount", fine_amount), ("confiscated_amount", confiscated))
        if amount is not None and amount < 0
    }
    if negative:
        raise ValidationError(negative)
    if PenaltyCategory.Category.FINE in categories and not fine_amount:
        raise ValidationError({"fine_amount": _("A fine needs a fine amount.")})
    publicity_rules.validate_publicity_until(
        publicity_until,
        decided_on=decided_on,
        severity=severity,
        violation_type=violation_type,
        simple_procedure=simple_procedure,
        categories=categories,
    )


def penalty_rules(penalty: Penalty, categories: list[str] | None = None) -> None:
    """:func:`penalty_validate` on a penalty as it stands (the admin's form,
    approval): ``categories`` as chosen, or else those saved."""
    if categories is None:
        categories = (
            list(penalty.categories.order_by("id").values_list("category", flat=True))
            if penalty.pk
            else []
        )
    penalty_validate(
        categories=categories,
        fine_amount=penalty.fine_amount,
        confiscated=penalty.confiscated_amount,
        publicity_until=penalty.publicity_until,
        decided_on=penalty.decided_on,
        severity=penalty.severity or Penalty.Severity.GENERAL,
        violation_type=penalty.violation_type,
        simple_procedure=bool(penalty.simple_procedure),
    )


def penalty_set_categories(
    *, penalty: Penalty, categories: list[str], change_reason: str = ""
) -> bool:
    """Give ``penalty`` exactly ``categories`` (in order); True when that changed anything."""
    wanted = list(dict.fromkeys(categories))
    have = list(penalty.categories.order_by("id").values_list("category", flat=True))
    if have == wanted:
        return False
    _delete_with_reason(penalty.categories.all(), change_reason)
    bulk_create_with_history(
        [PenaltyCategory(penalty=penalty, category=c) for c in wanted],
        PenaltyCategory,
        default_change_reason=change_reason[:REASON_MAX_LENGTH] or None,
    )
    return True


@transaction.atomic
def penalty_upsert(
    *,
    agency: Agency,
    decision_number: str,
    company: Company,
    violation_type: str,
    violation_facts: str,
    legal_basis: str,
    categories: list[str],
    penalty_content: str,
    decided_on: date,
    fine_amount: Decimal | None = None,
    confiscated_amount: Decimal | None = None,
    publicity_until: date | None = None,
    valid_until: date | None = None,
    severity: str = Penalty.Severity.GENERAL,
    simple_procedure: bool = False,
    licence_affected: str = "",
    data_source: str = "",
    change_reason: str = "",
    state: str | None = None,
    entered_by=None,
) -> Outcome:
    """``state`` given (the admin's import): a new penalty starts in that
    state, entered by ``entered_by``; an existing one with other values is
    refused. Otherwise (the import command) it is published as it is."""
    penalty_validate(
        categories=categories,
        fine_amount=fine_amount,
        confiscated=confiscated_amount,
        publicity_until=publicity_until,
        decided_on=decided_on,
        severity=severity,
        violation_type=violation_type,
        simple_procedure=simple_procedure,
    )
    entry = _reviewed_entry(state, entered_by)
    values = {
        "company": company,
        "person": None,
        "subject_name": company.name,
        "legal_representative": company.legal_representative_name,
        "violation_type": violation_type,
        "violation_facts": violation_facts,
        "legal_basis": legal_basis,
        "penalty_content": penalty_content,
        "fine_amount": fine_amount,
        "confiscated_amount": confiscated_amount,
        "decided_on": decided_on,
        "publicity_until": publicity_until,
        "valid_until": valid_until,
        "severity": severity,
        "simple_procedure": simple_procedure,
        "licence_affected": licence_affected,
        "data_source": data_source,
    }
    outcome = _save(
        Penalty,
        {"agency": agency, "decision_number": decision_number},
        values,
        change_reason,
        entry,
    )
    wanted = list(dict.fromkeys(categories))
    have = (
        []
        if outcome.created
        else list(outcome.obj.categories.order_by("id").values_list("category", flat=True))
    )
    if have != wanted:
        if entry and not outcome.created:
            _refuse_existing(outcome.obj)
        if not outcome.created:
            _delete_with_reason(outcome.obj.categories.all(), change_reason)
        bulk_create_with_history(
            [PenaltyCategory(penalty=outcome.obj, category=c) for c in wanted],
            PenaltyCategory,
            default_user=entry["user"] if entry else None,
            default_change_reason=change_reason[:REASON_MAX_LENGTH] or None,
        )
        outcome.changed = True
    return outcome
