from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


# One message for a negative amount, whichever channel meets it: the import's
# cell reader, the services' rules, the database's constraint.
NEGATIVE_AMOUNT = _("An amount cannot be negative.")


def nonnegative_check(field: str, name: str):
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=NEGATIVE_AMOUNT,
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


class RecordState(models.TextChoices):
    """Where a record stands on its way to the public (maker-checker).

    A record entered in the admin starts as a draft; its maker submits it for
    review; a different staff member of the same agency approves it (published)
    or rejects it with a reason (back to draft). A published record is never
    deleted: it is withdrawn, with a kind, a reason and a date."""

    DRAFT = "draft", pgettext_lazy("record state", "draft")
    PENDING = "pending", pgettext_lazy("record state", "pending review")
    PUBLISHED = "published", pgettext_lazy("record state", "published")
    WITHDRAWN = "withdrawn", pgettext_lazy("record state", "withdrawn")


class WithdrawalKind(models.TextChoices):
    CORRECTED = "corrected", _("corrected by the agency")
    REVOKED = "revoked", _("revoked on administrative review")
    ANNULLED = "annulled", _("annulled by a court")


class Reviewed(models.Model):
    """Fields of a record that is published only after review, and withdrawn
    instead of deleted. Records from the import command (a trusted channel)
    and the demo data are published directly: ``state`` defaults to
    published."""

    state = models.CharField(
        _("state"),
        max_length=12,
        choices=RecordState.choices,
        default=RecordState.PUBLISHED,
        # Also a database default: the demo seeder's COPY leaves the column out.
        db_default=RecordState.PUBLISHED,
        db_index=True,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    rejection_reason = models.TextField(
        _("reason rejected"),
        blank=True,
        db_default="",
        help_text=_("Why the reviewer sent the record back to draft."),
    )
    withdrawn_on = models.DateField(_("date withdrawn"), null=True, blank=True)
    withdrawal_kind = models.CharField(
        _("withdrawal"),
        max_length=12,
        choices=WithdrawalKind.choices,
        blank=True,
        db_default="",
    )
    withdrawal_reason = models.TextField(_("reason withdrawn"), blank=True, db_default="")

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        """Drafts may be edited; what is pending, published or withdrawn may not."""
        return self.state == RecordState.DRAFT


def review_constraints(table: str) -> list:
    """Named constraints of a :class:`Reviewed` record stored in ``table``."""
    withdrawn = models.Q(state=RecordState.WITHDRAWN)
    return [
        choices_check("state", RecordState, f"{table}_state_valid"),
        choices_check(
            "withdrawal_kind", WithdrawalKind, f"{table}_withdrawal_kind_valid", allow_blank=True
        ),
        # A withdrawal is recorded whole, and only on a withdrawn record.
        models.CheckConstraint(
            condition=(
                withdrawn
                & models.Q(withdrawn_on__isnull=False)
                & ~models.Q(withdrawal_kind="")
                & ~models.Q(withdrawal_reason="")
            )
            | (~withdrawn & models.Q(withdrawn_on__isnull=True, withdrawal_kind="")),
            name=f"{table}_withdrawal_whole",
            violation_error_message=_(
                "A withdrawn record needs a date, a kind and a reason; other records have none."
            ),
        ),
    ]
