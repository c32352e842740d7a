"""Reference data: divisions, industries, credit lists and agencies.

Regions, industries and the seeded credit lists are loaded by migrations from
the files in ``registry/data/`` (sources named in ``registry/data/SOURCES.md``).
"""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.base import TimeStamped, choices_check


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("province-level")
    PREFECTURE = "prefecture", _("prefecture-level")
    COUNTY = "county", _("county-level")


class Region(models.Model):
    Level = RegionLevel

    code = models.CharField(
        _("division code"),
        max_length=6,
        unique=True,
        help_text=_("GB/T 2260 six-digit code."),
    )
    name = models.CharField(_("name"), max_length=64, help_text=_("Official name in GB/T 2260."))
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent division"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            choices_check("level", RegionLevel, "registry_region_level_valid"),
            models.CheckConstraint(
                condition=Exact(Length("code"), 6),
                name="registry_region_code_six_chars",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("section")
    DIVISION = "division", _("division")


class Industry(models.Model):
    Level = IndustryLevel

    code = models.CharField(
        _("code"),
        max_length=4,
        unique=True,
        help_text=_("GB/T 4754-2017: a section letter (A-T) or a two-digit division."),
    )
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("section"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        constraints = [choices_check("level", IndustryLevel, "registry_industry_level_valid")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def section(self):
        return self if self.level == self.Level.SECTION else self.parent


class CreditListKind(models.TextChoices):
    BLACK = "black", _("black list")
    RED = "red", _("red list")
    WARNING = "warning", _("warning list")


class CreditList(TimeStamped):
    Kind = CreditListKind

    code = models.SlugField(
        _("code"),
        max_length=48,
        unique=True,
        help_text=_("Stable code, e.g. abnormal_operations."),
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    keeper = models.CharField(
        _("keeper"), max_length=160, help_text=_("The authority that keeps the list.")
    )
    keeper_en = models.CharField(_("keeper (English)"), max_length=200, blank=True)
    legal_basis = models.TextField(
        _("legal basis"), help_text=_("The regulation under which entries are made.")
    )
    consequences = models.TextField(
        _("consequences"),
        blank=True,
        help_text=_("What listing entails (joint punishment)."),
    )
    consequences_en = models.TextField(_("consequences (English)"), blank=True)
    min_term_months = models.PositiveIntegerField(
        _("minimum term (months)"),
        null=True,
        blank=True,
        help_text=_("Earliest removal after listing; empty when removal may come any time."),
    )
    max_term_months = models.PositiveIntegerField(
        _("maximum term (months)"),
        null=True,
        blank=True,
        help_text=_("Removal or escalation at the latest; empty when there is no limit."),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("credit list")
        verbose_name_plural = _("credit lists")
        constraints = [
            choices_check("kind", CreditListKind, "registry_creditlist_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(min_term_months__isnull=True)
                | models.Q(max_term_months__isnull=True)
                | models.Q(max_term_months__gte=models.F("min_term_months")),
                name="registry_creditlist_terms_ordered",
            ),
        ]

    def __str__(self):
        return self.name


class AgencyKind(models.TextChoices):
    MARKET_REGULATION = "market_regulation", _("market regulation")
    TAX = "tax", _("tax")
    CUSTOMS = "customs", _("customs")
    ECOLOGY_ENVIRONMENT = "ecology_environment", _("ecology and environment")
    HUMAN_RESOURCES = "human_resources", _("human resources and social security")
    EMERGENCY_MANAGEMENT = "emergency_management", _("emergency management")
    CYBERSPACE = "cyberspace", _("cyberspace")
    COURT = "court", _("court")
    FINANCIAL_REGULATION = "financial_regulation", _("financial regulation")
    OTHER = "other", _("other")


class AgencyLevel(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")
    PREFECTURE = "prefecture", _("prefecture")
    COUNTY = "county", _("county")


class Agency(TimeStamped):
    Kind = AgencyKind

    Level = AgencyLevel

    name = models.CharField(_("name"), max_length=128, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("region"),
        null=True,
        blank=True,
        help_text=_("The division the agency serves; empty for national agencies."),
    )
    credit_code = models.CharField(
        _("credit code"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The agency's own Unified Social Credit Code, where known."),
    )
    court_code = models.CharField(
        _("court code"),
        max_length=12,
        blank=True,
        help_text=_("For courts: the code used in case numbers, e.g. 辽1204."),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        # Granted explicitly (django-import-export checks them; see registry/admin/imports.py).
        permissions = [
            ("import_agency", "Can import agencies from a file"),
            ("export_agency", "Can export agencies to a file"),
        ]
        constraints = [
            choices_check("kind", AgencyKind, "registry_agency_kind_valid"),
            choices_check("level", AgencyLevel, "registry_agency_level_valid"),
            models.UniqueConstraint(
                fields=["court_code"],
                condition=~models.Q(court_code=""),
                name="registry_agency_court_code_unique",
            ),
        ]

    def __str__(self):
        return self.name
