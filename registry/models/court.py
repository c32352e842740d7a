"""Court cases and their parties."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.base import (
    Reviewed,
    TimeStamped,
    choices_check,
    nonnegative_check,
    not_before_check,
    review_constraints,
)
from registry.models.company import Company, Person
from registry.models.querysets import CourtCaseQuerySet
from registry.models.reference import Agency


class CourtCaseCaseType(models.TextChoices):
    CIVIL = "civil", _("civil")
    CRIMINAL = "criminal", _("criminal")
    ADMINISTRATIVE = "administrative", _("administrative")
    ENFORCEMENT = "enforcement", _("enforcement")
    OTHER = "other", _("other")


class CourtCase(Reviewed, TimeStamped):
    CaseType = CourtCaseCaseType

    case_number = models.CharField(
        _("case number"),
        max_length=64,
        unique=True,
        help_text=_("As given by the court, e.g. (2016)辽1204民初143号; half-width brackets."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    court_code = models.CharField(_("court code"), max_length=12)
    type_code = models.CharField(_("case type code"), max_length=12)
    serial = models.PositiveIntegerField(_("serial number"))
    court = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="court_cases",
        verbose_name=_("court"),
    )
    cause_of_action = models.CharField(_("cause of action"), max_length=200, blank=True)
    case_type = models.CharField(_("case type"), max_length=16, choices=CaseType.choices)
    procedure = models.CharField(
        _("procedure"),
        max_length=64,
        blank=True,
        help_text=_("E.g. first instance, second instance."),
    )
    filed_on = models.DateField(_("filed"), null=True, blank=True)
    decided_on = models.DateField(_("judgment date"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount in dispute (yuan)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
    )
    outcome = models.TextField(_("outcome"), blank=True)

    objects = CourtCaseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("court case")
        verbose_name_plural = _("court cases")
        # Granted explicitly (django-import-export checks them; see registry/admin/imports.py).
        permissions = [
            ("import_courtcase", "Can import court cases from a file"),
            ("export_courtcase", "Can export court cases to a file"),
        ]
        constraints = [
            *review_constraints("registry_courtcase"),
            choices_check("case_type", CourtCaseCaseType, "registry_courtcase_case_type_valid"),
            nonnegative_check("amount", "registry_courtcase_amount_nonnegative"),
            not_before_check("decided_on", "filed_on", "registry_courtcase_decided_after_filed"),
            models.CheckConstraint(
                condition=models.Q(year__gte=1949, year__lte=2100),
                name="registry_courtcase_year_plausible",
            ),
        ]

    def __str__(self):
        return self.case_number

    def get_absolute_url(self):
        """The case's own page (a 410 once it is withdrawn)."""
        return reverse("publicity:case-detail", args=[self.pk])


class CasePartyRole(models.TextChoices):
    PLAINTIFF = "plaintiff", _("plaintiff")
    DEFENDANT = "defendant", _("defendant")
    THIRD_PARTY = "third_party", _("third party")
    APPELLANT = "appellant", _("appellant")
    APPELLEE = "appellee", _("appellee")
    APPLICANT = "applicant", _("applicant for enforcement")
    RESPONDENT = "respondent", _("person subject to enforcement")
    ACCUSED = "accused", _("accused")
    OTHER = "other", _("other")


class CaseParty(models.Model):
    Role = CasePartyRole

    case = models.ForeignKey(
        CourtCase,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("case"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_parties",
        verbose_name=_("company"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_parties",
        verbose_name=_("person"),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("The party's name as in the case documents."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("case party")
        verbose_name_plural = _("case parties")
        constraints = [
            choices_check("role", CasePartyRole, "registry_caseparty_role_valid"),
            models.CheckConstraint(
                condition=models.Q(company__isnull=True) | models.Q(person__isnull=True),
                name="registry_caseparty_not_both_company_and_person",
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="registry_caseparty_named"),
        ]
        indexes = [models.Index(fields=["company", "case"], name="registry_caseparty_company")]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"
