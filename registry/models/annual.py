"""Annual reports (企业年报) and their amendments after filing.

Each company files one report a year, for the previous year, between 1
January and 30 June, through the filing system; the report is public. The
company may choose not to publish its financial figures: they are then kept
(the registration authority sees them) but never shown to the public, on any
page, API answer, download or dump (``figures_published``; see
``registry.publicity_rules.ANNUAL_REPORT_FIGURES``). A correction after filing
is an amendment, recorded with its date and the old and new values of each
field it changes (``AnnualReportAmendment``), made through
``registry.services.annual_reports``.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import publicity_rules
from registry.models.base import (
    Reviewed,
    TimeStamped,
    choices_check,
    nonnegative_check,
    review_constraints,
)
from registry.models.company import Company

PUBLISHED = models.Q(state="published")


class AnnualReportQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        """Published reports filed by ``today`` (a report is public once filed;
        whether its figures are is the company's choice, read where shown)."""
        rows = self.filter(PUBLISHED)
        if today is not None:
            rows = rows.filter(filed_on__lte=today)
        return rows


class OperatingStatus(models.TextChoices):
    OPERATING = "operating", _("operating")
    SUSPENDED = "suspended", _("business suspended")
    IN_LIQUIDATION = "in_liquidation", _("in liquidation")


# The financial figures: what the company may choose not to publish.
FIGURES = publicity_rules.ANNUAL_REPORT_FIGURES
# The parts of each item of ``contributions`` and ``equity_transfers``.
CONTRIBUTION_PARTS = ("shareholder", "subscribed", "subscribed_on", "paid_in", "paid_on", "form")
TRANSFER_PARTS = ("shareholder", "before", "after", "changed_on")
# What an amendment may change, in the order the report shows them.
AMENDABLE_FIELDS = (
    "phone",
    "email",
    "postal_address",
    "registered_address",
    "operating_status",
    "employees",
    "websites",
    "investments",
    "guarantees",
    *FIGURES,
    "figures_published",
)


def _amount(label):
    return models.DecimalField(
        label,
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In yuan, as the company reported it."),
    )


class AnnualReport(Reviewed, TimeStamped):
    OperatingStatus = OperatingStatus

    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="annual_reports",
        verbose_name=_("company"),
    )
    year = models.PositiveSmallIntegerField(
        _("year reported"), help_text=_("The business year the report covers.")
    )
    filed_on = models.DateField(
        _("date filed"), help_text=_("When the company filed it through the filing system.")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.CharField(_("e-mail"), max_length=120, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=300, blank=True)
    registered_address = models.CharField(_("registered address"), max_length=300, blank=True)
    operating_status = models.CharField(
        _("operating status"),
        max_length=16,
        choices=OperatingStatus.choices,
        default=OperatingStatus.OPERATING,
    )
    employees = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    websites = models.TextField(
        _("websites and online shops"), blank=True, help_text=_("One a line.")
    )
    investments = models.TextField(
        _("investments in other companies"),
        blank=True,
        help_text=_("The companies invested in, one a line (name and credit code)."),
    )
    contributions = models.JSONField(
        _("shareholders' contributions"),
        default=list,
        blank=True,
        help_text=_(
            "One object a shareholder: shareholder, subscribed, subscribed_on, paid_in, "
            "paid_on, form."
        ),
    )
    equity_transfers = models.JSONField(
        _("equity transfers"),
        default=list,
        blank=True,
        help_text=_("One object a transfer: shareholder, before, after, changed_on (percent)."),
    )
    total_assets = _amount(_("total assets"))
    owners_equity = _amount(_("owners' equity"))
    total_liabilities = _amount(_("total liabilities"))
    revenue = _amount(_("revenue"))
    main_business_revenue = _amount(_("main-business revenue"))
    profit = _amount(_("profit"))
    net_profit = _amount(_("net profit"))
    tax_paid = _amount(_("tax paid"))
    figures_published = models.BooleanField(
        _("financial figures published"),
        default=True,
        help_text=_(
            "The company's choice: when off, the figures are kept but never shown to the public."
        ),
    )
    guarantees = models.TextField(_("guarantees given"), blank=True)

    objects = AnnualReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        permissions = [
            ("import_annualreport", "Can import annual reports from a file"),
            ("export_annualreport", "Can export annual reports to a file"),
        ]
        constraints = [
            *review_constraints("registry_annualreport"),
            # One report per company and year; a withdrawn one stays as history.
            models.UniqueConstraint(
                fields=["company", "year"],
                condition=~models.Q(state="withdrawn"),
                name="registry_annualreport_one_per_year",
                violation_error_message=_("This company already has a report for this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1949),
                name="registry_annualreport_year_plausible",
            ),
            # A report is filed after the year it covers has ended.
            models.CheckConstraint(
                condition=models.Q(filed_on__year__gt=models.F("year")),
                name="registry_annualreport_filed_after_year",
                violation_error_message=_("A report is filed after the year it covers has ended."),
            ),
            choices_check(
                "operating_status", OperatingStatus, "registry_annualreport_operating_status_valid"
            ),
            nonnegative_check("total_assets", "registry_annualreport_assets_nonnegative"),
            nonnegative_check("revenue", "registry_annualreport_revenue_nonnegative"),
            nonnegative_check(
                "main_business_revenue", "registry_annualreport_main_revenue_nonnegative"
            ),
            nonnegative_check("tax_paid", "registry_annualreport_tax_nonnegative"),
        ]
        indexes = [
            # The filing rule: which companies filed for a year.
            models.Index(fields=["year", "company"], name="registry_annualreport_year"),
        ]

    def __str__(self):
        return f"{self.company}: {self.year}"

    @property
    def shows_figures(self) -> bool:
        return self.figures_published


class AnnualReportAmendment(TimeStamped):
    """One field of a filed report changed by the company after filing."""

    FIELDS = AMENDABLE_FIELDS

    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.PROTECT,
        related_name="amendments",
        verbose_name=_("annual report"),
    )
    amended_on = models.DateField(_("date amended"))
    field = models.CharField(
        _("field amended"),
        max_length=32,
        choices=[(name, name) for name in AMENDABLE_FIELDS],
    )
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-amended_on", "-id"]
        verbose_name = _("annual report amendment")
        verbose_name_plural = _("annual report amendments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(field__in=AMENDABLE_FIELDS),
                name="registry_annualreportamendment_field_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(old_value=models.F("new_value")),
                name="registry_annualreportamendment_changes_something",
            ),
        ]
        indexes = [
            models.Index(fields=["report", "amended_on"], name="registry_amendment_report"),
        ]

    def __str__(self):
        return f"{self.report}: {self.field} ({self.amended_on})"

    @property
    def is_figure(self) -> bool:
        return self.field in FIGURES
