"""Writes to the register.

Every write goes through a function here: the importers, the admin and the
management commands call the same functions, so the same validation applies
to each channel. Functions are keyword-only and named ``<thing>_<action>``;
each validates, saves and returns the object inside one transaction, and
raises ``django.core.exceptions.ValidationError`` with field names as keys
when the input is wrong. (The demo seeder writes in bulk for speed and
generates only valid data; it bypasses these functions on purpose.)

Every save records a row of change history (django-simple-history): the user
comes from the admin's request, and ``change_reason`` (the import command names
itself there) becomes the history's change reason. Rows that hold exactly the
given values already are not saved, so they gain no history.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from registry import case_numbers, pinyin, publicity_rules, uscc
from registry.models import (
    Agency,
    CaseParty,
    Company,
    CourtCase,
    CreditList,
    Industry,
    ListEntry,
    Penalty,
    PenaltyCategory,
    Person,
    Region,
    RemovalRequest,
    Restriction,
)
from registry.models.base import RecordState, WithdrawalKind


@dataclass
class Outcome:
    """What a write did: ``created`` True for a new row, ``changed`` False when
    an existing row already held exactly these values."""

    obj: object
    created: bool
    changed: bool


def _save(
    model_cls, lookup: dict, values: dict, change_reason: str = "", entry: dict | None = None
) -> Outcome:
    """Create the row matching ``lookup`` or update it with ``values``.

    ``entry`` (see :func:`_reviewed_entry`) marks a write through a reviewed
    channel (the admin's import): a new row also gets ``entry["fields"]`` (its
    state, maker...) and its history names ``entry["user"]``; an existing row
    holding other values is refused, since a record is changed through the
    admin and its review, never by re-importing it.

    Fields other than foreign keys are validated in Python; the named constraints are left to the
    database (Django would run one query per check constraint, a tenfold
    cost on bulk imports), and :func:`explain_integrity_error` turns a
    refusal into the constraint's own message."""
    rows = model_cls.objects.select_for_update().filter(**lookup)
    if any(f.name == "withdrawn_on" for f in model_cls._meta.concrete_fields):
        # A withdrawn record keeps its number in history; a new record may reuse it.
        rows = rows.exclude(state=RecordState.WITHDRAWN)
    obj = rows.first()
    if obj is None:
        obj = model_cls(**lookup, **values, **(entry["fields"] if entry else {}))
        obj.full_clean(
            exclude=_relations(model_cls), validate_unique=False, validate_constraints=False
        )
        if entry and entry["user"] is not None:
            obj._history_user = entry["user"]
        _save_with_reason(obj, change_reason)
        return Outcome(obj, created=True, changed=True)
    changed = any(getattr(obj, field) != value for field, value in values.items())
    if changed and entry:
        _refuse_existing(obj)
    if changed:
        for field, value in values.items():
            setattr(obj, field, value)
        obj.full_clean(
            exclude=_relations(model_cls), validate_unique=False, validate_constraints=False
        )
        _save_with_reason(obj, change_reason)
    return Outcome(obj, created=False, changed=changed)


def _reviewed_entry(state: str | None, entered_by) -> dict | None:
    """What a write through a reviewed channel adds to a new record: the
    ``state`` it starts in, its maker (``entered_by``, also its submitter when
    pending) and the user its history names. None for a trusted channel
    (the import command), whose records are published as they are."""
    if state is None:
        return None
    fields = {"state": state, "entered_by": entered_by}
    if state == RecordState.PENDING:
        fields.update(submitted_by=entered_by, submitted_at=timezone.now())
    return {"fields": fields, "user": entered_by}


def _refuse_existing(obj) -> None:
    state = getattr(obj, "get_state_display", None)
    raise ValidationError(
        {
            "__all__": _(
                "This record is already in the register (%(state)s) with other values; "
                "correct it in the admin instead of importing it again."
            )
            % {"state": state() if state else _("published")}
        }
    )


# The length of django-simple-history's ``history_change_reason`` column.
REASON_MAX_LENGTH = 100


def _save_with_reason(obj, change_reason: str) -> None:
    """Save ``obj``; its history row carries ``change_reason``."""
    if change_reason:
        obj._change_reason = change_reason[:REASON_MAX_LENGTH]
    obj.save()


def _delete_with_reason(queryset, change_reason: str) -> None:
    """Delete row by row (a queryset delete records no reason), each history
    row carrying ``change_reason``."""
    for obj in queryset:
        if change_reason:
            obj._change_reason = change_reason[:REASON_MAX_LENGTH]
        obj.delete()


def _relations(model_cls) -> list[str]:
    """Foreign keys are passed as objects read from the database: checking
    that they exist again would cost a query each."""
    return [f.name for f in model_cls._meta.concrete_fields if f.is_relation]


def explain_integrity_error(error: Exception) -> str:
    """The message of the named constraint a database refusal names, if any."""
    from django.apps import apps

    text = str(error)
    for model in apps.get_app_config("registry").get_models():
        for constraint in model._meta.constraints:
            if constraint.name in text:
                return _("%(model)s: %(message)s (constraint %(name)s).") % {
                    "model": model._meta.verbose_name,
                    "message": constraint.get_violation_error_message(),
                    "name": constraint.name,
                }
    return _("The database refused this row: %(error)s") % {"error": text}


def code_normalize_or_error(raw: str, field: str = "uscc") -> str:
    code = uscc.normalize(raw)
    problem = uscc.check(code)
    if problem:
        raise ValidationError({field: problem.message})
    return code


# --- agencies ---------------------------------------------------------------


def level_for_region(region: Region | None) -> str:
    if region is None:
        return Agency.Level.NATIONAL
    return {
        Region.Level.PROVINCE: Agency.Level.PROVINCIAL,
        Region.Level.PREFECTURE: Agency.Level.PREFECTURE,
        Region.Level.COUNTY: Agency.Level.COUNTY,
    }[region.level]


@transaction.atomic
def agency_upsert(
    *,
    name: str,
    kind: str,
    name_en: str = "",
    region: Region | None = None,
    level: str = "",
    credit_code: str = "",
    court_code: str = "",
    change_reason: str = "",
    entered_by=None,
) -> Outcome:
    values = {
        "name_en": name_en,
        "kind": kind,
        "region": region,
        "level": level or level_for_region(region),
        "credit_code": code_normalize_or_error(credit_code, "credit_code") if credit_code else None,
        "court_code": court_code,
    }
    entry = {"fields": {}, "user": entered_by} if entered_by is not None else None
    return _save(Agency, {"name": name.strip()}, values, change_reason, entry)


# --- companies ---------------------------------------------------------------


@transaction.atomic
def company_upsert(
    *,
    code: str,
    name: str,
    entity_type: str,
    name_en: str = "",
    legal_representative_name: str = "",
    registered_capital: Decimal | None = None,
    currency: str = "CNY",
    established_on: date | None = None,
    term_start: date | None = None,
    term_end: date | None = None,
    status: str = Company.Status.IN_OPERATION,
    address: str = "",
    region: Region | None = None,
    industry: Industry | None = None,
    business_scope: str = "",
    registration_authority: Agency | None = None,
    change_reason: str = "",
    entered_by=None,
) -> Outcome:
    """``entered_by`` given: written for that user through the admin's import
    (history names them; an existing company with other values is refused)."""
    code = code_normalize_or_error(code)
    name = name.strip()
    values = {
        "name": name,
        "name_en": name_en,
        "name_pinyin": pinyin.full(name),
        "name_initials": pinyin.initials(name),
        "entity_type": entity_type,
        "legal_representative_name": legal_representative_name,
        "registered_capital": registered_capital,
        "currency": currency or "CNY",
        "established_on": established_on,
        "term_start": term_start or established_on,
        "term_end": term_end,
        "status": status,
        "address": address,
        "region": region,
        "industry": industry,
        "business_scope": business_scope,
        "registration_authority": registration_authority,
    }
    entry = {"fields": {}, "user": entered_by} if entered_by is not None else None
    return _save(Company, {"uscc": code}, values, change_reason, entry)


@transaction.atomic
def person_create(*, name: str, id_masked: str = "") -> Person:
    person = Person(name=name.strip(), name_pinyin=pinyin.full(name), id_masked=id_masked)
    person.full_clean()
    person.save()
    return person


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
        raise ValidationError({"parties": _("A case needs at least one party.")})
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


# --- list entries ------------------------------------------------------------


@transaction.atomic
def list_entry_upsert(
    *,
    credit_list: CreditList,
    company: Company,
    reason: str,
    listed_on: date,
    decision_number: str,
    authority: Agency,
    removed_on: date | None = None,
    removal_reason: str = "",
    removal_authority: Agency | None = None,
    removal_decision_number: str = "",
    extended_until: date | None = None,
    change_reason: str = "",
    state: str | None = None,
    entered_by=None,
) -> Outcome:
    """``state`` and ``entered_by``: as for :func:`penalty_upsert`."""
    publicity_rules.validate_extended_until(
        extended_until, list_code=credit_list.code, listed_on=listed_on
    )
    if removed_on and not removal_reason.strip():
        raise ValidationError({"removal_reason": _("A removal needs a reason.")})
    if removed_on and listed_on and removed_on < listed_on:
        raise ValidationError(
            {
                "removed_on": _("The removal date cannot be before the date listed (%(date)s).")
                % {"date": listed_on.isoformat()}
            }
        )
    if removal_reason.strip() and not removed_on:
        raise ValidationError({"removed_on": _("A removal reason needs a removal date.")})
    if removed_on is None:
        clash = (
            ListEntry.objects.filter(
                company=company, credit_list=credit_list, removed_on__isnull=True
            )
            .exclude(authority=authority, decision_number=decision_number)
            .first()
        )
        if clash:
            raise ValidationError(
                {
                    "uscc": _(
                        "%(company)s is already on %(list)s (since %(date)s, decision "
                        "%(number)s); remove that entry first."
                    )
                    % {
                        "company": company.name,
                        "list": credit_list.name,
                        "date": clash.listed_on.isoformat(),
                        "number": clash.decision_number,
                    }
                }
            )
    values = {
        "credit_list": credit_list,
        "company": company,
        "person": None,
        "subject_name": company.name,
        "reason": reason,
        "listed_on": listed_on,
        "removed_on": removed_on,
        "removal_reason": removal_reason,
        "removal_authority": (removal_authority or authority) if removed_on else None,
        "removal_decision_number": removal_decision_number,
        "extended_until": extended_until,
    }
    return _save(
        ListEntry,
        {"authority": authority, "decision_number": decision_number},
        values,
        change_reason,
        _reviewed_entry(state, entered_by),
    )


# --- restrictions on people (joint punishment) --------------------------------


@transaction.atomic
def restriction_record(
    *,
    person: Person,
    company: Company,
    kind: str,
    starts_on: date,
    ends_on: date,
    reason: str,
    source_entry: ListEntry,
    change_reason: str = "",
) -> Outcome:
    """Record a restriction on ``person`` following ``source_entry`` (once per
    person, entry and kind: recording it again changes nothing)."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("A restriction cannot end before it starts.")})
    if not reason.strip():
        raise ValidationError({"reason": _("A restriction needs a reason.")})
    return _save(
        Restriction,
        {"person": person, "source_entry": source_entry, "kind": kind},
        {"company": company, "starts_on": starts_on, "ends_on": ends_on, "reason": reason},
        change_reason,
    )


# --- review and withdrawal (maker-checker) -----------------------------------
#
# A record entered in the admin starts as a draft (``entered_by`` its maker).
# Its agency's staff submit it; a *different* staff member of the same agency
# approves it (published) or rejects it with a reason (back to draft). A
# published record is never deleted: it is withdrawn with a kind, a reason and
# a date. Each step is one save, so the record's history names who did it.


def agency_of(record) -> Agency | None:
    """The agency that owns ``record``: deciding authority, court, or the
    rating scheme's agency."""
    from registry import permissions

    return permissions.owning_agency(record)


def _check_same_agency(record, user) -> None:
    from registry import permissions

    if not permissions.may_act_for(user, agency_of(record)):
        raise ValidationError(
            _("Only staff of %(agency)s may do this.") % {"agency": agency_of(record)}
        )


def _require_state(record, *states: str) -> None:
    if record.state not in states:
        raise ValidationError(
            _("This record is %(state)s: it cannot be changed this way.")
            % {"state": record.get_state_display()}
        )


@transaction.atomic
def record_submit(*, record, user) -> None:
    """Draft → pending review."""
    _check_same_agency(record, user)
    _require_state(record, RecordState.DRAFT)
    record.state = RecordState.PENDING
    record.submitted_by = user
    record.submitted_at = timezone.now()
    _save_with_reason(record, _("submitted for review"))


def _check_reviewer(record, user) -> None:
    _check_same_agency(record, user)
    _require_state(record, RecordState.PENDING)
    if user.pk in (record.entered_by_id, record.submitted_by_id):
        raise ValidationError(
            _("You entered or submitted this record: a colleague must review it.")
        )


@transaction.atomic
def record_approve(*, record, user) -> None:
    """Pending → published, by a colleague of the maker."""
    _check_reviewer(record, user)
    record.state = RecordState.PUBLISHED
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    record.rejection_reason = ""
    _save_with_reason(record, _("approved and published"))


@transaction.atomic
def record_reject(*, record, user, reason: str) -> None:
    """Pending → back to draft, with the reviewer's reason."""
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Say why the record is rejected.")})
    _check_reviewer(record, user)
    record.state = RecordState.DRAFT
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    record.rejection_reason = reason.strip()
    _save_with_reason(record, _("rejected: %(reason)s") % {"reason": reason.strip()})


@transaction.atomic
def record_withdraw(*, record, user, kind: str, reason: str, on: date | None = None) -> None:
    """Published → withdrawn: the record leaves public view; it stays in history."""
    _check_same_agency(record, user)
    _require_state(record, RecordState.PUBLISHED)
    errors = {}
    if kind not in WithdrawalKind.values:
        errors["withdrawal_kind"] = _("Choose why the record is withdrawn.")
    if not reason.strip():
        errors["withdrawal_reason"] = _("Give the reason for the withdrawal.")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        errors["withdrawn_on"] = _("A withdrawal cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    record.state = RecordState.WITHDRAWN
    record.withdrawn_on = on
    record.withdrawal_kind = kind
    record.withdrawal_reason = reason.strip()
    _save_with_reason(record, _("withdrawn (%(kind)s)") % {"kind": WithdrawalKind(kind).label})


# --- removal from a list, reviewed ---------------------------------------------


@transaction.atomic
def list_removal_request(
    *, entry: ListEntry, user, removed_on: date, reason: str, decision_number: str
) -> RemovalRequest:
    """Propose removing ``entry`` from its list; a colleague must approve it."""
    _check_same_agency(entry, user)
    _require_state(entry, RecordState.PUBLISHED)
    errors = {}
    if entry.removed_on:
        errors["removed_on"] = _("This entry was already removed on %(date)s.") % {
            "date": entry.removed_on.isoformat()
        }
    elif removed_on < entry.listed_on:
        errors["removed_on"] = _(
            "The removal date cannot be before the date listed (%(date)s)."
        ) % {"date": entry.listed_on.isoformat()}
    elif removed_on > timezone.localdate():
        errors["removed_on"] = _("A removal cannot be dated in the future.")
    if not reason.strip():
        errors["reason"] = _("A removal needs a reason.")
    if not decision_number.strip():
        errors["decision_number"] = _("A removal needs its decision number.")
    if entry.removal_requests.filter(state=RemovalRequest.State.PENDING).exists():
        errors["__all__"] = _("This entry already has a removal waiting for review.")
    if errors:
        raise ValidationError(errors)
    request = RemovalRequest(
        entry=entry,
        removed_on=removed_on,
        reason=reason.strip(),
        decision_number=decision_number.strip(),
        requested_by=user,
    )
    _save_with_reason(request, _("removal proposed"))
    return request


def _check_removal_reviewer(removal: RemovalRequest, user) -> None:
    _check_same_agency(removal.entry, user)
    if removal.state != RemovalRequest.State.PENDING:
        raise ValidationError(_("This removal was already decided."))
    if user.pk == removal.requested_by_id:
        raise ValidationError(_("You proposed this removal: a colleague must review it."))


@transaction.atomic
def list_removal_approve(*, removal: RemovalRequest, user) -> ListEntry:
    """Apply the removal to the entry (its history records it) and close the removal."""
    _check_removal_reviewer(removal, user)
    entry = ListEntry.objects.select_for_update().get(pk=removal.entry_id)
    entry.removed_on = removal.removed_on
    entry.removal_reason = removal.reason
    entry.removal_decision_number = removal.decision_number
    entry.removal_authority = entry.authority
    _save_with_reason(entry, _("removed from the list on review"))
    removal.state = RemovalRequest.State.APPROVED
    removal.reviewed_by = user
    removal.reviewed_at = timezone.now()
    _save_with_reason(removal, _("approved"))
    return entry


@transaction.atomic
def list_removal_reject(*, removal: RemovalRequest, user, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Say why the removal is rejected.")})
    _check_removal_reviewer(removal, user)
    removal.state = RemovalRequest.State.REJECTED
    removal.reviewed_by = user
    removal.reviewed_at = timezone.now()
    removal.rejection_reason = reason.strip()
    _save_with_reason(removal, _("rejected: %(reason)s") % {"reason": reason.strip()})


# --- import batches (the admin's bulk import, reviewed as a whole) ---------------
#
# A file uploaded in the admin is checked in full first (all rows or none). Its
# penalties, list entries and court cases are then written as pending records,
# entered and submitted by the uploader; companies and agencies, which have no
# review state, are kept as the file and written only on approval. A colleague
# of the same agency (not the uploader) approves or rejects the batch at once.

# The model each import kind writes; may_add() decides who may import it.
IMPORT_MODELS = {
    "agencies": Agency,
    "companies": Company,
    "penalties": Penalty,
    "cases": CourtCase,
    "list-entries": ListEntry,
}


def import_kinds_for(user) -> list[str]:
    """The import kinds ``user`` may upload: what they may enter by hand."""
    from registry import permissions

    return [kind for kind, model in IMPORT_MODELS.items() if permissions.may_add(user, model)]


def _import_reason(file_name: str) -> str:
    return _("admin import: %(file)s") % {"file": file_name}


def _batch_agency(user, model, ids) -> Agency | None:
    """The uploader's agency; for a central administrator, the one agency
    every record belongs to, if there is one."""
    from registry import permissions

    if not permissions.is_central(user):
        return permissions.staff_agency(user)
    if not ids or model not in permissions.AGENCY_PATHS:
        return None
    path = permissions.AGENCY_PATHS[model]
    agencies = set(model.objects.filter(pk__in=ids).values_list(path, flat=True).distinct()[:2])
    return Agency.objects.get(pk=agencies.pop()) if len(agencies) == 1 else None


@transaction.atomic
def import_batch_upload(
    *, user, kind: str, data: bytes, file_format: str, file_name: str, dry_run: bool = False
):
    """Check and, when every row is good, take in a file uploaded in the admin.

    Returns ``(batch, result)``: ``batch`` is None when the file has errors
    (listed in ``result.errors``; nothing is written), holds nothing new, or
    on a ``dry_run`` (the preview: every check, nothing written)."""
    from registry import permissions
    from registry.importing import run_import
    from registry.models import ImportBatch

    if kind not in import_kinds_for(user):
        raise ValidationError(_("You may not import %(kind)s.") % {"kind": kind})
    agency = None if permissions.is_central(user) else permissions.staff_agency(user)
    held = kind in ImportBatch.HELD_KINDS
    result = run_import(
        kind,
        data,
        file_format=file_format,
        dry_run=held or dry_run,
        reason=_import_reason(file_name),
        agency=agency,
        channel={"entered_by": user}
        if held
        else {"state": RecordState.PENDING, "entered_by": user},
    )
    if not result.ok or dry_run:
        return None, result
    if held:
        if not result.counts["created"] and not result.counts["updated"]:
            return None, result
    elif not result.created_ids:
        return None, result
    model = IMPORT_MODELS[kind]
    batch = ImportBatch(
        agency=agency if held else _batch_agency(user, model, result.created_ids),
        uploaded_by=user,
        kind=kind,
        file_name=file_name[:255],
        file_format=file_format,
        data=data if held else b"",
        row_count=result.rows,
        record_ids=[] if held else result.created_ids,
    )
    _save_with_reason(batch, "")
    return batch, result


def _check_batch_reviewer(batch, user) -> None:
    from registry import permissions

    if batch.state != batch.State.PENDING:
        raise ValidationError(_("This import was already decided."))
    allowed = (
        permissions.may_act_for(user, batch.agency)
        if batch.agency_id
        else permissions.is_central(user)
    )
    if not allowed:
        raise ValidationError(
            _("Only staff of %(agency)s may review this import.")
            % {"agency": batch.agency or _("the central administration")}
        )
    if user.pk == batch.uploaded_by_id:
        raise ValidationError(_("You uploaded this file: a colleague must review it."))


def _locked_batch(batch):
    from registry.models import ImportBatch

    return (
        ImportBatch.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=batch.pk)
    )


@transaction.atomic
def import_batch_approve(*, batch, user):
    """Publish every record of ``batch`` (a held file is written now, for its
    uploader); all or none."""
    from registry.importing import run_import

    batch = _locked_batch(batch)
    _check_batch_reviewer(batch, user)
    if batch.is_held:
        result = run_import(
            batch.kind,
            bytes(batch.data),
            file_format=batch.file_format,
            reason=_import_reason(batch.file_name),
            agency=batch.agency,
            channel={"entered_by": batch.uploaded_by},
        )
        if not result.ok:
            raise ValidationError(
                [_("The file no longer imports cleanly; reject it and upload it again.")]
                + [str(error) for error in result.errors]
            )
        batch.record_ids = result.created_ids
    else:
        # Records reviewed one by one meanwhile (review queue) keep that decision.
        pending = batch.records().filter(state=RecordState.PENDING)
        for record in pending.select_for_update().order_by("pk"):
            record_approve(record=record, user=user)
    batch.state = batch.State.APPROVED
    batch.reviewed_by = user
    batch.reviewed_at = timezone.now()
    batch.save()
    return batch


@transaction.atomic
def import_batch_reject(*, batch, user, reason: str):
    """Send every record of ``batch`` back to draft with ``reason`` (a held
    file is never written)."""
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Say why the import is rejected.")})
    batch = _locked_batch(batch)
    _check_batch_reviewer(batch, user)
    if not batch.is_held:
        pending = batch.records().filter(state=RecordState.PENDING)
        for record in pending.select_for_update().order_by("pk"):
            record_reject(record=record, user=user, reason=reason)
    batch.state = batch.State.REJECTED
    batch.reviewed_by = user
    batch.reviewed_at = timezone.now()
    batch.rejection_reason = reason.strip()
    batch.save()
    return batch


# --- objections and credit repair (redress) ----------------------------------
#
# An objection (异议) or a credit-repair application (信用修复) comes from the
# public pages without an account; the agency that owns the record decides.
# Each step is one save whose history row names the staff member and the step.

DESCRIPTION_MAX_LENGTH = 4000
CONTACT_MAX_LENGTH = 200


def _save_as(obj, user, change_reason: str) -> None:
    """Save ``obj`` with ``user`` as the history's user (also outside a request)."""
    if user is not None:
        obj._history_user = user
    _save_with_reason(obj, change_reason)


def _is_public(record, today: date) -> bool:
    return type(record).objects.public(today).filter(pk=record.pk).exists()


def _new_reference(model_cls, today: date) -> str:
    from registry.models.redress import new_reference

    while True:
        reference = new_reference(today)
        if not model_cls.objects.filter(reference=reference).exists():
            return reference


def _check_sender_fields(fields: dict[str, tuple[str, int, str]]) -> dict:
    """Errors for required text fields: ``{name: (value, max length, message if empty)}``."""
    errors = {}
    for name, (value, limit, empty_message) in fields.items():
        if not value.strip():
            errors[name] = empty_message
        elif len(value) > limit:
            errors[name] = _("Keep this to %(limit)s characters or fewer.") % {"limit": limit}
    return errors


@transaction.atomic
def objection_submit(*, record, grounds: str, description: str, contact: str, today=None):
    """Receive an objection to a public ``record`` (penalty, licence, list
    entry, court case or rating) and give it a reference number."""
    from registry.models.redress import RECORD_FIELDS, RECORD_KINDS, Objection

    today = today or timezone.localdate()
    kind = next((k for k, model in RECORD_KINDS.items() if isinstance(record, model)), None)
    if kind is None or not _is_public(record, today):
        raise ValidationError(_("Only a record the public can see can be objected to."))
    errors = _check_sender_fields(
        {
            "description": (
                description,
                DESCRIPTION_MAX_LENGTH,
                _("Say what is wrong with the record."),
            ),
            "contact": (
                contact,
                CONTACT_MAX_LENGTH,
                _("Give an email address or a telephone number, so that the agency can reach you."),
            ),
        }
    )
    if grounds not in Objection.Grounds.values:
        errors["grounds"] = _("Choose the grounds of your objection.")
    if errors:
        raise ValidationError(errors)
    objection = Objection(
        reference=_new_reference(Objection, today),
        agency=agency_of(record),
        grounds=grounds,
        description=description.strip(),
        contact=contact.strip(),
        **{RECORD_FIELDS[kind]: record},
    )
    _save_with_reason(objection, _("objection received"))
    return objection


def _check_objection(objection, user, *states: str) -> None:
    from registry import permissions

    if not permissions.may_act_for(user, objection.agency):
        raise ValidationError(
            _("Only staff of %(agency)s may do this.") % {"agency": objection.agency}
        )
    if objection.state not in states:
        raise ValidationError(
            _("This objection is %(state)s: it cannot be changed this way.")
            % {"state": objection.get_state_display()}
        )


def _require_reply(reply: str, message: str) -> str:
    if not reply.strip():
        raise ValidationError({"reply": message})
    return reply.strip()


@transaction.atomic
def objection_start_review(*, objection, user) -> None:
    """Received → under review: the objector's status page says so."""
    from registry.models.redress import Objection

    _check_objection(objection, user, Objection.State.RECEIVED)
    objection.state = Objection.State.UNDER_REVIEW
    objection.review_started_by = user
    objection.review_started_at = timezone.now()
    _save_as(objection, user, _("review started"))


@transaction.atomic
def objection_uphold(*, objection, user, reply: str, withdraw: bool) -> None:
    """The objection is right. With ``withdraw`` the record leaves public view
    at once (withdrawn as corrected by the agency, the reply as its reason);
    without it the record stays as it is until the staff correct it."""
    from registry.models.redress import Objection

    reply = _require_reply(reply, _("Tell the objector what the agency decided and why."))
    _check_objection(objection, user, Objection.State.RECEIVED, Objection.State.UNDER_REVIEW)
    if withdraw:
        record = type(objection.record).objects.select_for_update().get(pk=objection.record.pk)
        if record.state != RecordState.PUBLISHED:
            raise ValidationError(
                _("The record is %(state)s already: uphold the objection without withdrawing it.")
                % {"state": record.get_state_display()}
            )
        record._history_user = user
        record_withdraw(
            record=record,
            user=user,
            kind=WithdrawalKind.CORRECTED,
            reason=_("Objection %(reference)s upheld: %(reply)s")
            % {"reference": objection.reference, "reply": reply},
        )
    objection.state = Objection.State.UPHELD
    objection.reply = reply
    objection.record_withdrawn = withdraw
    objection.decided_by = user
    objection.decided_at = timezone.now()
    reason = _("upheld, record withdrawn") if withdraw else _("upheld")
    _save_as(objection, user, reason)


@transaction.atomic
def objection_reject(*, objection, user, reply: str) -> None:
    """The objection is not founded: the reply gives the agency's reasons."""
    from registry.models.redress import Objection

    reply = _require_reply(reply, _("Give the reasons why the objection is rejected."))
    _check_objection(objection, user, Objection.State.RECEIVED, Objection.State.UNDER_REVIEW)
    objection.state = Objection.State.REJECTED
    objection.reply = reply
    objection.decided_by = user
    objection.decided_at = timezone.now()
    _save_as(objection, user, _("rejected"))


def repair_allowed_from(penalty: Penalty) -> date:
    """The first day a company may apply to end ``penalty``'s publicity early."""
    from registry import publicity_rules

    return publicity_rules.repair_allowed_from(penalty)


@transaction.atomic
def repair_apply(*, penalty: Penalty, applicant: str, evidence: str, contact: str, today=None):
    """Receive a credit-repair application for a public penalty; refused
    before the penalty's minimum publicity period has passed, with the date
    from which one may apply."""
    from registry.models.redress import RepairApplication

    today = today or timezone.localdate()
    if not _is_public(penalty, today):
        raise ValidationError(_("Only a penalty the public can see can be repaired."))
    allowed_from = repair_allowed_from(penalty)
    if today < allowed_from:
        raise ValidationError(
            _(
                "The minimum publicity period of this penalty has not passed yet: you can "
                "apply for credit repair from %(date)s."
            )
            % {"date": allowed_from.isoformat()},
            code="too_early",
        )
    if penalty.repair_applications.filter(state=RepairApplication.State.RECEIVED).exists():
        raise ValidationError(
            _(
                "An application for this penalty is already waiting for a decision: "
                "follow it with its reference number."
            ),
            code="already_open",
        )
    errors = _check_sender_fields(
        {
            "applicant": (
                applicant,
                CONTACT_MAX_LENGTH,
                _("Say who applies for the company, and in what role."),
            ),
            "evidence": (
                evidence,
                DESCRIPTION_MAX_LENGTH,
                _(
                    "Describe how the company corrected the conduct, and the documents "
                    "that show it."
                ),
            ),
            "contact": (
                contact,
                CONTACT_MAX_LENGTH,
                _("Give an email address or a telephone number, so that the agency can reach you."),
            ),
        }
    )
    if errors:
        raise ValidationError(errors)
    application = RepairApplication(
        reference=_new_reference(RepairApplication, today),
        penalty=penalty,
        agency=penalty.agency,
        applicant=applicant.strip(),
        evidence=evidence.strip(),
        contact=contact.strip(),
    )
    _save_with_reason(application, _("credit repair application received"))
    return application


@transaction.atomic
def penalty_end_publicity(*, penalty: Penalty, user, on: date, reason: str) -> None:
    """Make ``on`` the last day of ``penalty``'s publicity (never later than the
    end it has already): the public pages stop showing it the next day."""
    from registry import publicity_rules

    _check_same_agency(penalty, user)
    _require_state(penalty, RecordState.PUBLISHED)
    ends = publicity_rules.penalty_publicity_end(
        penalty.decided_on, penalty.severity, penalty.violation_type, penalty.publicity_until
    )
    if ends <= on:
        return
    # Inside the legal bounds only (an end before the minimum would be ignored).
    publicity_rules.validate_publicity_until(
        on,
        decided_on=penalty.decided_on,
        severity=penalty.severity,
        violation_type=penalty.violation_type,
    )
    penalty.publicity_until = on
    _save_as(penalty, user, reason)


def _check_application(application, user) -> None:
    from registry import permissions
    from registry.models.redress import RepairApplication

    if not permissions.may_act_for(user, application.agency):
        raise ValidationError(
            _("Only staff of %(agency)s may do this.") % {"agency": application.agency}
        )
    if application.state != RepairApplication.State.RECEIVED:
        raise ValidationError(_("This application was already decided."))


@transaction.atomic
def repair_approve(*, application, user, reply: str) -> None:
    """Approve credit repair: the penalty's publicity ends today."""
    from registry.models.redress import RepairApplication

    reply = _require_reply(reply, _("Tell the applicant what the agency decided."))
    _check_application(application, user)
    today = timezone.localdate()
    penalty = Penalty.objects.select_for_update().get(pk=application.penalty_id)
    penalty_end_publicity(
        penalty=penalty,
        user=user,
        on=today,
        reason=_("credit repair %(reference)s approved") % {"reference": application.reference},
    )
    application.state = RepairApplication.State.APPROVED
    application.reply = reply
    application.publicity_ended_on = penalty.publicity_until
    application.decided_by = user
    application.decided_at = timezone.now()
    _save_as(application, user, _("approved"))


@transaction.atomic
def repair_reject(*, application, user, reply: str) -> None:
    from registry.models.redress import RepairApplication

    reply = _require_reply(reply, _("Give the reasons why the application is rejected."))
    _check_application(application, user)
    application.state = RepairApplication.State.REJECTED
    application.reply = reply
    application.decided_by = user
    application.decided_at = timezone.now()
    _save_as(application, user, _("rejected"))
