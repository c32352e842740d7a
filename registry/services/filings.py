"""Spot checks, equity pledges, judicial assistance, chattel mortgages, IP
pledges and simplified-deregistration notices (``registry.models.filings``,
``registry.models.deregistration``): their rules and import writes. Objections
to a deregistration are in ``registry.services.deregistration``.

Which agency enters which section (DOMAIN.md, "The rest of the national
system's company page", read as follows): a spot check by any inspecting
authority but a court; an equity pledge, a chattel mortgage and a
deregistration notice by a registration authority (market regulation, which
registers them); an IP pledge by a registration authority or another agency
(the IP office is of kind "other"); judicial assistance by a court only.
``FILING_AGENCY_KINDS`` holds that, for the rules here and for
``registry.permissions.ENTERED_BY_KINDS``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from registry import publicity_rules
from registry.models import (
    ChattelMortgage,
    DeregistrationNotice,
    EquityPledge,
    IpPledge,
    JudicialAssistance,
    SpotCheck,
)
from registry.models.deregistration import filing_agency_kinds
from registry.services.saving import Outcome, _reviewed_entry, _save

FILING_AGENCY_KINDS: dict[type, set[str]] = filing_agency_kinds()
FILING_MODELS = tuple(FILING_AGENCY_KINDS)


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
