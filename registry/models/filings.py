"""What the national system shows beside penalties and lists (DOMAIN.md, "The
rest of the national system's company page"): spot-check results, equity
pledges, judicial assistance (equity freezes and forced transfers), chattel
mortgages and IP pledges. Simplified-deregistration notices are in
``registry.models.deregistration``.

Each is a reviewed record (maker-checker, withdrawn instead of deleted) of one
company, owned by the agency that decided or registered it: the inspecting
authority, the registration authority, or the enforcing court. Every one is
public once published, as long as it is not withdrawn (gsxt keeps them all on
the company page; ``registry.publicity_rules.FILING_PUBLICITY``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import publicity_rules
from registry.models.base import (
    Reviewed,
    TimeStamped,
    choices_check,
    nonnegative_check,
    not_before_check,
    review_constraints,
)
from registry.models.company import Company, Person
from registry.models.querysets import PUBLISHED, _gone, _today
from registry.models.reference import Agency


class FilingQuerySet(models.QuerySet):
    """Published and not withdrawn: public (``FILING_PUBLICITY``); nothing ends by itself."""

    def public(self, today=None):
        return self.filter(PUBLISHED)

    def no_longer_public(self, today=None):
        return _gone(self, models.Q(pk__in=[]))


class JudicialQuerySet(FilingQuerySet):
    def public(self, today=None):
        """A court's order is public from its publication date."""
        return self.filter(PUBLISHED, published_on__lte=_today(today))


def _company_field(related_name: str):
    return models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=_("company"),
        help_text=_("The company whose page shows the record."),
    )


def _agency_field(related_name: str, label, help_text):
    return models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=label,
        help_text=help_text,
    )


def _amount_field(label, help_text):
    return models.DecimalField(
        label, max_digits=18, decimal_places=2, null=True, blank=True, help_text=help_text
    )


def _meta_permissions(model_name: str, plural: str) -> list:
    # Granted explicitly (django-import-export checks them; see registry/admin/imports.py).
    return [
        (f"import_{model_name}", f"Can import {plural} from a file"),
        (f"export_{model_name}", f"Can export {plural} to a file"),
    ]


# --- spot checks -------------------------------------------------------------


class SpotCheckType(models.TextChoices):
    RANDOM = "random", _("random check (double random)")
    TARGETED = "targeted", _("targeted check")


class SpotCheckResult(models.TextChoices):
    NO_PROBLEM = "no_problem", _("no problem found")
    CORRECTED = "corrected", _("problem found and corrected")
    NOT_OPERATING = "not_operating", _("the business checked is not carried on")
    NOT_AT_ADDRESS = "not_at_address", _("not found at the registered address")
    REFUSED = "refused", _("refused the inspection")
    REFERRED = "referred", _("referred for penalty")


class SpotCheck(Reviewed, TimeStamped):
    """抽查检查结果: one inspection of a company and what it found."""

    CheckType = SpotCheckType
    Result = SpotCheckResult

    company = _company_field("spot_checks")
    agency = _agency_field(
        "spot_checks", _("inspecting authority"), _("The authority that carried out the check.")
    )
    checked_on = models.DateField(_("date checked"), help_text=_("As on the check's record."))
    check_type = models.CharField(_("type"), max_length=12, choices=CheckType.choices)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    remarks = models.TextField(
        _("remarks"), blank=True, help_text=_("As published by the inspecting authority.")
    )

    objects = FilingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("spot-check result")
        verbose_name_plural = _("spot-check results")
        permissions = _meta_permissions("spotcheck", "spot-check results")
        constraints = [
            *review_constraints("registry_spotcheck"),
            choices_check("check_type", SpotCheckType, "registry_spotcheck_type_valid"),
            choices_check("result", SpotCheckResult, "registry_spotcheck_result_valid"),
        ]
        indexes = [
            models.Index(fields=["company", "checked_on"], name="registry_spotcheck_company")
        ]

    def __str__(self):
        return f"{self.checked_on} {self.get_result_display()}"


# --- registrations with a status (pledges, mortgages) ------------------------


class RegistrationStatus(models.TextChoices):
    VALID = "valid", _("valid")
    CANCELLED = "cancelled", _("cancelled")


class Registered(Reviewed, TimeStamped):
    """A registration (pledge, mortgage) with its number, date, status and cancellation."""

    Status = RegistrationStatus

    registration_number = models.CharField(
        _("registration number"),
        max_length=64,
        help_text=_("As given by the registering authority."),
    )
    registered_on = models.DateField(_("date registered"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    cancelled_on = models.DateField(_("date cancelled"), null=True, blank=True)
    cancellation_reason = models.CharField(_("reason cancelled"), max_length=200, blank=True)

    objects = FilingQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.registration_number

    @property
    def is_valid(self) -> bool:
        return self.status == RegistrationStatus.VALID


def registered_constraints(table: str) -> list:
    cancelled = models.Q(status=RegistrationStatus.CANCELLED)
    return [
        *review_constraints(table),
        choices_check("status", RegistrationStatus, f"{table}_status_valid"),
        # A cancellation is recorded with its date; a valid registration has none.
        models.CheckConstraint(
            condition=(cancelled & models.Q(cancelled_on__isnull=False))
            | (~cancelled & models.Q(cancelled_on__isnull=True, cancellation_reason="")),
            name=f"{table}_cancellation_whole",
            violation_error_message=_(
                "A cancelled registration needs its date; a valid one has no cancellation."
            ),
        ),
        not_before_check("cancelled_on", "registered_on", f"{table}_cancelled_after_registered"),
        # Numbers are unique among records not withdrawn (a withdrawn record keeps its number).
        models.UniqueConstraint(
            fields=["registration_number"],
            condition=~models.Q(state="withdrawn"),
            name=f"{table}_number_unique",
        ),
    ]


class EquityPledge(Registered):
    """股权出质登记: a shareholder's equity in the company pledged to a creditor."""

    company = _company_field("equity_pledges")
    agency = _agency_field(
        "equity_pledges",
        _("registration authority"),
        _("The authority that registered the pledge (the company's registration authority)."),
    )
    pledgor_name = models.CharField(
        _("pledgor"), max_length=200, help_text=_("The shareholder who pledges, as registered.")
    )
    pledgor_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="equity_pledges",
        verbose_name=_("pledgor (person)"),
    )
    pledgor_company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledged_equity",
        verbose_name=_("pledgor (company)"),
    )
    amount = _amount_field(
        _("equity pledged (yuan of contribution)"), _("The amount of contribution pledged.")
    )
    pledgee_name = models.CharField(_("pledgee"), max_length=200)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("equity pledge")
        verbose_name_plural = _("equity pledges")
        permissions = _meta_permissions("equitypledge", "equity pledges")
        constraints = [
            *registered_constraints("registry_equitypledge"),
            nonnegative_check("amount", "registry_equitypledge_amount_nonnegative"),
            models.CheckConstraint(
                condition=models.Q(pledgor_person__isnull=True)
                | models.Q(pledgor_company__isnull=True),
                name="registry_equitypledge_one_pledgor",
                violation_error_message=_("The pledgor is a person or a company, not both."),
            ),
        ]
        indexes = [models.Index(fields=["company"], name="registry_pledge_company")]


class Secured(Registered):
    """Chattel mortgages and IP pledges: a secured amount and a debt term."""

    secured_amount = _amount_field(
        _("secured amount (yuan)"), _("The amount of the debt secured, as registered.")
    )
    debt_from = models.DateField(_("debt term from"), null=True, blank=True)
    debt_until = models.DateField(_("debt term until"), null=True, blank=True)

    class Meta:
        abstract = True


def secured_constraints(table: str) -> list:
    return [
        *registered_constraints(table),
        nonnegative_check("secured_amount", f"{table}_amount_nonnegative"),
        not_before_check("debt_until", "debt_from", f"{table}_term_ordered"),
    ]


class ChattelMortgage(Secured):
    """动产抵押登记: the company's movable property mortgaged."""

    company = _company_field("chattel_mortgages")
    agency = _agency_field(
        "chattel_mortgages", _("registering authority"), _("The authority that registered it.")
    )
    collateral = models.CharField(
        _("collateral"), max_length=200, blank=True, help_text=_("As registered.")
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("chattel mortgage")
        verbose_name_plural = _("chattel mortgages")
        permissions = _meta_permissions("chattelmortgage", "chattel mortgages")
        constraints = secured_constraints("registry_chattelmortgage")
        indexes = [models.Index(fields=["company"], name="registry_chattel_company")]


class IpKind(models.TextChoices):
    TRADEMARK = "trademark", _("trademark")
    PATENT = "patent", _("patent")
    COPYRIGHT = "copyright", _("copyright")


class IpPledge(Secured):
    """知识产权出质登记: the company's trademark, patent or copyright pledged."""

    Kind = IpKind

    company = _company_field("ip_pledges")
    agency = _agency_field(
        "ip_pledges", _("registering authority"), _("The authority that registered it.")
    )
    ip_kind = models.CharField(_("kind of right"), max_length=10, choices=IpKind.choices)
    ip_name = models.CharField(_("right pledged"), max_length=200, blank=True)
    pledgee_name = models.CharField(_("pledgee"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("IP pledge")
        verbose_name_plural = _("IP pledges")
        permissions = _meta_permissions("ippledge", "IP pledges")
        constraints = [
            *secured_constraints("registry_ippledge"),
            choices_check("ip_kind", IpKind, "registry_ippledge_kind_valid"),
        ]
        indexes = [models.Index(fields=["company"], name="registry_ippledge_company")]


# --- judicial assistance -------------------------------------------------------


class JudicialKind(models.TextChoices):
    FREEZE = "freeze", _("equity freeze")
    RENEWAL = "renewal", _("freeze renewed")
    UNFREEZE = "unfreeze", _("equity unfrozen")
    TRANSFER = "transfer", _("forced transfer")


class JudicialAssistance(Reviewed, TimeStamped):
    """司法协助: a court's order on a shareholder's equity in the company."""

    Kind = JudicialKind

    company = _company_field("judicial_assistance")
    agency = _agency_field(
        "judicial_assistance", _("enforcing court"), _("The court that issued the order.")
    )
    notice_number = models.CharField(
        _("enforcement notice number"), max_length=100, help_text=_("As on the court's notice.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject_name = models.CharField(
        _("person subject to enforcement"), max_length=200, help_text=_("As on the notice.")
    )
    subject_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judicial_assistance",
        verbose_name=_("subject (person)"),
    )
    subject_company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judicial_assistance_as_subject",
        verbose_name=_("subject (company)"),
    )
    amount = _amount_field(_("equity amount (yuan)"), _("The amount of contribution concerned."))
    period_from = models.DateField(_("from"), null=True, blank=True)
    period_until = models.DateField(_("until"), null=True, blank=True)
    published_on = models.DateField(_("publication date"))

    objects = JudicialQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("judicial assistance")
        verbose_name_plural = _("judicial assistance")
        permissions = _meta_permissions("judicialassistance", "judicial assistance")
        constraints = [
            *review_constraints("registry_judicialassistance"),
            choices_check("kind", JudicialKind, "registry_judicialassistance_kind_valid"),
            nonnegative_check("amount", "registry_judicialassistance_amount_nonnegative"),
            not_before_check(
                "period_until", "period_from", "registry_judicialassistance_period_ordered"
            ),
            # A freeze and its renewal have a period; the court fixes both ends.
            models.CheckConstraint(
                condition=~models.Q(kind__in=[JudicialKind.FREEZE, JudicialKind.RENEWAL])
                | models.Q(period_from__isnull=False, period_until__isnull=False),
                name="registry_judicialassistance_freeze_period",
                violation_error_message=_("A freeze or its renewal needs its period."),
            ),
            models.CheckConstraint(
                condition=models.Q(subject_person__isnull=True)
                | models.Q(subject_company__isnull=True),
                name="registry_judicialassistance_one_subject",
                violation_error_message=_("The subject is a person or a company, not both."),
            ),
            models.UniqueConstraint(
                fields=["agency", "notice_number", "kind"],
                condition=~models.Q(state="withdrawn"),
                name="registry_judicialassistance_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["company"], name="registry_judicial_company")]

    def __str__(self):
        return f"{self.notice_number} ({self.get_kind_display()})"

    def freezes_on(self, today) -> bool:
        """A freeze or renewal whose period holds ``today`` (an unfreeze of
        the same subject ends it sooner: ``registry.selectors.filings``)."""
        return publicity_rules.freeze_in_force(
            self.kind, self.period_from, self.period_until, today
        )
