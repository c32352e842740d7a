"""Reads about objections and credit repair for other parts of the site: what
waits for an agency (its dashboard), and which public records are under
objection (the company page). Writes are in ``registry.services``."""

from django.db import connections, router
from django.db.models import Count, Q

from registry.models import Agency, Objection, RepairApplication
from registry.models.redress import PENDING_STATES, RECORD_FIELDS


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
    waits for a decision (``Objection.objects.pending()``). One query for all
    of them, written out here: a company page asks it on every build, and
    the ORM took about 0.6 ms of CPU to compile it."""
    wanted = {kind: [r.pk for r in records] for kind, records in records_by_kind.items()}
    pending = {kind: set() for kind in wanted}
    asked = [kind for kind in KINDS if wanted.get(kind)]
    if asked:
        connection = connections[router.db_for_read(Objection)]
        with connection.cursor() as cursor:
            cursor.execute(*_pending_query(connection, {kind: wanted[kind] for kind in asked}))
            for row in cursor.fetchall():
                for kind, pk in zip(asked, row, strict=True):
                    if pk is not None:
                        pending[kind].add(pk)
    for kind, records in records_by_kind.items():
        for record in records:
            record.under_objection = record.pk in pending[kind]


KINDS = tuple(RECORD_FIELDS)


def _pending_query(connection, wanted: dict[str, list]) -> tuple[str, list]:
    """The objections pending on any of ``wanted``'s records: the record
    column of each kind asked, in ``wanted``'s order."""
    quote = connection.ops.quote_name
    columns = [quote(f"{RECORD_FIELDS[kind]}_id") for kind in wanted]
    conditions = [
        f"{column} IN ({', '.join(['%s'] * len(pks))})"
        for column, pks in zip(columns, wanted.values(), strict=True)
    ]
    states = ", ".join(["%s"] * len(PENDING_STATES))
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(Objection._meta.db_table)} "
        f"WHERE {quote('state')} IN ({states}) AND ({' OR '.join(conditions)})"
    )
    params = [str(state) for state in PENDING_STATES]
    for pks in wanted.values():
        params += pks
    return sql, params
