"""Restrictions on people that follow from a company's listing (joint
punishment): recorded, dated and shown on the person's page."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.base import TimeStamped, choices_check, not_before_check
from registry.models.company import Company, Person
from registry.models.lists import ListEntry


class RestrictionKind(models.TextChoices):
    LEGAL_REPRESENTATIVE_BAN = (
        "legal_representative_ban",
        _("may not serve as legal representative or head of another company"),
    )


class RestrictionQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        """In force on ``today``, and resting on a list entry that was not withdrawn."""
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, ends_on__gte=today).filter(
            source_entry__state="published"
        )


class Restriction(TimeStamped):
    """A restriction on ``person`` because of ``company``'s listing, e.g. the
    legal representative of a company moved from the abnormal-operations list
    to the serious-violation list may not hold that role in another company for
    three years (see registry.publicity_rules)."""

    Kind = RestrictionKind

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="restrictions", verbose_name=_("person")
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="restrictions",
        verbose_name=_("company"),
        help_text=_("The company whose listing caused the restriction."),
    )
    kind = models.CharField(_("restriction"), max_length=32, choices=Kind.choices)
    starts_on = models.DateField(_("restricted from"))
    ends_on = models.DateField(_("restricted until"), help_text=_("The last day it applies."))
    reason = models.TextField(_("reason"))
    source_entry = models.ForeignKey(
        ListEntry,
        on_delete=models.PROTECT,
        related_name="restrictions",
        verbose_name=_("source list entry"),
        help_text=_("The list entry the restriction follows from."),
    )

    objects = RestrictionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("restriction")
        verbose_name_plural = _("restrictions")
        constraints = [
            choices_check("kind", RestrictionKind, "registry_restriction_kind_valid"),
            not_before_check("ends_on", "starts_on", "registry_restriction_ends_after_start"),
            models.UniqueConstraint(
                fields=["person", "source_entry", "kind"],
                name="registry_restriction_once_per_entry",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()}"
