"""How every service writes: one row at a time, validated, with its history.

``_save`` creates or updates the row matching a lookup; every save records a
row of change history (django-simple-history) whose user comes from the
admin's request or ``entered_by``, and whose change reason is the one given
(the import command names itself there). Rows that hold exactly the given
values already are not saved, so they gain no history.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import uscc
from registry.models.base import RecordState


@dataclass
class Outcome:
    """What a write did: ``created`` True for a new row, ``changed`` False when
    an existing row already held exactly these values."""

    obj: object
    created: bool
    changed: bool


def _save(
    model_cls, lookup: dict, values: dict, change_reason: str = "", entry: dict | None = None
) -> Outcome:
    """Create the row matching ``lookup`` or update it with ``values``.

    ``entry`` (see :func:`_reviewed_entry`) marks a write through a reviewed
    channel (the admin's import): a new row also gets ``entry["fields"]`` (its
    state, maker...) and its history names ``entry["user"]``; an existing row
    holding other values is refused, since a record is changed through the
    admin and its review, never by re-importing it.

    Fields other than foreign keys are validated in Python; the named constraints are left to the
    database (Django would run one query per check constraint, a tenfold
    cost on bulk imports), and :func:`explain_integrity_error` turns a
    refusal into the constraint's own message."""
    rows = model_cls.objects.select_for_update().filter(**lookup)
    if any(f.name == "withdrawn_on" for f in model_cls._meta.concrete_fields):
        # A withdrawn record keeps its number in history; a new record may reuse it.
        rows = rows.exclude(state=RecordState.WITHDRAWN)
    obj = rows.first()
    if obj is None:
        obj = model_cls(**lookup, **values, **(entry["fields"] if entry else {}))
        obj.full_clean(
            exclude=_relations(model_cls), validate_unique=False, validate_constraints=False
        )
        if entry and entry["user"] is not None:
            obj._history_user = entry["user"]
        _save_with_reason(obj, change_reason)
        return Outcome(obj, created=True, changed=True)
    changed = any(getattr(obj, field) != value for field, value in values.items())
    if changed and entry:
        _refuse_existing(obj)
    if changed:
        for field, value in values.items():
            setattr(obj, field, value)
        obj.full_clean(
            exclude=_relations(model_cls), validate_unique=False, validate_constraints=False
        )
        _save_with_reason(obj, change_reason)
    return Outcome(obj, created=False, changed=changed)


def _reviewed_entry(state: str | None, entered_by) -> dict | None:
    """What a write through a reviewed channel adds to a new record: the
    ``state`` it starts in, its maker (``entered_by``, also its submitter when
    pending) and the user its history names. None for a trusted channel
    (the import command), whose records are published as they are."""
    if state is None:
        return None
    fields = {"state": state, "entered_by": entered_by}
    if state == RecordState.PENDING:
        fields.update(submitted_by=entered_by, submitted_at=timezone.now())
    return {"fields": fields, "user": entered_by}


def _refuse_existing(obj) -> None:
    state = getattr(obj, "get_state_display", None)
    raise ValidationError(
        {
            "__all__": _(
                "This record is already in the register (%(state)s) with other values; "
                "correct it in the admin instead of importing it again."
            )
            % {"state": state() if state else _("published")}
        }
    )


# The length of django-simple-history's ``history_change_reason`` column.
REASON_MAX_LENGTH = 100


def _save_with_reason(obj, change_reason: str) -> None:
    """Save ``obj``; its history row carries ``change_reason``."""
    if change_reason:
        obj._change_reason = change_reason[:REASON_MAX_LENGTH]
    obj.save()


def _delete_with_reason(queryset, change_reason: str) -> None:
    """Delete row by row (a queryset delete records no reason), each history
    row carrying ``change_reason``."""
    for obj in queryset:
        if change_reason:
            obj._change_reason = change_reason[:REASON_MAX_LENGTH]
        obj.delete()


def _relations(model_cls) -> list[str]:
    """Foreign keys are passed as objects read from the database: checking
    that they exist again would cost a query each."""
    return [f.name for f in model_cls._meta.concrete_fields if f.is_relation]


def explain_integrity_error(error: Exception) -> str:
    """The message of the named constraint a database refusal names, if any."""
    from django.apps import apps

    text = str(error)
    for model in apps.get_app_config("registry").get_models():
        for constraint in model._meta.constraints:
            if constraint.name in text:
                return _("%(model)s: %(message)s (constraint %(name)s).") % {
                    "model": model._meta.verbose_name,
                    "message": constraint.get_violation_error_message(),
                    "name": constraint.name,
                }
    return _("The database refused this row: %(error)s") % {"error": text}


def code_normalize_or_error(raw: str, field: str = "uscc") -> str:
    code = uscc.normalize(raw)
    problem = uscc.check(code)
    if problem:
        raise ValidationError({field: problem.message})
    return code
