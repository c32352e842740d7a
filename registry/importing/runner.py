"""Running an import: all rows or none.

Every row is read and written inside one transaction, each in its own
savepoint so that a row the database refuses does not hide the errors of the
rows after it. If any row is bad (or on a dry run) the whole transaction is
rolled back: nothing half-imported remains. Every row written gains a row of
change history whose change reason is the ``reason`` given (the command names
itself there) and whose user is none.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from registry.importing.lookups import Lookups
from registry.importing.readers import UnreadableFile, read_table
from registry.importing.specs import KINDS, RowInvalid, Spec
from registry.services.saving import explain_integrity_error


@dataclass(frozen=True)
class RowError:
    line: int  # 0 for a problem with the file as a whole
    column: str
    message: str

    def __str__(self):
        if self.line == 0:
            return self.message
        where = _("line %(line)d") % {"line": self.line}
        if self.column:
            where += _(", column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    counts: Counter = field(default_factory=Counter)  # created / updated / unchanged
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    created_ids: list = field(default_factory=list)  # primary keys of the new rows

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


class _Rollback(Exception):
    pass


def run_import(
    kind: str,
    source,
    *,
    file_format: str | None = None,
    dry_run: bool = False,
    reason: str = "",
    agency=None,
    channel: dict | None = None,
):
    """Import ``source`` (a path, or bytes with ``file_format``) as ``kind``;
    ``reason`` becomes the change reason of every history row written.

    The admin's import passes ``agency``, the uploader's agency, which every
    record then belongs to whatever the file's agency column says (the column
    may be left out), and ``channel`` (``state``, ``entered_by``), passed on to
    the services: new records wait for review, existing ones are not changed.
    The import command passes neither: what it imports is published."""
    spec = KINDS.get(kind)
    if spec is None:
        raise ValueError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    result = ImportResult(kind=kind, dry_run=dry_run)
    try:
        table = read_table(source, file_format)
    except UnreadableFile as error:
        result.errors.append(RowError(0, "", str(error)))
        return result
    forced = agency is not None and spec.agency_column
    result.errors.extend(_header_errors(spec, table.headers, optional=forced))
    if result.errors:
        return result
    result.rows = len(table.rows)
    lookups = Lookups()
    if forced:
        lookups.remember_agency(agency)
        for _line, row in table.rows:
            if "__extra__" not in row:
                row[spec.agency_column] = agency.name
    try:
        with transaction.atomic():
            _import_rows(spec, table.rows, result, reason, lookups, channel or {})
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    result.errors.sort(key=lambda e: (e.line, e.column))
    return result


def _header_errors(spec: Spec, headers: list[str], optional: str = "") -> list[RowError]:
    errors = []
    missing = [c for c in spec.required if c not in headers and c != optional]
    if missing:
        errors.append(
            RowError(
                1,
                "",
                _("Missing required column(s): %(missing)s. The columns for %(kind)s are: %(all)s.")
                % {
                    "missing": ", ".join(missing),
                    "kind": spec.kind,
                    "all": ", ".join(spec.columns),
                },
            )
        )
    unknown = [h for h in headers if h and h not in spec.columns]
    if unknown:
        errors.append(
            RowError(
                1,
                "",
                _("Unknown column(s): %(unknown)s. The columns for %(kind)s are: %(all)s.")
                % {
                    "unknown": ", ".join(unknown),
                    "kind": spec.kind,
                    "all": ", ".join(spec.columns),
                },
            )
        )
    duplicated = [h for h, n in Counter(headers).items() if h and n > 1]
    if duplicated:
        errors.append(
            RowError(1, "", _("Repeated column(s): %(cols)s.") % {"cols": ", ".join(duplicated)})
        )
    return errors


def _import_rows(
    spec: Spec, rows, result: ImportResult, reason: str, lookups: Lookups, channel: dict
) -> None:
    if spec.kind != "companies" and "uscc" in spec.columns:
        lookups.preload_companies(str(row.get("uscc", "")) for _line, row in rows)
    seen: dict[tuple, int] = {}
    for line, row in rows:
        if "__extra__" in row:
            result.errors.append(RowError(line, "", _("This row has more cells than the header.")))
            continue
        try:
            values = spec.clean(row, lookups)
        except RowInvalid as invalid:
            result.errors.extend(RowError(line, col, msg) for col, msg in invalid.errors.items())
            continue
        key = spec.key(values)
        if key in seen:
            result.errors.append(
                RowError(
                    line,
                    spec.required[0],
                    _("The same record is already on line %(line)d of this file.")
                    % {"line": seen[key]},
                )
            )
            continue
        seen[key] = line
        try:
            with transaction.atomic():
                outcome = spec.write(values, lookups, reason, **channel)
        except ValidationError as error:
            result.errors.extend(_validation_errors(spec, line, error))
            continue
        except IntegrityError as error:
            result.errors.append(RowError(line, "", explain_integrity_error(error)))
            continue
        result.counts[
            "created" if outcome.created else "updated" if outcome.changed else "unchanged"
        ] += 1
        if outcome.created:
            result.created_ids.append(outcome.obj.pk)


def _validation_errors(spec: Spec, line: int, error: ValidationError):
    if not hasattr(error, "error_dict"):
        return [RowError(line, "", " ".join(error.messages))]
    out = []
    for field_name, errors in error.message_dict.items():
        column = spec.columns_for_fields.get(field_name, field_name)
        if column == "__all__":
            column = ""
        out.append(RowError(line, column, " ".join(errors)))
    return out
