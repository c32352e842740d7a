"""Entries on credit lists, their reviewed removal, and the restrictions on
people that follow a listing (joint punishment)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import publicity_rules
from registry.models import (
    Agency,
    Company,
    CreditList,
    ListEntry,
    Person,
    RemovalRequest,
    Restriction,
)
from registry.models.base import RecordState
from registry.services.annual_reports import late_report_removal_check
from registry.services.guards import check_same_agency, require_state
from registry.services.saving import Outcome, _reviewed_entry, _save, _save_with_reason

# --- list entries ------------------------------------------------------------


def list_entry_rules(entry: ListEntry) -> None:
    """The rules an entry must meet beyond its fields' own, whichever channel
    writes it: an extension within the legal bounds (with the allowed dates),
    a removal recorded whole, and at most one open entry per company and list
    (another agency's included, which the form cannot see)."""
    if entry.credit_list_id is not None:
        publicity_rules.validate_extended_until(
            entry.extended_until, list_code=entry.credit_list.code, listed_on=entry.listed_on
        )
    removed_on, listed_on, removal_reason = entry.removed_on, entry.listed_on, entry.removal_reason
    if removed_on and not (removal_reason or "").strip():
        raise ValidationError({"removal_reason": _("A removal needs a reason.")})
    if removed_on and listed_on and removed_on < listed_on:
        raise ValidationError(
            {
                "removed_on": _("The removal date cannot be before the date listed (%(date)s).")
                % {"date": listed_on.isoformat()}
            }
        )
    if (removal_reason or "").strip() and not removed_on:
        raise ValidationError({"removed_on": _("A removal reason needs a removal date.")})
    if removed_on is None and entry.company_id is not None and entry.credit_list_id is not None:
        others = ListEntry.objects.filter(
            company_id=entry.company_id,
            credit_list_id=entry.credit_list_id,
            removed_on__isnull=True,
        ).exclude(state=RecordState.WITHDRAWN)
        if entry.pk:
            others = others.exclude(pk=entry.pk)
        else:
            others = others.exclude(
                authority_id=entry.authority_id, decision_number=entry.decision_number
            )
        clash = others.first()
        if clash:
            raise ValidationError(
                {
                    "company": _(
                        "%(company)s is already on %(list)s (since %(date)s, decision "
                        "%(number)s); remove that entry first."
                    )
                    % {
                        "company": entry.company.name,
                        "list": entry.credit_list.name,
                        "date": clash.listed_on.isoformat(),
                        "number": clash.decision_number,
                    }
                }
            )


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
    list_entry_rules(
        ListEntry(
            credit_list=credit_list,
            company=company,
            listed_on=listed_on,
            decision_number=decision_number,
            authority=authority,
            removed_on=removed_on,
            removal_reason=removal_reason,
            extended_until=extended_until,
        )
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


# --- removal from a list, reviewed ---------------------------------------------


@transaction.atomic
def list_removal_request(
    *, entry: ListEntry, user, removed_on: date, reason: str, decision_number: str
) -> RemovalRequest:
    """Propose removing ``entry`` from its list; a colleague must approve it."""
    check_same_agency(entry, user)
    require_state(entry, RecordState.PUBLISHED)
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
    if "reason" not in errors:
        try:
            late_report_removal_check(entry, reason)
        except ValidationError as error:
            errors.update(error.message_dict)
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
    check_same_agency(removal.entry, user)
    if removal.state != RemovalRequest.State.PENDING:
        raise ValidationError(_("This removal was already decided."))
    if user.pk == removal.requested_by_id:
        raise ValidationError(_("You proposed this removal: a colleague must review it."))


@transaction.atomic
def list_removal_approve(*, removal: RemovalRequest, user) -> ListEntry:
    """Apply the removal to the entry (its history records it) and close the removal."""
    _check_removal_reviewer(removal, user)
    entry = ListEntry.objects.select_for_update().get(pk=removal.entry_id)
    # Checked again: the report may have been withdrawn since the proposal.
    late_report_removal_check(entry, removal.reason)
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
