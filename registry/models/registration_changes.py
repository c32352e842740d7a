"""A change to a company's registration, proposed by one staff member of its
registration authority and applied only when a colleague approves it (the
maker-checker of the records, for registration facts).

The proposal holds the company's fields as they are to be (``values``) and,
where the proposal changes them, the whole new lists of its former names,
shareholdings and officers (``details``); nothing of the company changes
until approval, when ``registry.services`` applies it and the company's
change history (shown on the public page) records it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.base import TimeStamped, choices_check
from registry.models.company import Company
from registry.models.reference import Agency


class RegistrationChangeState(models.TextChoices):
    PENDING = "pending", _("pending review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class RegistrationChange(TimeStamped):
    State = RegistrationChangeState

    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registration_changes",
        verbose_name=_("company"),
        help_text=_("Empty for a new company, registered when the change is approved."),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registration_changes",
        verbose_name=_("registration authority"),
        help_text=_("The authority whose staff review it (the company's own)."),
    )
    values = models.JSONField(
        _("registration facts as proposed"),
        help_text=_("Each field of the company as it is to be, by field name."),
    )
    details = models.JSONField(
        _("details as proposed"),
        default=dict,
        blank=True,
        help_text=_(
            "The whole new lists of former names, shareholdings and officers, where changed."
        ),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
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
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("registration change")
        verbose_name_plural = _("registration changes")
        constraints = [
            choices_check(
                "state", RegistrationChangeState, "registry_registrationchange_state_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="rejected") | ~models.Q(rejection_reason=""),
                name="registry_registrationchange_rejection_has_reason",
                violation_error_message=_("A rejected change needs a reason."),
            ),
            # One proposal at a time per company: a second would be decided
            # against facts the first may change.
            models.UniqueConstraint(
                fields=["company"],
                condition=models.Q(state="pending", company__isnull=False),
                name="registry_registrationchange_one_pending_per_company",
                violation_error_message=_(
                    "A change of this company already waits for review: decide it first."
                ),
            ),
        ]

    def __str__(self):
        name = self.values.get("name") or (self.company.name if self.company_id else "")
        return f"#{self.pk} {name}"

    def get_admin_url(self) -> str:
        return reverse("admin:registry_registrationchange_change", args=[self.pk])
