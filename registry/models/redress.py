"""Redress: objections to public records (异议) and credit repair (信用修复).

Anyone may object to a public record; the agency that owns the record decides.
A company may apply to end a penalty's publicity early once its minimum
period has passed; the deciding agency approves or rejects. Both are sent
from the public pages without an account: the sender gets an unguessable
reference number, and a public status page for it. The sender's contact is
for the agency only and is never shown on a public page.

Writes go through ``registry.services`` (``objection_*``, ``repair_*``);
every step is a save, so the history names who did it and why.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.models.base import TimeStamped, choices_check
from registry.models.court import CourtCase
from registry.models.lists import ListEntry, Rating
from registry.models.penalty import Licence, Penalty
from registry.models.reference import Agency

# Letters and digits that cannot be mistaken for each other when read aloud
# or copied by hand (no 0/O, 1/I/L, U).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = len("26-XXXX-XXXX")


def new_reference(today) -> str:
    """A reference number such as ``26-K7QF-3MWD``: the year, then 8 random
    characters (29**8, about 5 * 10**11 possibilities): short enough to read
    out on the phone, too many to guess."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{today:%y}-{body[:4]}-{body[4:]}"


def normalize_reference(text: str) -> str:
    """What a person typed, as stored: upper case, without spaces, with the
    dashes put back where they belong."""
    compact = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(compact) != 10:
        return compact
    return f"{compact[:2]}-{compact[2:6]}-{compact[6:]}"


# The kinds of record that can be objected to: (URL word, field on Objection).
RECORD_KINDS = {
    "penalty": Penalty,
    "licence": Licence,
    "entry": ListEntry,
    "case": CourtCase,
    "rating": Rating,
}
RECORD_FIELDS = {
    "penalty": "penalty",
    "licence": "licence",
    "entry": "list_entry",
    "case": "court_case",
    "rating": "rating",
}


class ObjectionGrounds(models.TextChoices):
    WRONG = "wrong", _("The record is wrong or incomplete")
    PRIVATE = "private", _("The record exposes a trade secret or private data")
    EXPIRED = "expired", _("The record is past its publicity period")
    OTHER = "other", _("Other grounds")


class ObjectionState(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("objection state", "received")
    UNDER_REVIEW = "under_review", pgettext_lazy("objection state", "under review")
    UPHELD = "upheld", pgettext_lazy("objection state", "upheld")
    REJECTED = "rejected", pgettext_lazy("objection state", "rejected")


# Not yet decided: the record shows "under objection" meanwhile.
PENDING_STATES = (ObjectionState.RECEIVED, ObjectionState.UNDER_REVIEW)


class ObjectionQuerySet(models.QuerySet):
    def pending(self):
        """Not yet decided: the record shows "under objection" meanwhile."""
        return self.filter(state__in=PENDING_STATES)


def _one_record_check(name: str, fields: list[str]):
    """Exactly one of ``fields`` is set."""
    options = models.Q()
    for field in fields:
        only = models.Q(**{f"{field}__isnull": False})
        for other in fields:
            if other != field:
                only &= models.Q(**{f"{other}__isnull": True})
        options |= only
    return models.CheckConstraint(
        condition=options,
        name=name,
        violation_error_message=_("An objection is about exactly one record."),
    )


def _decision_whole_check(name: str, decided_states: list[str]):
    """A decision has a date and a reply; an undecided request has neither."""
    decided = models.Q(state__in=decided_states)
    return models.CheckConstraint(
        condition=(decided & models.Q(decided_at__isnull=False) & ~models.Q(reply=""))
        | (~decided & models.Q(decided_at__isnull=True)),
        name=name,
        violation_error_message=_("A decision needs a date and a reply."),
    )


class Objection(TimeStamped):
    """An objection to one public record, decided by the agency that owns it."""

    Grounds = ObjectionGrounds
    State = ObjectionState

    reference = models.CharField(
        _("reference number"),
        max_length=REFERENCE_LENGTH,
        unique=True,
        editable=False,
        help_text=_("Given to the objector, who follows the objection with it."),
    )
    penalty = models.ForeignKey(
        Penalty,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("administrative penalty"),
    )
    licence = models.ForeignKey(
        Licence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("administrative licence"),
    )
    list_entry = models.ForeignKey(
        ListEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("list entry"),
    )
    court_case = models.ForeignKey(
        CourtCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("court case"),
    )
    rating = models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("rating"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("agency deciding"),
        help_text=_("The agency that owns the record when the objection is received."),
    )
    grounds = models.CharField(_("grounds"), max_length=10, choices=Grounds.choices)
    description = models.TextField(
        _("what is wrong"), help_text=_("As the objector wrote it; not shown publicly.")
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        help_text=_("An email address or telephone number for the agency; never shown publicly."),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    reply = models.TextField(
        _("agency's reply"), blank=True, help_text=_("Shown on the public status page.")
    )
    record_withdrawn = models.BooleanField(
        _("record withdrawn"),
        default=False,
        help_text=_("Upheld, and the record withdrawn as a result."),
    )
    review_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("review started by"),
    )
    review_started_at = models.DateTimeField(_("review started at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            choices_check("grounds", ObjectionGrounds, "registry_objection_grounds_valid"),
            choices_check("state", ObjectionState, "registry_objection_state_valid"),
            _one_record_check("registry_objection_one_record", list(RECORD_FIELDS.values())),
            _decision_whole_check(
                "registry_objection_decision_whole",
                [ObjectionState.UPHELD, ObjectionState.REJECTED],
            ),
            models.CheckConstraint(
                condition=~models.Q(description="") & ~models.Q(contact=""),
                name="registry_objection_description_and_contact",
                violation_error_message=_("An objection needs a description and a contact."),
            ),
        ]
        indexes = [
            # The admin queue: an agency's objections still waiting.
            models.Index(fields=["agency", "state"], name="registry_objection_queue"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("publicity:objection-status", args=[self.reference])

    @property
    def record(self):
        for field in RECORD_FIELDS.values():
            value = getattr(self, field)
            if value is not None:
                return value
        return None

    @property
    def record_kind(self) -> str:
        for kind, field in RECORD_FIELDS.items():
            if getattr(self, f"{field}_id") is not None:
                return kind
        return ""

    @property
    def is_pending(self) -> bool:
        return self.state in (ObjectionState.RECEIVED, ObjectionState.UNDER_REVIEW)


class RepairState(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("repair state", "received")
    APPROVED = "approved", pgettext_lazy("repair state", "approved")
    REJECTED = "rejected", pgettext_lazy("repair state", "rejected")


class RepairApplication(TimeStamped):
    """A company's application to end a penalty's publicity early (credit
    repair), after the penalty's minimum publicity period."""

    State = RepairState

    reference = models.CharField(
        _("reference number"),
        max_length=REFERENCE_LENGTH,
        unique=True,
        editable=False,
        help_text=_("Given to the applicant, who follows the application with it."),
    )
    penalty = models.ForeignKey(
        Penalty,
        on_delete=models.PROTECT,
        related_name="repair_applications",
        verbose_name=_("administrative penalty"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="repair_applications",
        verbose_name=_("agency deciding"),
        help_text=_("The agency that decided the penalty."),
    )
    applicant = models.CharField(
        _("applicant"),
        max_length=200,
        help_text=_("Who applies for the company: name and role, as the applicant wrote them."),
    )
    evidence = models.TextField(
        _("evidence of correction"),
        help_text=_("How the company corrected the conduct, and the documents that show it."),
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        help_text=_("An email address or telephone number for the agency; never shown publicly."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    reply = models.TextField(
        _("agency's reply"), blank=True, help_text=_("Shown on the public status page.")
    )
    publicity_ended_on = models.DateField(
        _("publicity ended on"),
        null=True,
        blank=True,
        help_text=_("The last day of publicity, set by the approval."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("credit repair application")
        verbose_name_plural = _("credit repair applications")
        constraints = [
            choices_check("state", RepairState, "registry_repairapplication_state_valid"),
            _decision_whole_check(
                "registry_repairapplication_decision_whole",
                [RepairState.APPROVED, RepairState.REJECTED],
            ),
            models.CheckConstraint(
                condition=~models.Q(applicant="") & ~models.Q(evidence="") & ~models.Q(contact=""),
                name="registry_repairapplication_fields_set",
                violation_error_message=_(
                    "An application needs an applicant, evidence and a contact."
                ),
            ),
            models.UniqueConstraint(
                fields=["penalty"],
                condition=models.Q(state="received"),
                name="registry_repairapplication_one_open_per_penalty",
                violation_error_message=_(
                    "An application for this penalty is already waiting for a decision."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "state"], name="registry_repair_queue"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("publicity:repair-status", args=[self.reference])
