"""Agency staff, and the changes they propose for review.

Every staff account (other than a central administrator's, a superuser) belongs
to exactly one agency: :class:`StaffMember` ties the two. What a member may see
and change follows from the agency (see ``registry.permissions``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.base import TimeStamped, choices_check
from registry.models.lists import ListEntry
from registry.models.reference import Agency


class StaffMember(TimeStamped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_member",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("agency"),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self):
        return f"{self.user} ({self.agency})"


class RemovalRequestState(models.TextChoices):
    PENDING = "pending", _("pending review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class RemovalRequest(TimeStamped):
    """A proposal to remove a company from a list: proposed by one staff member
    of the listing authority, applied to the entry only when a colleague
    approves it."""

    State = RemovalRequestState

    entry = models.ForeignKey(
        ListEntry,
        on_delete=models.PROTECT,
        related_name="removal_requests",
        verbose_name=_("list entry"),
    )
    removed_on = models.DateField(_("date removed"))
    reason = models.TextField(_("reason removed"))
    decision_number = models.CharField(_("removal decision number"), max_length=100)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
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
        verbose_name = _("list removal request")
        verbose_name_plural = _("list removal requests")
        constraints = [
            choices_check("state", RemovalRequestState, "registry_removalrequest_state_valid"),
            models.CheckConstraint(
                condition=~models.Q(reason="") & ~models.Q(decision_number=""),
                name="registry_removalrequest_reason_and_number",
                violation_error_message=_("A removal needs a reason and a decision number."),
            ),
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(state="pending"),
                name="registry_removalrequest_one_pending_per_entry",
                violation_error_message=_("This entry already has a removal waiting for review."),
            ),
        ]

    def __str__(self):
        return f"{self.entry} → {self.removed_on}"
