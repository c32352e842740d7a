"""Reads about objections and credit repair for other parts of the site: what
waits for an agency (its dashboard), and which public records are under
objection (the company page). Writes are in ``registry.services``."""

from django.db.models import Count, Q

from registry.models import Agency, Objection, RepairApplication
from registry.models.redress import RECORD_FIELDS


def waiting_for(agency: Agency | None) -> dict[str, int]:
    """How many objections and credit-repair applications wait for ``agency``
    (for every agency when None, as a central administrator sees them):
    ``objections_received``, ``objections_under_review``, ``repair_applications``."""
    objections = Objection.objects.all()
    applications = RepairApplication.objects.filter(state=RepairApplication.State.RECEIVED)
    if agency is not None:
        objections = objections.filter(agency=agency)
        applications = applications.filter(agency=agency)
    counts = objections.aggregate(
        received=Count("pk", filter=Q(state=Objection.State.RECEIVED)),
        under_review=Count("pk", filter=Q(state=Objection.State.UNDER_REVIEW)),
    )
    return {
        "objections_received": counts["received"],
        "objections_under_review": counts["under_review"],
        "repair_applications": applications.count(),
    }


def mark_under_objection(**records_by_kind) -> None:
    """Set ``under_objection`` on each record given (keyword: a kind of
    ``RECORD_FIELDS``, e.g. ``penalty=[...]``): True while an objection to it
    waits for a decision. One query for all of them."""
    wanted = {kind: {r.pk for r in records} for kind, records in records_by_kind.items()}
    condition = Q()
    for kind, pks in wanted.items():
        if pks:
            condition |= Q(**{f"{RECORD_FIELDS[kind]}_id__in": pks})
    pending = {kind: set() for kind in wanted}
    if condition:
        fields = [f"{RECORD_FIELDS[kind]}_id" for kind in wanted]
        for row in Objection.objects.pending().filter(condition).values_list(*fields):
            for kind, pk in zip(wanted, row, strict=True):
                if pk is not None:
                    pending[kind].add(pk)
    for kind, records in records_by_kind.items():
        for record in records:
            record.under_objection = record.pk in pending[kind]
