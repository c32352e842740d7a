from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def choices_check(field: str, choices, name: str, *, allow_blank: bool = False):
    """A named CheckConstraint keeping ``field`` inside its TextChoices."""
    values = list(choices.values)
    if allow_blank:
        values.append("")
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": values}), name=name)


def one_subject_check(name: str, a: str = "company", b: str = "person"):
    """Exactly one of two subject foreign keys is set."""
    return models.CheckConstraint(
        condition=(
            models.Q(**{f"{a}__isnull": False, f"{b}__isnull": True})
            | models.Q(**{f"{a}__isnull": True, f"{b}__isnull": False})
        ),
        name=name,
    )


def nonnegative_check(field: str, name: str):
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=f"{field} cannot be negative.",
    )


def not_before_check(later: str, earlier: str, name: str):
    """``later`` is empty, or not before ``earlier``."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{later}__isnull": True})
        | models.Q(**{f"{earlier}__isnull": True})
        | models.Q(**{f"{later}__gte": models.F(earlier)}),
        name=name,
        violation_error_message=f"{later} cannot be before {earlier}.",
    )
