"""Import batches: a file uploaded in the admin, reviewed as a whole.

The admin's import reads files with the same importers as ``import_records``
(:func:`registry.importing.run_import`); this module keeps what it took in
until a colleague approves or rejects it, through the review services."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import permissions
from registry.importing.filing_specs import FILING_IMPORT_MODELS
from registry.importing.runner import run_import
from registry.models import (
    Agency,
    AnnualReport,
    Company,
    CourtCase,
    ImportBatch,
    ListEntry,
    Penalty,
)
from registry.models.base import RecordState
from registry.services.review import record_approve, record_reject
from registry.services.saving import _save_with_reason

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
    "annual-reports": AnnualReport,
    **FILING_IMPORT_MODELS,
}


def import_kinds_for(user) -> list[str]:
    """The import kinds ``user`` may upload: what they may enter by hand."""

    return [kind for kind, model in IMPORT_MODELS.items() if permissions.may_add(user, model)]


def _import_reason(file_name: str) -> str:
    return _("admin import: %(file)s") % {"file": file_name}


def _batch_agency(user, model, ids) -> Agency | None:
    """The uploader's agency; for a central administrator, the one agency
    every record belongs to, if there is one."""

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
        row_count=result.rows,
        record_ids=[] if held else result.created_ids,
    )
    if held:
        # Kept as the file (default storage) until a colleague decides.
        batch.file.save(f"{file_format}.{file_format}", ContentFile(data), save=False)
    _save_with_reason(batch, "")
    return batch, result


def _read(batch) -> bytes:
    with batch.file.open("rb") as kept:
        return kept.read()


def _check_batch_reviewer(batch, user) -> None:

    if batch.state != batch.State.PENDING:
        raise ValidationError(_("This import was already decided."))
    if not permissions.may_review_for(user, batch.agency):
        raise ValidationError(
            _("Only staff of %(agency)s may review this import.")
            % {"agency": batch.agency or _("the central administration")}
        )
    if user.pk == batch.uploaded_by_id:
        raise ValidationError(_("You uploaded this file: a colleague must review it."))


def _locked_batch(batch):

    return (
        ImportBatch.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=batch.pk)
    )


@transaction.atomic
def import_batch_approve(*, batch, user):
    """Publish every record of ``batch`` (a held file is written now, for its
    uploader); all or none."""

    batch = _locked_batch(batch)
    _check_batch_reviewer(batch, user)
    if batch.is_held:
        result = run_import(
            batch.kind,
            _read(batch),
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
