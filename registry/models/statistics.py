"""The statistics page's summaries: counts and sums made in advance by
``manage.py refresh_statistics`` (``registry.statistics.refresh``), so that
the page reads a few hundred summary rows, never the record tables.

Regions are keys of the division code: ``""`` the whole country, two digits
a province (``"11"``), four digits a prefecture-level city (``"1101"``).
Periods are whole calendar months: ``"12m"`` and ``"36m"`` (the twelve or
thirty-six months up to the month of the refresh, that month included) and
calendar years (``"2025"``). Every row is derived data: the refresh deletes
them all and writes them again in one transaction."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models.base import choices_check
from registry.models.reference import Agency


class StatisticsMeasure(models.TextChoices):
    PENALTIES = "penalties", _("administrative penalties")
    LIST_INCLUSIONS = "list_inclusions", _("list inclusions")
    LIST_REMOVALS = "list_removals", _("list removals")
    COURT_CASES = "court_cases", _("court cases")


class StatisticsDimension(models.TextChoices):
    VIOLATION_TYPE = "violation_type", _("violation type")
    AGENCY_KIND = "agency_kind", _("agency kind")
    CREDIT_LIST = "credit_list", _("list")
    CASE_TYPE = "case_type", _("case type")


class MonthlyCount(models.Model):
    """How many records of a measure fell in a month and a region, per value
    of one dimension (a penalty counts once under its violation type and once
    under its agency's kind). Penalties also carry their fines: how many had
    a fine with an amount, and the sum of those amounts."""

    Measure = StatisticsMeasure
    Dimension = StatisticsDimension

    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension.choices)
    value = models.CharField(
        _("value"),
        max_length=48,
        help_text=_("A violation type, an agency kind, a list's code or a case type."),
    )
    region = models.CharField(
        _("region key"),
        max_length=4,
        blank=True,
        help_text=_("Empty: the whole country; two digits: a province; four: a city."),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    count = models.PositiveIntegerField(_("records"))
    fine_count = models.PositiveIntegerField(_("fines with an amount"), default=0)
    fine_sum = models.DecimalField(_("sum of fines (yuan)"), max_digits=20, decimal_places=2)

    class Meta:
        verbose_name = _("monthly count")
        verbose_name_plural = _("monthly counts")
        constraints = [
            choices_check("measure", StatisticsMeasure, "registry_monthlycount_measure_valid"),
            choices_check(
                "dimension", StatisticsDimension, "registry_monthlycount_dimension_valid"
            ),
            # Also the index of the page's reads: one region, a range of months.
            models.UniqueConstraint(
                fields=["region", "measure", "dimension", "month", "value"],
                name="registry_monthlycount_unique",
            ),
        ]

    def __str__(self):
        return f"{self.measure} {self.dimension}={self.value} {self.region or '*'} {self.month}"


class PeriodFigure(models.Model):
    """The fines of a region in a period: their number, sum and exact median
    (a median cannot be added up from months, so it is computed per period)."""

    region = models.CharField(_("region key"), max_length=4, blank=True)
    period = models.CharField(_("period"), max_length=8, help_text=_('"12m", "36m" or a year.'))
    fine_count = models.PositiveIntegerField(_("fines with an amount"))
    fine_sum = models.DecimalField(_("sum of fines (yuan)"), max_digits=20, decimal_places=2)
    fine_median = models.DecimalField(
        _("median fine (yuan)"), max_digits=19, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("period figure")
        verbose_name_plural = _("period figures")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period"], name="registry_periodfigure_unique"
            )
        ]

    def __str__(self):
        return f"{self.region or '*'} {self.period}"


class AgencyRank(models.Model):
    """The agencies that decided the most penalties in a region and a period
    (the first ``registry.statistics.refresh.TOP_AGENCIES``)."""

    region = models.CharField(_("region key"), max_length=4, blank=True)
    period = models.CharField(_("period"), max_length=8)
    rank = models.PositiveSmallIntegerField(_("rank"))
    # Derived data: an agency deleted takes its ranks with it (the next
    # refresh would drop them anyway); agencies are not deleted in practice.
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    count = models.PositiveIntegerField(_("penalties"))

    class Meta:
        ordering = ["region", "period", "rank"]
        verbose_name = _("agency rank")
        verbose_name_plural = _("agency ranks")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "rank"], name="registry_agencyrank_unique"
            )
        ]

    def __str__(self):
        return f"{self.region or '*'} {self.period} #{self.rank}"


class StatisticsRefresh(models.Model):
    """The one row saying when the summaries above were made, and the
    periods they offer (newest first)."""

    computed_at = models.DateTimeField(_("computed at"))
    as_of = models.DateField(_("as of"), help_text=_("The last day the figures count."))
    periods = models.JSONField(_("periods"), help_text=_('E.g. ["36m", "12m", "2026", "2025"].'))
    seconds = models.FloatField(_("seconds taken"))
    rows = models.PositiveIntegerField(_("summary rows"))

    class Meta:
        verbose_name = _("statistics refresh")
        verbose_name_plural = _("statistics refreshes")

    def __str__(self):
        return f"{self.computed_at:%Y-%m-%d %H:%M}"
