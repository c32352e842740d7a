"""Administrative penalties and licences: the "double publicity" records.

Fields follow the national double-publicity data standard (see DOMAIN.md).
"""

from django.db import NotSupportedError, models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import publicity_rules
from registry.models.base import (
    Reviewed,
    TimeStamped,
    choices_check,
    nonnegative_check,
    not_before_check,
    one_subject_check,
    review_constraints,
)
from registry.models.company import Company, Person
from registry.models.querysets import LicenceQuerySet, PenaltyQuerySet
from registry.models.reference import Agency


class AddMonths(models.Func):
    """A date plus whole calendar months, on the month's last day when that
    month is shorter: publicity_rules.add_months in SQL (PostgreSQL, SQLite)."""

    output_field = models.DateField()

    def __init__(self, expression, months: int, **extra):
        super().__init__(expression, **extra)
        self.months = int(months)

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError(f"AddMonths is not written for {connection.vendor}.")

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + interval '{self.months} months')::date", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        # SQLite rolls 30 February over into March: take the month's last day instead.
        return (
            f"min(date({sql}, '{self.months:+d} months'), "
            f"date({sql}, 'start of month', '{self.months + 1:+d} months', '-1 day'))",
            (*params, *params),
        )


def publicity_end_expression():
    """registry.publicity_rules.penalty_publicity_end as one SQL expression:
    the agency's ``publicity_until`` inside the legal bounds, else the maximum."""
    decided, until = models.F("decided_on"), models.F("publicity_until")
    strict_types = sorted(publicity_rules.STRICT_VIOLATION_TYPES)
    strict = models.Q(violation_type__in=strict_types)
    whens = []
    for severity in publicity_rules.PENALTY_PUBLICITY_MONTHS:
        for group_is_strict in (True, False):
            minimum, maximum = publicity_rules.penalty_months(
                severity, strict_types[0] if group_is_strict else ""
            )
            group = models.Q(severity=severity) & (strict if group_is_strict else ~strict)
            first, last = AddMonths(decided, minimum), AddMonths(decided, maximum)
            inside = models.Q(publicity_until__gte=first, publicity_until__lte=last)
            whens.append(models.When(group & inside, then=until))
            whens.append(models.When(group, then=last))
    return models.Case(*whens, output_field=models.DateField())


class PenaltyViolationType(models.TextChoices):
    LEGAL_OBLIGATIONS = "legal_obligations", _("not honouring legal obligations")
    WAGE_ARREARS = "wage_arrears", _("wage arrears")
    FINANCIAL_FRAUD = "financial_fraud", _("fraudulent financial activity")
    TAX_EVASION = "tax_evasion", _("tax evasion")
    IMPORT_EXPORT = "import_export", _("import-export offence")
    CYBERSPACE = "cyberspace", _("cyberspace-law violation")
    ENVIRONMENT = "environment", _("environmental violation")
    ENERGY = "energy", _("excess energy use")
    FOOD_SAFETY = "food_safety", _("food safety")
    DRUG_SAFETY = "drug_safety", _("drug safety")
    PRODUCTION_SAFETY = "production_safety", _("production safety")
    FIRE_SAFETY = "fire_safety", _("fire safety")
    SPECIAL_EQUIPMENT = "special_equipment", _("special equipment")
    PUBLIC_HEALTH = "public_health", _("public health")
    MARKET_ORDER = "market_order", _("market order")
    OTHER = "other", _("other")


class PenaltySeverity(models.TextChoices):
    MINOR = "minor", _("minor")
    GENERAL = "general", _("general")
    SERIOUS = "serious", _("serious")


class Penalty(Reviewed, TimeStamped):
    ViolationType = PenaltyViolationType

    Severity = PenaltySeverity

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="penalties",
        verbose_name=_("deciding authority"),
    )
    decision_number = models.CharField(
        _("decision document number"),
        max_length=100,
        help_text=_("As printed on the penalty decision, e.g. 京海市监罚〔2025〕123号."),
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalties",
        verbose_name=_("company"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalties",
        verbose_name=_("person"),
    )
    subject_name = models.CharField(
        _("subject name"),
        max_length=200,
        help_text=_("The subject's name on the decision."),
    )
    legal_representative = models.CharField(
        _("legal representative"),
        max_length=64,
        blank=True,
        help_text=_("As on the decision."),
    )
    violation_type = models.CharField(
        _("violation type"), max_length=24, choices=ViolationType.choices
    )
    violation_facts = models.TextField(_("facts of the violation"))
    legal_basis = models.TextField(_("legal basis"))
    penalty_content = models.TextField(_("penalty content"))
    fine_amount = models.DecimalField(
        _("fine (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    confiscated_amount = models.DecimalField(
        _("confiscated (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    licence_affected = models.CharField(
        _("licence suspended or revoked"), max_length=200, blank=True
    )
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.GENERAL
    )
    simple_procedure = models.BooleanField(
        _("simple procedure"),
        default=False,
        help_text=_("Decided under the simple (on-the-spot) procedure."),
    )
    decided_on = models.DateField(_("decision date"), db_index=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("End of the penalty's validity."),
    )
    publicity_until = models.DateField(
        _("publicity ends"),
        null=True,
        blank=True,
        help_text=_("Publicity end date set by the agency, if any."),
    )
    data_source = models.CharField(
        _("data source"),
        max_length=100,
        blank=True,
        help_text=_("The system or channel the record came from."),
    )
    # The last day the penalty is public, by the rules of registry.publicity_rules,
    # computed by the database on every write whatever writes it (services,
    # admin, bulk inserts, the demo seeder's COPY), so that public queries
    # compare one indexed column with the request's date.
    publicity_ends_on = models.GeneratedField(
        expression=publicity_end_expression(),
        output_field=models.DateField(),
        db_persist=True,
        db_index=True,
        verbose_name=_("publicity ends (by the rules)"),
    )

    objects = PenaltyQuerySet.as_manager()
    # publicity_ends_on is derived from fields the history keeps.
    history = HistoricalRecords(excluded_fields=["updated_at", "publicity_ends_on"])

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("administrative penalty")
        verbose_name_plural = _("administrative penalties")
        # Granted explicitly (django-import-export checks them; see registry/admin/imports.py).
        permissions = [
            ("import_penalty", "Can import administrative penalties from a file"),
            ("export_penalty", "Can export administrative penalties to a file"),
        ]
        constraints = [
            *review_constraints("registry_penalty"),
            one_subject_check("registry_penalty_one_subject"),
            choices_check(
                "violation_type",
                PenaltyViolationType,
                "registry_penalty_violation_type_valid",
            ),
            choices_check("severity", PenaltySeverity, "registry_penalty_severity_valid"),
            nonnegative_check("fine_amount", "registry_penalty_fine_nonnegative"),
            nonnegative_check("confiscated_amount", "registry_penalty_confiscated_nonnegative"),
            not_before_check(
                "publicity_until",
                "decided_on",
                "registry_penalty_publicity_after_decision",
            ),
            not_before_check(
                "valid_until", "decided_on", "registry_penalty_validity_after_decision"
            ),
            models.UniqueConstraint(
                fields=["agency", "decision_number"],
                condition=~models.Q(state="withdrawn"),
                name="registry_penalty_decision_number_unique_per_agency",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision_number=""),
                name="registry_penalty_decision_number_set",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "-decided_on"], name="registry_penalty_company_date"),
            # The browse pages' keyword: a decision number's beginning (LIKE 'x%';
            # the operator class makes it usable under a non-C collation).
            models.Index(
                fields=["decision_number"],
                opclasses=["varchar_pattern_ops"],
                name="registry_penalty_number_prefix",
            ),
        ]

    def __str__(self):
        return self.decision_number

    def get_absolute_url(self):
        """The penalty's own page (a 410 once it is no longer public)."""
        return reverse("publicity:penalty-detail", args=[self.pk])


class PenaltyCategoryCategory(models.TextChoices):
    WARNING = "warning", _("warning")
    PUBLIC_CRITICISM = "public_criticism", _("public criticism")
    FINE = "fine", _("fine")
    CONFISCATION = "confiscation", _("confiscation of illegal gains or property")
    LICENCE_SUSPENSION = "licence_suspension", _("licence suspension")
    LICENCE_DOWNGRADE = "licence_downgrade", _("licence downgrade")
    LICENCE_REVOCATION = "licence_revocation", _("licence revocation")
    BUSINESS_RESTRICTION = "business_restriction", _("restriction of business")
    SUSPENSION = "suspension", _("order to suspend business")
    CLOSURE = "closure", _("order to close")
    OCCUPATIONAL_BAN = "occupational_ban", _("occupational ban")
    DETENTION = "detention", _("administrative detention")
    OTHER = "other", _("other")


class PenaltyCategory(models.Model):
    """One of the categories a penalty imposes (Administrative Penalty Law art. 9)."""

    Category = PenaltyCategoryCategory

    penalty = models.ForeignKey(
        Penalty,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("penalty"),
    )
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("penalty category")
        verbose_name_plural = _("penalty categories")
        constraints = [
            choices_check(
                "category",
                PenaltyCategoryCategory,
                "registry_penaltycategory_category_valid",
            ),
            models.UniqueConstraint(
                fields=["penalty", "category"], name="registry_penaltycategory_unique"
            ),
        ]
        indexes = [models.Index(fields=["category"], name="registry_penaltycat_category")]

    def __str__(self):
        return self.get_category_display()


class LicenceKind(models.TextChoices):
    GENERAL = "general", _("general licence")
    SPECIAL = "special", _("special licence")
    RECOGNITION = "recognition", _("recognition")
    APPROVAL = "approval", _("approval")
    REGISTRATION = "registration", _("registration")
    OTHER = "other", _("other")


class Licence(Reviewed, TimeStamped):
    Kind = LicenceKind

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="licences",
        verbose_name=_("issuing authority"),
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="licences",
        verbose_name=_("company"),
    )
    decision_number = models.CharField(_("decision document number"), max_length=100)
    licence_name = models.CharField(_("licence"), max_length=200)
    licence_number = models.CharField(_("licence number"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.GENERAL)
    content = models.TextField(_("content"), blank=True)
    decided_on = models.DateField(_("decision date"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = LicenceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("administrative licence")
        verbose_name_plural = _("administrative licences")
        constraints = [
            *review_constraints("registry_licence"),
            choices_check("kind", LicenceKind, "registry_licence_kind_valid"),
            not_before_check("valid_until", "valid_from", "registry_licence_validity_ordered"),
            models.UniqueConstraint(
                fields=["agency", "decision_number"],
                condition=~models.Q(state="withdrawn"),
                name="registry_licence_decision_number_unique_per_agency",
            ),
        ]

    def __str__(self):
        return f"{self.licence_name} ({self.decision_number})"

    def get_absolute_url(self):
        """The licence's own page (a 410 once it is withdrawn)."""
        return reverse("publicity:licence-detail", args=[self.pk])
