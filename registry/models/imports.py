"""Files imported through the admin, reviewed as a whole.

An upload that passes the dry run becomes one :class:`ImportBatch`. Records
that go through review (penalties, list entries, court cases) are written at
once as *pending*, entered and submitted by the uploader, and the batch keeps
their ids; registration and reference data (companies, agencies), which has
no review state of its own, is kept as the uploaded file and written only
when the batch is approved. Either way a colleague of the uploader, of the
same agency, approves or rejects the whole batch (``registry.services``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models.base import choices_check
from registry.models.reference import Agency


class ImportBatchState(models.TextChoices):
    PENDING = "pending", _("pending review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ImportBatch(models.Model):
    State = ImportBatchState

    # Import kinds (registry.importing.KINDS) and the model each writes.
    KIND_CHOICES = [
        ("agencies", _("agencies")),
        ("companies", _("companies")),
        ("penalties", _("administrative penalties")),
        ("cases", _("court cases")),
        ("list-entries", _("list entries")),
        ("annual-reports", _("annual reports")),
        ("spot-checks", _("spot-check results")),
        ("equity-pledges", _("equity pledges")),
        ("judicial-orders", _("judicial assistance")),
        ("mortgages", _("chattel mortgages")),
        ("ip-pledges", _("IP pledges")),
        ("deregistrations", _("simplified-deregistration notices")),
    ]
    # Kinds written only on approval: their models have no review state.
    HELD_KINDS = ("agencies", "companies")

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_batches",
        verbose_name=_("agency"),
        help_text=_("Empty for a central administrator's file covering several agencies."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES)
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("file format"), max_length=4)
    # The file itself, for kinds written on approval (empty otherwise), in the
    # default storage (MEDIA_ROOT), never in the database.
    file = models.FileField(
        _("file"), upload_to="imports/batches/", blank=True, max_length=255, editable=False
    )
    row_count = models.PositiveIntegerField(_("rows"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=State.choices,
        default=State.PENDING,
        db_index=True,
    )
    record_ids = models.JSONField(
        _("records"),
        default=list,
        blank=True,
        help_text=_("The ids of the records the batch wrote."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason rejected"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        constraints = [
            choices_check("state", ImportBatchState, "registry_importbatch_state_valid"),
            models.CheckConstraint(
                condition=~models.Q(state="rejected") | ~models.Q(rejection_reason=""),
                name="registry_importbatch_rejection_has_reason",
                violation_error_message=_("A rejected batch needs a reason."),
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.kind} {self.file_name}"

    @property
    def model(self):
        """The model the batch's records belong to."""
        from registry import models as m

        return {
            "agencies": m.Agency,
            "companies": m.Company,
            "penalties": m.Penalty,
            "cases": m.CourtCase,
            "list-entries": m.ListEntry,
        }[self.kind]

    @property
    def is_held(self) -> bool:
        return self.kind in self.HELD_KINDS

    def records(self):
        """The records the batch wrote (none yet for a held batch under review)."""
        return self.model._default_manager.filter(pk__in=self.record_ids)
