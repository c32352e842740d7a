"""Writes to the register: every write, from every channel.

The admin (its forms, inlines, approvals and step pages), the importers (the
``import_records`` command and the admin's import, ``registry.importing``),
the public redress forms, the escalation command and the demo commands all call
these functions, so the same validation applies to each channel and no channel
can skip a rule. Functions are keyword-only and named ``<thing>_<action>``;
each validates, saves and records history inside one transaction, and raises
``django.core.exceptions.ValidationError`` with field names as keys when the
input is wrong. A form shows those errors next to its fields
(``registry.admin.errors.put_errors``).

One module per topic:

- ``saving``: how a row is written with its history (``Outcome``, the
  database's refusals explained);
- ``registration``: agencies, companies, people and their details;
- ``penalties``, ``court_cases``, ``list_entries``: the public records, with
  the rules each must meet (``*_check``), which approval runs again;
- ``review``: maker-checker (submit, approve, reject) and withdrawal;
- ``redress``: objections and credit repair;
- ``annual_reports``: annual reports filed and amended.
- ``filings``: spot checks, pledges, judicial assistance, mortgages,
  deregistration notices and the objections to them.

Import batches (the admin's import, reviewed as a whole) live beside the
importers, in ``registry.importing.batches``.
"""

from registry.services.accounts import (
    authenticator_replace,
    staff_account_save,
    staff_member_assign,
)
from registry.services.annual_reports import (
    annual_report_amend,
    annual_report_file,
    annual_report_rules,
)
from registry.services.court_cases import PartyInput, court_case_parts, court_case_upsert
from registry.services.deregistration import (
    deregistration_notice_conclude,
    deregistration_objection_decide,
    deregistration_objection_submit,
)
from registry.services.drafts import (
    record_check,
    record_delete,
    record_detail_delete,
    record_detail_save,
    record_prepare,
    record_rules,
    record_save,
)
from registry.services.filings import filing_upsert
from registry.services.guards import agency_of
from registry.services.list_entries import (
    list_entry_upsert,
    list_removal_approve,
    list_removal_reject,
    list_removal_request,
    restriction_record,
)
from registry.services.penalties import penalty_set_categories, penalty_upsert, penalty_validate
from registry.services.redress import (
    CONTACT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    objection_reject,
    objection_start_review,
    objection_submit,
    objection_uphold,
    penalty_end_publicity,
    repair_allowed_from,
    repair_apply,
    repair_approve,
    repair_reject,
)
from registry.services.registration import (
    agency_save,
    agency_upsert,
    company_save,
    company_upsert,
    level_for_region,
    name_spellings,
    person_create,
    person_save,
    reference_save,
    registration_detail_delete,
    registration_detail_save,
)
from registry.services.review import (
    record_approve,
    record_reject,
    record_submit,
    record_withdraw,
)
from registry.services.saving import Outcome, code_normalize_or_error, explain_integrity_error

__all__ = [
    "deregistration_notice_conclude",
    "deregistration_objection_decide",
    "deregistration_objection_submit",
    "filing_upsert",
    "CONTACT_MAX_LENGTH",
    "DESCRIPTION_MAX_LENGTH",
    "Outcome",
    "PartyInput",
    "agency_of",
    "annual_report_amend",
    "annual_report_file",
    "annual_report_rules",
    "agency_save",
    "agency_upsert",
    "authenticator_replace",
    "code_normalize_or_error",
    "company_save",
    "company_upsert",
    "court_case_parts",
    "court_case_upsert",
    "explain_integrity_error",
    "level_for_region",
    "list_entry_upsert",
    "list_removal_approve",
    "list_removal_reject",
    "list_removal_request",
    "objection_reject",
    "objection_start_review",
    "objection_submit",
    "objection_uphold",
    "penalty_end_publicity",
    "penalty_set_categories",
    "penalty_upsert",
    "penalty_validate",
    "name_spellings",
    "person_create",
    "person_save",
    "reference_save",
    "registration_detail_delete",
    "registration_detail_save",
    "record_approve",
    "record_check",
    "record_delete",
    "record_detail_delete",
    "record_detail_save",
    "record_prepare",
    "record_rules",
    "record_save",
    "record_reject",
    "record_submit",
    "record_withdraw",
    "repair_allowed_from",
    "repair_apply",
    "repair_approve",
    "repair_reject",
    "restriction_record",
    "staff_account_save",
    "staff_member_assign",
]
