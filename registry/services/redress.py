"""Objections (异议) and credit repair (信用修复) from the public pages."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import permissions, plain_text, publicity_rules
from registry.models import Penalty
from registry.models.base import RecordState, WithdrawalKind
from registry.models.redress import (
    RECORD_FIELDS,
    RECORD_KINDS,
    Objection,
    RepairApplication,
    new_reference,
)
from registry.services.guards import agency_of, check_same_agency, require_state
from registry.services.review import record_withdraw
from registry.services.saving import _save_with_reason

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
        elif plain_text.has_unshowable(value):
            errors[name] = plain_text.refusal()
    return errors


@transaction.atomic
def objection_submit(*, record, grounds: str, description: str, contact: str, today=None):
    """Receive an objection to a public ``record`` (penalty, licence, list
    entry, court case or rating) and give it a reference number."""

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

    reply = _require_reply(reply, _("Give the reasons why the objection is rejected."))
    _check_objection(objection, user, Objection.State.RECEIVED, Objection.State.UNDER_REVIEW)
    objection.state = Objection.State.REJECTED
    objection.reply = reply
    objection.decided_by = user
    objection.decided_at = timezone.now()
    _save_as(objection, user, _("rejected"))


def repair_allowed_from(penalty: Penalty) -> date:
    """The first day a company may apply to end ``penalty``'s publicity early."""

    return publicity_rules.repair_allowed_from(penalty)


@transaction.atomic
def repair_apply(*, penalty: Penalty, applicant: str, evidence: str, contact: str, today=None):
    """Receive a credit-repair application for a public penalty; refused
    before the penalty's minimum publicity period has passed, with the date
    from which one may apply."""

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

    check_same_agency(penalty, user)
    require_state(penalty, RecordState.PUBLISHED)
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

    if not permissions.may_act_for(user, application.agency):
        raise ValidationError(
            _("Only staff of %(agency)s may do this.") % {"agency": application.agency}
        )
    if application.state != RepairApplication.State.RECEIVED:
        raise ValidationError(_("This application was already decided."))


@transaction.atomic
def repair_approve(*, application, user, reply: str) -> None:
    """Approve credit repair: the penalty's publicity ends today."""

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

    reply = _require_reply(reply, _("Give the reasons why the application is rejected."))
    _check_application(application, user)
    application.state = RepairApplication.State.REJECTED
    application.reply = reply
    application.decided_by = user
    application.decided_at = timezone.now()
    _save_as(application, user, _("rejected"))
