"""Simplified deregistration (简易注销): a company with no debts may deregister
after a public notice of 20 days (``publicity_rules.DEREGISTRATION_NOTICE_DAYS``),
during which creditors and others object online; objections are shown with
the notice once the registration authority has handled them.

The notice is a reviewed record of the registration authority. An objection
is sent from the public form without an account (rate-limited, with a
honeypot: ``publicity.views.deregistration``); the objector gets a reference
number; the contact given is for the authority only.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from registry import publicity_rules
from registry.models.base import Reviewed, TimeStamped, choices_check, review_constraints
from registry.models.company import Company
from registry.models.querysets import PUBLISHED, _gone, _today
from registry.models.redress import REFERENCE_LENGTH
from registry.models.reference import Agency


class NoticeQuerySet(models.QuerySet):
    def public(self, today=None):
        """Published notices, from their first day."""
        return self.filter(PUBLISHED, starts_on__lte=_today(today))

    def no_longer_public(self, today=None):
        return _gone(self, models.Q(pk__in=[]))

    def running(self, today=None):
        """Notices whose objection period holds ``today``."""
        today = _today(today)
        return self.public(today).filter(ends_on__gte=today)


class NoticeOutcome(models.TextChoices):
    DEREGISTERED = "deregistered", _("deregistered")
    STOPPED = "stopped", _("deregistration stopped after an objection")
    WITHDRAWN = "withdrawn_by_company", _("application withdrawn by the company")


class DeregistrationNotice(Reviewed, TimeStamped):
    """简易注销公告: the company's notice, its 20-day period and its outcome."""

    Outcome = NoticeOutcome

    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="deregistration_notices",
        verbose_name=_("company"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="deregistration_notices",
        verbose_name=_("registration authority"),
        help_text=_("The authority that publishes the notice and decides."),
    )
    starts_on = models.DateField(_("notice from"), help_text=_("The notice's first day."))
    ends_on = models.DateField(
        _("notice until"),
        help_text=_("The 20th day, counted with the first: set from the first day."),
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, db_default=""
    )
    outcome_on = models.DateField(_("date of the outcome"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("simplified-deregistration notice")
        verbose_name_plural = _("simplified-deregistration notices")
        permissions = [
            ("import_deregistrationnotice", "Can import deregistration notices from a file"),
            ("export_deregistrationnotice", "Can export deregistration notices to a file"),
        ]
        constraints = [
            *review_constraints("registry_deregistrationnotice"),
            choices_check(
                "outcome",
                NoticeOutcome,
                "registry_deregistrationnotice_outcome_valid",
                allow_blank=True,
            ),
            models.CheckConstraint(
                condition=models.Q(
                    ends_on=models.F("starts_on")
                    + datetime.timedelta(days=publicity_rules.DEREGISTRATION_NOTICE_DAYS - 1)
                ),
                name="registry_deregistrationnotice_twenty_days",
                violation_error_message=_("A notice runs 20 days, counted with its first."),
            ),
            # An outcome is decided after the notice's last day, with its date.
            models.CheckConstraint(
                condition=(models.Q(outcome="") & models.Q(outcome_on__isnull=True))
                | (~models.Q(outcome="") & models.Q(outcome_on__gt=models.F("ends_on"))),
                name="registry_deregistrationnotice_outcome_after_notice",
                violation_error_message=_("An outcome has its date, after the notice's last day."),
            ),
        ]
        indexes = [models.Index(fields=["company"], name="registry_deregnotice_company")]

    def __str__(self):
        return f"{self.starts_on} – {self.ends_on}"

    def objections_open(self, today) -> bool:
        return self.state == "published" and publicity_rules.deregistration_objection_open(
            self.starts_on, today
        )

    def get_absolute_url(self):
        """The objection form (or, outside the period, the page saying it is over)."""
        return reverse("publicity:deregistration-objection-new", args=[self.pk])


class ObjectorKind(models.TextChoices):
    CREDITOR = "creditor", _("a creditor")
    EMPLOYEE = "employee", _("an employee")
    SHAREHOLDER = "shareholder", _("a shareholder")
    OTHER = "other", _("someone else concerned")


class DeregistrationObjectionState(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("objection state", "received")
    UPHELD = "upheld", pgettext_lazy("objection state", "upheld")
    REJECTED = "rejected", pgettext_lazy("objection state", "rejected")


class DeregistrationObjectionQuerySet(models.QuerySet):
    def handled(self):
        """Decided by the authority: what the public sees with the notice."""
        return self.exclude(state=DeregistrationObjectionState.RECEIVED)


class DeregistrationObjection(TimeStamped):
    """An objection to a simplified deregistration, sent during the notice."""

    ObjectorKind = ObjectorKind
    State = DeregistrationObjectionState

    reference = models.CharField(
        _("reference number"), max_length=REFERENCE_LENGTH, unique=True, editable=False
    )
    notice = models.ForeignKey(
        DeregistrationNotice,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("notice"),
    )
    # The notice's company and authority, copied when received: the change
    # announcements and the page's version name the company by its own column.
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="deregistration_objections",
        verbose_name=_("company"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="deregistration_objections",
        verbose_name=_("authority deciding"),
    )
    received_on = models.DateField(_("date received"))
    objector_kind = models.CharField(_("objector"), max_length=12, choices=ObjectorKind.choices)
    reason = models.TextField(
        _("reason"), help_text=_("As the objector wrote it; shown with the notice once handled.")
    )
    contact = models.CharField(
        _("contact"), max_length=200, help_text=_("For the authority only; never shown publicly.")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    reply = models.TextField(_("authority's reply"), blank=True, help_text=_("Shown publicly."))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = DeregistrationObjectionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("objection to a deregistration")
        verbose_name_plural = _("objections to deregistrations")
        constraints = [
            choices_check("state", DeregistrationObjectionState, "registry_deregobjection_state"),
            choices_check("objector_kind", ObjectorKind, "registry_deregobjection_objector"),
            models.CheckConstraint(
                condition=(
                    ~models.Q(state="received")
                    & models.Q(decided_at__isnull=False)
                    & ~models.Q(reply="")
                )
                | (models.Q(state="received") & models.Q(decided_at__isnull=True)),
                name="registry_deregobjection_decision_whole",
                violation_error_message=_("A decision needs a date and a reply."),
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("publicity:deregistration-objection-status", args=[self.reference])


def filing_models() -> tuple:
    """Every record kind of the rest of the national system's company page,
    in the page's order (each has ``company``, ``agency`` and ``updated_at``)."""
    from registry.models.filings import (
        ChattelMortgage,
        EquityPledge,
        IpPledge,
        JudicialAssistance,
        SpotCheck,
    )

    return (
        SpotCheck,
        EquityPledge,
        JudicialAssistance,
        ChattelMortgage,
        IpPledge,
        DeregistrationNotice,
    )


def filing_agency_kinds() -> dict:
    """The agency kinds that enter each kind (``registry.services.filings`` says how
    DOMAIN.md is read): an inspecting authority but a court; registration
    authorities; courts for judicial assistance; the IP office ("other") too for IP pledges."""
    from registry.models.reference import AgencyKind as K

    spot, pledge, judicial, mortgage, ip, notice = filing_models()
    return {
        spot: set(K.values) - {K.COURT},
        pledge: {K.MARKET_REGULATION},
        judicial: {K.COURT},
        mortgage: {K.MARKET_REGULATION},
        ip: {K.MARKET_REGULATION, K.OTHER},
        notice: {K.MARKET_REGULATION},
    }
