"""Objections to a simplified deregistration, sent from the public form, and
the authority's decisions: on each objection, and on the notice's outcome
(``registry.models.deregistration``). The sender's checks and the reference
numbers are those of the record objections (``registry.services.redress``)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import permissions, publicity_rules
from registry.models import DeregistrationNotice, DeregistrationObjection
from registry.models.base import RecordState
from registry.services.redress import _check_sender_fields, _new_reference, _save_as

OBJECTION_REASON_MAX_LENGTH = 2000
OBJECTION_CONTACT_MAX_LENGTH = 200


@transaction.atomic
def deregistration_objection_submit(
    *, notice: DeregistrationNotice, objector_kind: str, reason: str, contact: str, today=None
) -> DeregistrationObjection:
    """Receive an objection during the notice's 20 days (both ends included);
    refused before and after, and on a notice the public cannot see."""
    today = today or timezone.localdate()
    if not DeregistrationNotice.objects.public(today).filter(pk=notice.pk).exists():
        raise ValidationError(_("Only a public notice can be objected to."))
    if not publicity_rules.deregistration_objection_open(notice.starts_on, today):
        raise ValidationError(
            _("The objection period of this notice ended on %(date)s.")
            % {"date": notice.ends_on.isoformat()},
            code="period_over",
        )
    errors = _check_sender_fields(
        {
            "reason": (
                reason,
                OBJECTION_REASON_MAX_LENGTH,
                _("Say why the company should not be deregistered this way."),
            ),
            "contact": (
                contact,
                OBJECTION_CONTACT_MAX_LENGTH,
                _(
                    "Give an email address or a telephone number, so that the authority can "
                    "reach you."
                ),
            ),
        }
    )
    if objector_kind not in DeregistrationObjection.ObjectorKind.values:
        errors["objector_kind"] = _("Say who you are: a creditor, an employee or another.")
    if errors:
        raise ValidationError(errors)
    objection = DeregistrationObjection(
        reference=_new_reference(DeregistrationObjection, today),
        notice=notice,
        company_id=notice.company_id,
        agency_id=notice.agency_id,
        received_on=today,
        objector_kind=objector_kind,
        reason=reason.strip(),
        contact=contact.strip(),
    )
    _save_as(objection, None, _("objection to a deregistration received"))
    return objection


@transaction.atomic
def deregistration_objection_decide(
    *, objection: DeregistrationObjection, user, upheld: bool, reply: str
) -> None:
    """The authority's decision on an objection, with its reply (shown with the notice)."""
    if not permissions.may_act_for(user, objection.agency):
        raise ValidationError(
            _("Only staff of %(agency)s may do this.") % {"agency": objection.agency}
        )
    if objection.state != DeregistrationObjection.State.RECEIVED:
        raise ValidationError(_("This objection was already decided."))
    if not reply.strip():
        raise ValidationError({"reply": _("Tell the objector what the authority decided and why.")})
    objection.state = (
        DeregistrationObjection.State.UPHELD if upheld else DeregistrationObjection.State.REJECTED
    )
    objection.reply = reply.strip()
    objection.decided_by = user
    objection.decided_at = timezone.now()
    _save_as(objection, user, _("upheld") if upheld else _("rejected"))


@transaction.atomic
def deregistration_notice_conclude(
    *, notice: DeregistrationNotice, user, outcome: str, on: date
) -> None:
    """Record what came of a notice, after its last day: deregistered (only
    when no objection is upheld or waiting), stopped, or withdrawn."""
    if not permissions.may_act_for(user, notice.agency):
        raise ValidationError(
            _("Only staff of %(agency)s may do this.") % {"agency": notice.agency}
        )
    if notice.state != RecordState.PUBLISHED or notice.outcome:
        raise ValidationError(_("Only a published notice without an outcome can be concluded."))
    if outcome not in DeregistrationNotice.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if on <= notice.ends_on:
        raise ValidationError(
            {
                "outcome_on": _("The outcome comes after the notice's last day, %(date)s.")
                % {"date": notice.ends_on.isoformat()}
            }
        )
    if outcome == DeregistrationNotice.Outcome.DEREGISTERED:
        blocking = notice.objections.exclude(state=DeregistrationObjection.State.REJECTED)
        if blocking.exists():
            raise ValidationError(
                {
                    "outcome": _(
                        "An objection is upheld or waits for a decision: the company "
                        "cannot be deregistered this way."
                    )
                }
            )
    notice.outcome = outcome
    notice.outcome_on = on
    _save_as(notice, user, DeregistrationNotice.Outcome(outcome).label)
