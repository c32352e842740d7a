"""Court cases and their parties."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from registry import case_numbers
from registry.models import Agency, CaseParty, Company, CourtCase, Person
from registry.services.saving import (
    Outcome,
    _delete_with_reason,
    _refuse_existing,
    _reviewed_entry,
    _save,
    _save_with_reason,
)

# --- court cases -------------------------------------------------------------


@dataclass
class PartyInput:
    role: str
    name: str
    company: Company | None = None
    person: Person | None = None


def court_case_parts(*, case_number: str, court: Agency, case_type: str = "") -> dict:
    """Check a case number against its court and type, and return its parts
    (``case_number`` normalised, ``year``, ``court_code``, ``type_code``,
    ``serial``, ``case_type``), for every channel that writes court cases."""
    try:
        parsed = case_numbers.parse(case_number)
    except case_numbers.CaseNumberError as error:
        raise ValidationError({"case_number": str(error)}) from None
    if court.kind != Agency.Kind.COURT:
        raise ValidationError({"court": _("%(name)s is not a court.") % {"name": court.name}})
    if court.court_code and court.court_code != parsed.court_code:
        raise ValidationError(
            {
                "case_number": _(
                    "The case number's court code %(given)s is not the code of %(court)s "
                    "(%(code)s)."
                )
                % {"given": parsed.court_code, "court": court.name, "code": court.court_code}
            }
        )
    if case_type and parsed.case_type != "other" and case_type != parsed.case_type:
        raise ValidationError(
            {
                "case_type": _(
                    "Case type %(given)s does not match the case number, whose type code "
                    "%(code)s means %(parsed)s."
                )
                % {"given": case_type, "code": parsed.type_code, "parsed": parsed.case_type}
            }
        )
    return {
        "case_number": parsed.text,
        "year": parsed.year,
        "court_code": parsed.court_code,
        "type_code": parsed.type_code,
        "serial": parsed.serial,
        "case_type": case_type or parsed.case_type,
    }


NO_PARTY = _("A case needs at least one party.")


def court_case_fill(case: CourtCase) -> None:
    """Set the fields a case number implies (year, court code, type code,
    serial, and the case type when none was chosen), where the number reads;
    :func:`court_case_rules` says what is wrong when it does not."""
    if not case.case_number or case.court_id is None:
        return
    try:
        parts = court_case_parts(
            case_number=case.case_number, court=case.court, case_type=case.case_type
        )
    except ValidationError:
        return
    for field, value in parts.items():
        setattr(case, field, value)


def court_case_rules(case: CourtCase, parties: int | None = None) -> None:
    """The rules of a case as it stands: its number against its court and
    type, and at least one party (``parties`` as counted by the caller, or
    else those saved; a new case's parties are checked with its form)."""
    if case.court_id is not None and case.case_number:
        court_case_parts(case_number=case.case_number, court=case.court, case_type=case.case_type)
    if parties is None and case.pk:
        parties = case.parties.count()
    if parties is not None and parties < 1:
        raise ValidationError({"parties": NO_PARTY})


@transaction.atomic
def court_case_upsert(
    *,
    case_number: str,
    court: Agency,
    parties: list[PartyInput],
    case_type: str = "",
    cause_of_action: str = "",
    procedure: str = "",
    filed_on: date | None = None,
    decided_on: date | None = None,
    amount: Decimal | None = None,
    outcome: str = "",
    change_reason: str = "",
    state: str | None = None,
    entered_by=None,
) -> Outcome:
    """``state`` and ``entered_by``: as for :func:`penalty_upsert`."""
    entry = _reviewed_entry(state, entered_by)
    parts = court_case_parts(case_number=case_number, court=court, case_type=case_type)
    if not parties:
        raise ValidationError({"parties": NO_PARTY})
    values = {
        "year": parts["year"],
        "court_code": parts["court_code"],
        "type_code": parts["type_code"],
        "serial": parts["serial"],
        "court": court,
        "case_type": parts["case_type"],
        "cause_of_action": cause_of_action,
        "procedure": procedure,
        "filed_on": filed_on,
        "decided_on": decided_on,
        "amount": amount,
        "outcome": outcome,
    }
    result = _save(CourtCase, {"case_number": parts["case_number"]}, values, change_reason, entry)
    wanted = [
        (p.role, p.name, p.company.pk if p.company else None, p.person.pk if p.person else None)
        for p in parties
    ]
    have = (
        []
        if result.created
        else list(
            result.obj.parties.order_by("id").values_list("role", "name", "company_id", "person_id")
        )
    )
    if have != wanted:
        if entry and not result.created:
            _refuse_existing(result.obj)
        if not result.created:
            _delete_with_reason(result.obj.parties.all(), change_reason)
        for party in parties:
            row = CaseParty(
                case=result.obj,
                role=party.role,
                name=party.name,
                company=party.company,
                person=party.person,
            )
            row.full_clean()
            if entry and entry["user"] is not None:
                row._history_user = entry["user"]
            _save_with_reason(row, change_reason)
        result.changed = True
    return result
