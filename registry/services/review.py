"""Review before publication (maker-checker) and withdrawal."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models.base import RecordState, WithdrawalKind
from registry.services.drafts import record_check
from registry.services.guards import check_same_agency, require_state
from registry.services.saving import _save_with_reason

# --- review and withdrawal (maker-checker) -----------------------------------
#
# A record entered in the admin starts as a draft (``entered_by`` its maker).
# Its agency's staff submit it; a *different* staff member of the same agency
# approves it (published) or rejects it with a reason (back to draft). A
# published record is never deleted: it is withdrawn with a kind, a reason and
# a date. Each step is one save, so the record's history names who did it.


@transaction.atomic
def record_submit(*, record, user) -> None:
    """Draft → pending review."""
    check_same_agency(record, user)
    require_state(record, RecordState.DRAFT)
    record_check(record)
    record.state = RecordState.PENDING
    record.submitted_by = user
    record.submitted_at = timezone.now()
    _save_with_reason(record, _("submitted for review"))


def _check_reviewer(record, user) -> None:
    check_same_agency(record, user)
    require_state(record, RecordState.PENDING)
    if user.pk in (record.entered_by_id, record.submitted_by_id):
        raise ValidationError(
            _("You entered or submitted this record: a colleague must review it.")
        )


@transaction.atomic
def record_approve(*, record, user) -> None:
    """Pending → published, by a colleague of the maker, once the record
    meets every rule as the rules stand today (a rule may have changed since
    it was entered)."""
    _check_reviewer(record, user)
    record_check(record)
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
    check_same_agency(record, user)
    require_state(record, RecordState.PUBLISHED)
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
