"""Spot checks, equity pledges, judicial assistance, chattel mortgages, IP
pledges and simplified-deregistration notices (``registry.models.filings``,
``registry.models.deregistration``), and objections to a deregistration.

Which agency enters which section (DOMAIN.md, "The rest of the national
system's company page", read as follows): a spot check by any inspecting
authority but a court; an equity pledge, a chattel mortgage and a
deregistration notice by a registration authority (market regulation, which
registers them); an IP pledge by a registration authority or another agency
(the IP office is of kind "other"); judicial assistance by a court only.
``FILING_AGENCY_KINDS`` holds that, for the rules here and for
``registry.permissions.ENTERED_BY_KINDS``.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import permissions, publicity_rules
from registry.models import (
    ChattelMortgage,
    DeregistrationNotice,
    DeregistrationObjection,
    EquityPledge,
    IpPledge,
    JudicialAssistance,
    SpotCheck,
)
from registry.models.base import RecordState
from registry.models.deregistration import filing_agency_kinds
from registry.services.saving import Outcome, _reviewed_entry, _save

FILING_AGENCY_KINDS: dict[type, set[str]] = filing_agency_kinds()
FILING_MODELS = tuple(FILING_AGENCY_KINDS)

OBJECTION_REASON_MAX_LENGTH = 2000
OBJECTION_CONTACT_MAX_LENGTH = 200


def filing_prepare(record) -> None:
    """Fill what a record derives: a notice's last day from its first."""
    if isinstance(record, DeregistrationNotice) and record.starts_on:
        record.ends_on = publicity_rules.deregistration_notice_ends_on(record.starts_on)


def filing_rules(record) -> None:
    """The rules of a record beyond its fields and constraints: its agency's
    kind, and the subject of a pledge or an order is not the company itself."""
    errors = {}
    agency = getattr(record, "agency", None) if record.agency_id else None
    kinds = FILING_AGENCY_KINDS[type(record)]
    if agency is not None and agency.kind not in kinds:
        errors["agency"] = _("%(agency)s (%(kind)s) does not enter %(records)s.") % {
            "agency": agency.name,
            "kind": agency.get_kind_display(),
            "records": type(record)._meta.verbose_name_plural,
        }
    own = {"pledgor_company_id", "subject_company_id"}
    for field in own:
        if getattr(record, field, None) and getattr(record, field) == record.company_id:
            errors[field.removesuffix("_id")] = _("A company does not hold shares in itself.")
    if isinstance(record, DeregistrationNotice) and record.starts_on and record.ends_on:
        if record.ends_on != publicity_rules.deregistration_notice_ends_on(record.starts_on):
            errors["ends_on"] = _("A notice runs 20 days, counted with its first.")
    if errors:
        raise ValidationError(errors)


# The fields that find an imported record again (an import run twice writes nothing).
IMPORT_KEYS = {
    SpotCheck: ("company", "agency", "checked_on", "check_type"),
    EquityPledge: ("registration_number",),
    JudicialAssistance: ("agency", "notice_number", "kind"),
    ChattelMortgage: ("registration_number",),
    IpPledge: ("registration_number",),
    DeregistrationNotice: ("company", "starts_on"),
}


@transaction.atomic
def filing_upsert(
    *, model, change_reason: str = "", state: str | None = None, entered_by=None, **values
) -> Outcome:
    """Create or update one record of ``model`` from an import row (its key:
    ``IMPORT_KEYS``). ``state`` and ``entered_by``: as for ``penalty_upsert``
    (the admin's import: pending records of the uploader)."""
    entry = _reviewed_entry(state, entered_by)
    probe = model(**values)
    filing_prepare(probe)
    filing_rules(probe)
    if isinstance(probe, DeregistrationNotice):
        values["ends_on"] = probe.ends_on
    keys = IMPORT_KEYS[model]
    lookup = {key: values.pop(key) for key in keys}
    return _save(model, lookup, values, change_reason, entry)


# --- objections to a simplified deregistration -----------------------------------


@transaction.atomic
def deregistration_objection_submit(
    *, notice: DeregistrationNotice, objector_kind: str, reason: str, contact: str, today=None
) -> DeregistrationObjection:
    """Receive an objection during the notice's 20 days (both ends included);
    refused before and after, and on a notice the public cannot see."""
    from registry.services.redress import _check_sender_fields, _new_reference, _save_as

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
    from registry.services.redress import _save_as

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
    from registry.services.redress import _save_as

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
