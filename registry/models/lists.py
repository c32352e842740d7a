"""Credit list entries (black, red and warning lists), dishonest-debtor
details, and rating schemes with their ratings."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.base import (
    Reviewed,
    TimeStamped,
    choices_check,
    not_before_check,
    one_subject_check,
    review_constraints,
)
from registry.models.company import Company, Person
from registry.models.querysets import ListEntryQuerySet, RatingQuerySet
from registry.models.reference import Agency, CreditList, Industry, Region


class ListEntry(Reviewed, TimeStamped):
    credit_list = models.ForeignKey(
        CreditList,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("list"),
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="list_entries",
        verbose_name=_("company"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="list_entries",
        verbose_name=_("person"),
    )
    subject_name = models.CharField(_("subject name"), max_length=200)
    reason = models.TextField(_("reason listed"))
    listed_on = models.DateField(_("date listed"), db_index=True)
    decision_number = models.CharField(_("decision number"), max_length=100)
    authority = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="list_entries",
        verbose_name=_("deciding authority"),
    )
    removed_on = models.DateField(_("date removed"), null=True, blank=True)
    removal_reason = models.TextField(_("reason removed"), blank=True)
    removal_authority = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="list_removals",
        verbose_name=_("removing authority"),
    )
    removal_decision_number = models.CharField(
        _("removal decision number"), max_length=100, blank=True
    )
    extended_until = models.DateField(
        _("listing extended until"),
        null=True,
        blank=True,
        help_text=_(
            "Dishonest judgment debtors only: the entry expires two years after listing "
            "unless extended (by one to three years) to this date."
        ),
    )

    objects = ListEntryQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-listed_on", "-id"]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        # Granted explicitly (django-import-export checks them; see registry/admin/imports.py).
        permissions = [
            ("import_listentry", "Can import list entries from a file"),
            ("export_listentry", "Can export list entries to a file"),
        ]
        constraints = [
            *review_constraints("registry_listentry"),
            one_subject_check("registry_listentry_one_subject"),
            not_before_check("removed_on", "listed_on", "registry_listentry_removed_after_listed"),
            # A removal is recorded whole: a date always comes with a reason
            # and the authority that decided it.
            models.CheckConstraint(
                condition=models.Q(
                    removed_on__isnull=True, removal_reason="", removal_authority__isnull=True
                )
                | (
                    models.Q(removed_on__isnull=False, removal_authority__isnull=False)
                    & ~models.Q(removal_reason="")
                ),
                name="registry_listentry_removal_complete",
            ),
            # At most one open entry per subject per list; removed entries
            # stay as history, so the uniqueness is partial.
            models.UniqueConstraint(
                fields=["company", "credit_list"],
                condition=models.Q(removed_on__isnull=True, company__isnull=False)
                & ~models.Q(state="withdrawn"),
                name="registry_listentry_one_open_per_company",
            ),
            models.UniqueConstraint(
                fields=["person", "credit_list"],
                condition=models.Q(removed_on__isnull=True, person__isnull=False)
                & ~models.Q(state="withdrawn"),
                name="registry_listentry_one_open_per_person",
            ),
            models.UniqueConstraint(
                fields=["authority", "decision_number"],
                condition=~models.Q(state="withdrawn"),
                name="registry_listentry_decision_number_unique_per_authority",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision_number=""),
                name="registry_listentry_decision_number_set",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "credit_list"], name="registry_listentry_company"),
            # The list pages' keyword: a decision number's beginning (LIKE 'x%').
            models.Index(
                fields=["decision_number"],
                opclasses=["varchar_pattern_ops"],
                name="registry_entry_number_prefix",
            ),
            # Serves "current entries of a list": only open entries are indexed.
            models.Index(
                fields=["credit_list", "-listed_on"],
                condition=models.Q(removed_on__isnull=True),
                name="registry_listentry_open",
            ),
        ]

    def __str__(self):
        return f"{self.subject_name}: {self.credit_list}"

    def get_absolute_url(self):
        """The entry's own page, under its list (a 410 once it is no longer
        public). Reads the list's code: load ``credit_list`` with the entry."""
        return reverse("publicity:list-entry-detail", args=[self.credit_list.code, self.pk])

    @property
    def is_open(self) -> bool:
        return self.removed_on is None


class DishonestDebtorPerformance(models.TextChoices):
    PERFORMED = "performed", _("performed")
    PARTLY = "partly", _("partly performed")
    NOT_PERFORMED = "not_performed", _("not performed")


class DishonestDebtorConduct(models.TextChoices):
    REFUSES_TO_PAY = "refuses_to_pay", _("able to perform but refuses")
    OBSTRUCTS = (
        "obstructs",
        _("obstructs enforcement by false evidence, violence or threats"),
    )
    EVADES = (
        "evades",
        _("evades enforcement by false litigation or arbitration or by hiding assets"),
    )
    FALSE_REPORT = "false_report", _("makes a false report of assets")
    BREACHES_CONSUMPTION_BAN = (
        "breaches_consumption_ban",
        _("breaches a high-consumption ban"),
    )
    BREAKS_SETTLEMENT = "breaks_settlement", _("breaks an enforcement settlement")


class DishonestDebtor(models.Model):
    """Court details of an entry on the dishonest judgment debtor list."""

    Performance = DishonestDebtorPerformance

    Conduct = DishonestDebtorConduct

    entry = models.OneToOneField(
        ListEntry,
        on_delete=models.CASCADE,
        related_name="debtor",
        verbose_name=_("list entry"),
    )
    case_number = models.CharField(_("enforcement case number"), max_length=64)
    province = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    basis_document_number = models.CharField(_("basis document number"), max_length=100)
    issuing_unit = models.CharField(_("issuing unit"), max_length=200)
    obligations = models.TextField(_("obligations set by the judgment"))
    performance = models.CharField(_("performance"), max_length=16, choices=Performance.choices)
    conduct = models.CharField(_("dishonest conduct"), max_length=32, choices=Conduct.choices)
    filed_on = models.DateField(_("case filed"), null=True, blank=True)
    published_on = models.DateField(_("published"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dishonest judgment debtor")
        verbose_name_plural = _("dishonest judgment debtors")
        constraints = [
            choices_check(
                "performance",
                DishonestDebtorPerformance,
                "registry_debtor_performance_valid",
            ),
            choices_check("conduct", DishonestDebtorConduct, "registry_debtor_conduct_valid"),
        ]

    def __str__(self):
        return self.case_number


class RatingScheme(TimeStamped):
    code = models.SlugField(_("code"), max_length=48, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="rating_schemes",
        verbose_name=_("agency"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rating_schemes",
        verbose_name=_("region"),
        help_text=_("Empty for a national scheme."),
    )
    industry = models.ForeignKey(
        Industry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rating_schemes",
        verbose_name=_("industry"),
    )
    grades = models.JSONField(
        _("grades"),
        help_text=_('Grade codes from best to worst, e.g. ["A", "B", "M", "C", "D"].'),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("rating scheme")
        verbose_name_plural = _("rating schemes")

    def __str__(self):
        return self.name


class Rating(Reviewed, TimeStamped):
    scheme = models.ForeignKey(
        RatingScheme,
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("scheme"),
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("company"),
    )
    grade = models.CharField(_("grade"), max_length=16)
    period = models.CharField(
        _("period"),
        max_length=16,
        help_text=_("The period rated, e.g. 2025 or 2025Q2."),
    )
    rated_on = models.DateField(_("rated on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = RatingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-rated_on", "-id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            *review_constraints("registry_rating"),
            models.UniqueConstraint(
                fields=["company", "scheme", "period"],
                condition=~models.Q(state="withdrawn"),
                name="registry_rating_one_per_period",
            ),
            not_before_check("valid_until", "rated_on", "registry_rating_validity_ordered"),
            models.CheckConstraint(condition=~models.Q(grade=""), name="registry_rating_grade_set"),
        ]

    def __str__(self):
        return f"{self.company}: {self.grade} ({self.period})"
