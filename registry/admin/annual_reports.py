"""Annual reports in the admin, for staff of registration authorities (each
for the companies it registers: ``registry.permissions``), with the
maker-checker of the other records (``registry.admin.reviewed``). A
published report changes only by an amendment, entered on the report's page
through ``services.annual_report_amend`` (old and new values recorded)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry import models as m
from registry import permissions, services
from registry.admin.desk import date_column
from registry.admin.entry import section
from registry.admin.errors import run_step
from registry.admin.exports import RESOURCES, _resource
from registry.admin.imports import ImportExportAdminMixin
from registry.admin.reviewed import ReviewedAdmin
from registry.models.annual import AMENDABLE_FIELDS, CONTRIBUTION_PARTS, FIGURES, TRANSFER_PARTS
from registry.models.base import RecordState
from registry.plain_text import PlainTextField


def _items(parts):
    return lambda r, field: ";".join(
        "|".join(str(item.get(part, "")) for part in parts) for item in getattr(r, field) or []
    )


_contributions, _transfers = _items(CONTRIBUTION_PARTS), _items(TRANSFER_PARTS)

RESOURCES[m.AnnualReport] = _resource(
    m.AnnualReport,
    {
        "uscc": lambda r: r.company.uscc,
        "year": lambda r: r.year,
        "filed_on": lambda r: r.filed_on,
        **{
            name: (lambda field: lambda r: getattr(r, field))(name)
            for name in (
                "phone",
                "email",
                "postal_address",
                "registered_address",
                "operating_status",
                "employees",
            )
        },
        "websites": lambda r: ";".join(r.websites.splitlines()),
        "investments": lambda r: ";".join(r.investments.splitlines()),
        "contributions": lambda r: _contributions(r, "contributions"),
        "equity_transfers": lambda r: _transfers(r, "equity_transfers"),
        **{name: (lambda field: lambda r: getattr(r, field))(name) for name in FIGURES},
        "figures_published": lambda r: r.figures_published,
        "guarantees": lambda r: r.guarantees,
    },
    related=("company__registration_authority",),
)


def _field_label(name: str) -> str:
    return str(m.AnnualReport._meta.get_field(name).verbose_name)


class AmendmentForm(forms.Form):
    amended_on = forms.DateField(
        label=_("Date amended"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    field = forms.ChoiceField(label=_("Field amended"), choices=())
    new_value = PlainTextField(
        label=_("New value"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "As the company filed it: an amount in yuan, a number, true or false for "
            "“financial figures published”, a code for the operating status."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [(name, _field_label(name)) for name in AMENDABLE_FIELDS]


class AnnualReportAmendmentInline(admin.TabularInline):
    """The amendments of a report, as recorded (entered on their own page)."""

    model = m.AnnualReportAmendment
    fields = ["amended_on", "field", "old_value", "new_value"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = m.AnnualReport
        exclude = []  # noqa: DJ006 (the admin's layout names the fields)


@admin.register(m.AnnualReport)
class AnnualReportAdmin(ImportExportAdminMixin, ReviewedAdmin):
    form = AnnualReportForm
    agency_field = "company__registration_authority"
    list_display = ["company", "year", "filed", "figures_published", "state"]
    list_filter = ["year", "figures_published"]
    search_fields = ["company__name", "=company__uscc"]
    list_select_related = ["company"]
    autocomplete_fields = ["company"]
    inlines = [AnnualReportAmendmentInline]
    date_hierarchy = "filed_on"
    layout = (
        (section("Report"), ["company", "year", "filed_on", "operating_status", "employees"]),
        (
            section("Contact"),
            ["phone", "email", "postal_address", "registered_address", "websites"],
        ),
        (section("Shareholders and investments"), ["contributions", "equity_transfers"]),
        (section("Investments and guarantees"), ["investments", "guarantees"]),
        (section("Financial figures"), [*FIGURES, "figures_published"]),
    )
    filed = date_column("filed_on", _("date filed"))

    # Not a record with a decision number or a publicity window: the
    # desk's columns and search of the other records do not apply.
    def get_list_display(self, request):
        return list(self.list_display)

    def prepare_page(self, request, records):
        return None

    def get_search_results(self, request, queryset, search_term):
        return admin.ModelAdmin.get_search_results(self, request, queryset, search_term)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        user = request.user

        class OwnCompanies(form):
            def clean_company(self):
                company = self.cleaned_data.get("company")
                if company is not None and not permissions.may_act_for(
                    user, company.registration_authority
                ):
                    raise ValidationError(
                        _("Only the company's registration authority enters its annual reports.")
                    )
                return company

        return OwnCompanies

    def extra_steps(self, request, obj):
        if obj.state == RecordState.PUBLISHED:
            return [
                (
                    _("Record an amendment"),
                    reverse("admin:registry_annualreport_amend", args=[obj.pk]),
                )
            ]
        return []

    def get_urls(self):
        return [
            path(
                "<path:object_id>/amend/",
                self.admin_site.admin_view(self.amend_view),
                name="registry_annualreport_amend",
            ),
            *super().get_urls(),
        ]

    def amend_view(self, request, object_id):
        report = self._record(request, object_id)
        form = AmendmentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if run_step(
                request,
                services.annual_report_amend,
                report=report,
                amended_on=data["amended_on"],
                changes={data["field"]: data["new_value"]},
                user=request.user,
            ):
                messages.success(request, _("Amendment recorded: the public page shows it."))
                return HttpResponseRedirect(self._change_url(report))
        title = f"{_('Record an amendment')}: {report}"
        return self._step_page(request, report, form, title, _("Record the amendment"))
