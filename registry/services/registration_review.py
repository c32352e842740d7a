"""Changes to registration facts, reviewed before they apply (maker-checker).

A staff member of a company's registration authority proposes a change (the
admin's company form: the fields, and the whole lists of former names,
shareholdings and officers); a colleague of the same authority, not the
proposer, approves it (the company changes, its history records it and the
public page's change history shows it) or rejects it with a reason. A new
company is proposed the same way, with the proposer's authority as its
registration authority. Central administrators may propose and review for
any authority; their proposals too need a second person.
"""

import datetime
import decimal
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import permissions
from registry.models import Company, FormerName, Officer, Shareholding
from registry.models.registration_changes import RegistrationChange
from registry.services.registration import (
    company_save,
    name_spellings,
    registration_detail_delete,
    registration_detail_save,
)
from registry.services.saving import _save_with_reason, code_normalize_or_error

# The details a proposal may replace, by the company's relation name.
DETAILS = {"former_names": FormerName, "shareholdings": Shareholding, "officers": Officer}
# Fields derived or kept by the system, never proposed.
DERIVED = {"id", "name_pinyin", "name_initials", "created_at", "updated_at"}


def _fields(model, skip=()):
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and f.name not in DERIVED and f.name not in skip
    ]


def _json(value):
    if isinstance(value, datetime.date | decimal.Decimal):
        return str(value)
    return value


def facts_of(obj, skip=()) -> dict:
    """The proposable fields of ``obj``, by attribute name, as JSON values."""
    return {f.attname: _json(f.value_from_object(obj)) for f in _fields(type(obj), skip)}


def _apply(obj, values: dict) -> None:
    for f in _fields(type(obj)):
        if f.attname in values:
            setattr(obj, f.attname, f.to_python(values[f.attname]))


def _detail_objects(key: str, rows: list[dict], company=None) -> list:
    model = DETAILS[key]
    objects = []
    for row in rows:
        obj = model()
        _apply(obj, row)
        if company is not None:
            obj.company = company
        objects.append(obj)
    return objects


def _canonical(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)


def current_details(company) -> dict:
    """The company's former names, shareholdings and officers, as proposals hold them."""
    if company is None or company.pk is None:
        return {key: [] for key in DETAILS}
    return {
        key: [facts_of(obj, skip=("company",)) for obj in getattr(company, key).order_by("pk")]
        for key in DETAILS
    }


def registration_check(*, user, company: Company | None, candidate: Company, details: dict):
    """Every rule a proposal must meet, for the form and the service alike:
    the user may change this company, none of its changes waits already, and
    the facts and details as proposed are valid. Raises ValidationError keyed
    by field."""
    if company is not None and not permissions.may_change(user, Company, company):
        raise ValidationError(
            _("Only staff of %(agency)s may change this company.")
            % {"agency": company.registration_authority or _("the central administration")}
        )
    if company is None and not permissions.may_add(user, Company):
        raise ValidationError(_("Only staff of a registration authority may register companies."))
    if company is not None and company.registration_changes.filter(state="pending").exists():
        raise ValidationError(
            _("A change of this company already waits for review: decide it first.")
        )
    candidate.uscc = code_normalize_or_error(candidate.uscc or "")
    candidate.full_clean(exclude=list(DERIVED))
    for key, rows in details.items():
        for obj in _detail_objects(key, rows):
            obj.full_clean(exclude=["company"])


@transaction.atomic
def registration_change_propose(
    *, user, company: Company | None, candidate: Company, details: dict | None = None
) -> RegistrationChange | None:
    """Propose ``candidate`` (an unsaved copy of ``company`` holding the new
    facts, or a new company) and the new ``details`` lists (only the keys
    that change); None when it changes nothing."""
    details = details or {}
    agency = permissions.staff_agency(user)
    if company is None and not permissions.is_central(user):
        candidate.registration_authority = agency
    registration_check(user=user, company=company, candidate=candidate, details=details)
    before = facts_of(company) if company is not None else {}
    values = {k: v for k, v in facts_of(candidate).items() if company is None or before[k] != v}
    have = current_details(company)
    changed_details = {
        key: rows for key, rows in details.items() if _canonical(rows) != _canonical(have[key])
    }
    if not values and not changed_details:
        return None
    change = RegistrationChange(
        company=company,
        agency=(company.registration_authority if company is not None else None)
        or candidate.registration_authority,
        values=values,
        details=changed_details,
        requested_by=user,
    )
    change._history_user = user
    _save_with_reason(change, _("change proposed"))
    return change


def _check_reviewer(change: RegistrationChange, user) -> None:
    if change.state != RegistrationChange.State.PENDING:
        raise ValidationError(_("This change was already decided."))
    if not permissions.may_review_for(user, change.agency):
        raise ValidationError(
            _("Only staff of %(agency)s may review this change.")
            % {"agency": change.agency or _("the central administration")}
        )
    if user.pk == change.requested_by_id:
        raise ValidationError(_("You proposed this change: a colleague must review it."))


def _locked(change: RegistrationChange) -> RegistrationChange:
    return RegistrationChange.objects.select_for_update(of=("self",)).get(pk=change.pk)


@transaction.atomic
def registration_change_approve(*, change: RegistrationChange, user) -> Company:
    """Apply the change (checked again against the register as it is now):
    the company's history records it, named for the reviewer."""
    change = _locked(change)
    _check_reviewer(change, user)
    company = (
        Company.objects.select_for_update().get(pk=change.company_id)
        if change.company_id
        else Company()
    )
    _apply(company, change.values)
    company.name = (company.name or "").strip()
    for field, value in name_spellings(company.name).items():
        setattr(company, field, value)
    reason = _("registration change #%(id)d approved") % {"id": change.pk}
    company._change_reason = reason
    company_save(company=company, user=user)
    for key, rows in change.details.items():
        for old in getattr(company, key).all():
            old._change_reason = reason
            registration_detail_delete(detail=old, user=user)
        for new in _detail_objects(key, rows, company):
            new._change_reason = reason
            registration_detail_save(detail=new, user=user)
    change.company = company
    change.state = RegistrationChange.State.APPROVED
    change.reviewed_by = user
    change.reviewed_at = timezone.now()
    change._history_user = user
    _save_with_reason(change, _("approved"))
    return company


@transaction.atomic
def registration_change_reject(*, change: RegistrationChange, user, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Say why the change is rejected.")})
    change = _locked(change)
    _check_reviewer(change, user)
    change.state = RegistrationChange.State.REJECTED
    change.reviewed_by = user
    change.reviewed_at = timezone.now()
    change.rejection_reason = reason.strip()
    change._history_user = user
    _save_with_reason(change, _("rejected: %(reason)s") % {"reason": reason.strip()})
