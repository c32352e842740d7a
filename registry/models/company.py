"""Registration data: companies, people and how they are tied together.

Registration facts come from the registration authority (market regulation).
People are stored with a masked ID only: the full national ID number is never
stored, and the database refuses a value without its masked middle part.
"""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.base import (
    TimeStamped,
    choices_check,
    nonnegative_check,
    not_before_check,
    one_subject_check,
)
from registry.models.reference import Agency, Industry, Region


class Person(TimeStamped):
    name = models.CharField(_("name"), max_length=64, db_index=True)
    name_pinyin = models.CharField(
        _("name in pinyin"),
        max_length=200,
        blank=True,
        help_text=_("Computed from the name."),
    )
    id_masked = models.CharField(
        _("masked ID number"),
        max_length=18,
        blank=True,
        help_text=_(
            "Only the masked form, e.g. 110101********1234. The full number is never stored."
        ),
    )
    history = HistoricalRecords(excluded_fields=["name_pinyin", "updated_at"])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            # A full 18-digit ID never reaches the table: either no ID, or one
            # whose eight middle characters (the birth date) are masked.
            models.CheckConstraint(
                condition=models.Q(id_masked="")
                | (models.Q(id_masked__contains="********") & Exact(Length("id_masked"), 18)),
                name="registry_person_id_masked",
                violation_error_message="id_masked must be 18 characters with 8 masked (*).",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.id_masked})" if self.id_masked else self.name

    def get_absolute_url(self):
        return reverse("publicity:person-detail", args=[self.pk])


class CompanyEntityType(models.TextChoices):
    LIMITED_LIABILITY = "limited_liability", _("limited liability company")
    JOINT_STOCK = "joint_stock", _("joint-stock company")
    PARTNERSHIP = "partnership", _("partnership")
    SOLE_PROPRIETORSHIP = "sole_proprietorship", _("sole proprietorship")
    INDIVIDUAL_BUSINESS = "individual_business", _("individual business")
    FARMERS_COOPERATIVE = "farmers_cooperative", _("farmers' co-operative")
    STATE_OWNED = "state_owned", _("state-owned enterprise")
    FOREIGN_INVESTED = "foreign_invested", _("foreign-invested enterprise")
    BRANCH = "branch", _("branch")
    OTHER = "other", _("other")


class CompanyStatus(models.TextChoices):
    IN_OPERATION = "in_operation", _("in operation")
    REVOKED = "revoked", _("licence revoked")
    DEREGISTERED = "deregistered", _("deregistered")
    MOVED_OUT = "moved_out", _("moved out")
    IN_LIQUIDATION = "in_liquidation", _("in liquidation")


class Company(TimeStamped):
    EntityType = CompanyEntityType

    Status = CompanyStatus

    uscc = models.CharField(
        _("Unified Social Credit Code"),
        max_length=18,
        unique=True,
        help_text=_("GB 32100-2015, normalised: 18 characters, upper case, no spaces."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        db_index=True,
        help_text=_("Registered Chinese name."),
    )
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    name_pinyin = models.CharField(
        _("name in pinyin"),
        max_length=600,
        blank=True,
        help_text=_("Computed from the name (pypinyin), lower case without tones."),
    )
    name_initials = models.CharField(
        _("pinyin initials"),
        max_length=200,
        blank=True,
        help_text=_("Computed from the name."),
    )
    entity_type = models.CharField(_("entity type"), max_length=24, choices=EntityType.choices)
    legal_representative_name = models.CharField(
        _("legal representative"),
        max_length=64,
        blank=True,
        help_text=_("As on the business licence."),
    )
    legal_representative = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_companies",
        verbose_name=_("legal representative (person)"),
    )
    registered_capital = models.DecimalField(
        _("registered capital"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    established_on = models.DateField(_("established"), null=True, blank=True)
    term_start = models.DateField(_("business term from"), null=True, blank=True)
    term_end = models.DateField(
        _("business term to"),
        null=True,
        blank=True,
        help_text=_("Empty for a long-term business."),
    )
    registration_authority = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_companies",
        verbose_name=_("registration authority"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_OPERATION
    )
    address = models.CharField(_("registered address"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("region"),
    )
    industry = models.ForeignKey(
        Industry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("industry"),
    )
    business_scope = models.TextField(_("business scope"), blank=True)
    head_office = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        verbose_name=_("head office"),
        help_text=_("For a branch: the company it belongs to."),
    )
    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials", "updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        # Granted explicitly (django-import-export checks them; see registry/admin/imports.py).
        permissions = [
            ("import_company", "Can import companies from a file"),
            ("export_company", "Can export companies to a file"),
        ]
        constraints = [
            choices_check("entity_type", CompanyEntityType, "registry_company_entity_type_valid"),
            choices_check("status", CompanyStatus, "registry_company_status_valid"),
            models.CheckConstraint(
                condition=Exact(Length("uscc"), 18),
                name="registry_company_uscc_eighteen_chars",
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""), name="registry_company_name_not_empty"
            ),
            nonnegative_check("registered_capital", "registry_company_capital_nonnegative"),
            not_before_check("term_end", "term_start", "registry_company_term_ordered"),
            models.CheckConstraint(
                condition=~models.Q(head_office=models.F("id")),
                name="registry_company_not_own_branch",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("publicity:company-detail", args=[self.uscc])


class FormerName(models.Model):
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="former_names",
        verbose_name=_("company"),
    )
    name = models.CharField(_("former name"), max_length=200, db_index=True)
    used_from = models.DateField(_("used from"), null=True, blank=True)
    used_until = models.DateField(_("used until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-used_until", "name"]
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        constraints = [
            not_before_check("used_until", "used_from", "registry_formername_dates_ordered"),
            models.UniqueConstraint(
                fields=["company", "name"],
                name="registry_formername_unique_per_company",
            ),
        ]

    def __str__(self):
        return self.name


class Shareholding(models.Model):
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="shareholdings",
        verbose_name=_("company"),
    )
    holder_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shareholdings",
        verbose_name=_("shareholder (person)"),
    )
    holder_company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holdings",
        verbose_name=_("shareholder (company)"),
    )
    subscribed_amount = models.DecimalField(
        _("subscribed capital"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    share_percent = models.DecimalField(
        _("share (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    subscribed_on = models.DateField(_("subscribed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-share_percent", "id"]
        verbose_name = _("shareholding")
        verbose_name_plural = _("shareholdings")
        constraints = [
            one_subject_check(
                "registry_shareholding_one_holder", "holder_company", "holder_person"
            ),
            nonnegative_check("subscribed_amount", "registry_shareholding_amount_nonnegative"),
            models.CheckConstraint(
                condition=models.Q(share_percent__isnull=True)
                | models.Q(share_percent__gte=0, share_percent__lte=100),
                name="registry_shareholding_share_in_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(holder_company=models.F("company")),
                name="registry_shareholding_not_own_holder",
            ),
        ]

    def __str__(self):
        return f"{self.holder} → {self.company}"

    @property
    def holder(self):
        return self.holder_company or self.holder_person


class OfficerRole(models.TextChoices):
    CHAIR = "chair", _("chair of the board")
    DIRECTOR = "director", _("director")
    EXECUTIVE_DIRECTOR = "executive_director", _("executive director")
    SUPERVISOR = "supervisor", _("supervisor")
    GENERAL_MANAGER = "general_manager", _("general manager")
    MANAGER = "manager", _("manager")
    PARTNER = "partner", _("executive partner")
    OTHER = "other", _("other")


class Officer(models.Model):
    Role = OfficerRole

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="officers",
        verbose_name=_("company"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("key person")
        verbose_name_plural = _("key personnel")
        constraints = [
            choices_check("role", OfficerRole, "registry_officer_role_valid"),
            not_before_check("until", "since", "registry_officer_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.get_role_display()}"
