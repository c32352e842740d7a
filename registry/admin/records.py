"""Penalties, licences, court cases and ratings in the admin (reviewed
records: see ``registry.admin.reviewed``)."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from registry import models as m
from registry import permissions
from registry.admin.desk import amount_column, case_companies, date_column
from registry.admin.entry import publicity_window_attrs, publicity_window_help, section
from registry.admin.imports import ImportExportAdminMixin
from registry.admin.reviewed import ReviewedAdmin, ReviewedInline
from registry.services.court_cases import NO_PARTY

# --- penalties -------------------------------------------------------------------


class PenaltyForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Penalty categories"),
        choices=m.PenaltyCategory.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every kind of penalty the decision imposes."),
    )

    class Meta:
        model = m.Penalty
        exclude = ["person", "subject_name", "legal_representative"]  # noqa: DJ006

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["categories"].initial = list(
                self.instance.categories.values_list("category", flat=True)
            )
        if "company" in self.fields:
            self.fields["company"].required = True
        if "publicity_until" in self.fields:
            # The allowed window before any refusal (registry.admin.entry).
            field = self.fields["publicity_until"]
            field.help_text = publicity_window_help()
            field.widget.attrs.update(publicity_window_attrs())

    class Media:
        js = ["registry/publicity_window.js"]

    def rule_details(self) -> dict:
        return {"categories": self.cleaned_data.get("categories") or []}


@admin.register(m.Penalty)
class PenaltyAdmin(ImportExportAdminMixin, ReviewedAdmin):
    form = PenaltyForm
    list_display = ["decision_number", "subject_name", "agency", "decided", "fine"]
    list_filter = ["severity", "violation_type", "simple_procedure"]
    search_fields = ["decision_number"]  # registry.admin.desk.RecordSearch
    list_select_related = ["agency", "company"]
    layout = (
        (section("Decision"), ["decision_number", "decided_on", "agency"]),
        (section("Subject"), ["company", "subject_name", "legal_representative"]),
        (
            section("Violation"),
            ["violation_type", "categories", "category_list", "violation_facts", "legal_basis"],
        ),
        (
            section("Penalty"),
            [
                "penalty_content",
                "fine_amount",
                "confiscated_amount",
                "licence_affected",
                "valid_until",
            ],
        ),
        (section("Publicity"), ["severity", "simple_procedure", "publicity_until"]),
        (section("Source"), ["data_source"]),
    )
    decided = date_column("decided_on", _("decision date"))
    fine = amount_column("fine_amount", _("fine"))
    autocomplete_fields = ["company"]
    raw_id_fields = ["agency"]
    date_hierarchy = "decided_on"

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # A read-only page shows the saved categories as text.
            fields = ["category_list" if f == "categories" else f for f in fields]
        return list(dict.fromkeys(fields))

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            fields = [*fields, "category_list"]
        return fields

    def publicity_end_of(self, obj):
        return obj.publicity_ends_on

    @admin.display(description=_("Penalty categories"))
    def category_list(self, obj):
        return ", ".join(str(c) for c in obj.categories.all())

    def save_details(self, form) -> dict:
        return {"categories": form.cleaned_data["categories"]}


# --- licences --------------------------------------------------------------------


@admin.register(m.Licence)
class LicenceAdmin(ReviewedAdmin):
    list_display = ["decision_number", "licence_name", "company", "agency", "decided"]
    list_filter = ["kind"]
    search_fields = ["decision_number"]  # registry.admin.desk.RecordSearch
    list_select_related = ["company", "agency"]
    layout = (
        (section("Decision"), ["decision_number", "decided_on", "agency"]),
        (section("Subject"), ["company"]),
        (section("Licence"), ["licence_name", "licence_number", "kind", "content"]),
        (section("Validity"), ["valid_from", "valid_until"]),
    )
    decided = date_column("decided_on", _("decision date"))
    autocomplete_fields = ["company"]
    raw_id_fields = ["agency"]
    date_hierarchy = "decided_on"


# --- court cases -----------------------------------------------------------------


class PartyFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        if not kept:
            raise forms.ValidationError(NO_PARTY)


class CasePartyInline(ReviewedInline):
    model = m.CaseParty
    formset = PartyFormSet
    autocomplete_fields = ["company"]
    raw_id_fields = ["person"]


class CourtCaseForm(forms.ModelForm):
    class Meta:
        model = m.CourtCase
        exclude = ["year", "court_code", "type_code", "serial"]  # noqa: DJ006


@admin.register(m.CourtCase)
class CourtCaseAdmin(ImportExportAdminMixin, ReviewedAdmin):
    form = CourtCaseForm
    agency_field = "court"
    list_display = ["case_number", "court", "case_type", "cause_of_action", "filed", "amount_shown"]
    list_filter = ["case_type"]
    search_fields = ["case_number"]  # registry.admin.desk.RecordSearch
    number_field = "case_number"
    search_help_text = _(
        "Part of a party's company name (or its pinyin), the first characters of its "
        "credit code, or the exact case number."
    )
    list_select_related = ["court"]
    raw_id_fields = ["court"]
    readonly_fields = ["year", "court_code", "type_code", "serial"]
    inlines = [CasePartyInline]
    date_hierarchy = "filed_on"
    layout = (
        (section("Case"), ["case_number", "court", "case_type", "procedure", "cause_of_action"]),
        (section("Dates"), ["filed_on", "decided_on"]),
        (section("Judgment"), ["amount", "outcome"]),
        (section("Case number parts"), ["year", "court_code", "type_code", "serial"]),
    )
    filed = date_column("filed_on", _("filed"))
    amount_shown = amount_column("amount", _("amount in dispute"))

    def of_companies(self, ids):
        parties = m.CaseParty.objects.filter(company_id__in=ids).values("case_id")
        return Q(pk__in=parties)

    def prepare_page(self, request, records):
        super().prepare_page(request, records)
        case_companies(records)


# --- ratings ---------------------------------------------------------------------


@admin.register(m.Rating)
class RatingAdmin(ReviewedAdmin):
    agency_field = "scheme__agency"
    list_display = ["company", "scheme", "grade", "period", "rated"]
    list_filter = ["scheme"]
    search_fields = ["company__uscc"]  # registry.admin.desk.RecordSearch
    number_field = "company__uscc"
    search_help_text = _(
        "Part of the company's name (or its pinyin), or the first characters of its credit code."
    )
    list_select_related = ["company", "scheme"]
    layout = (
        (section("Rating"), ["scheme", "company", "grade", "period"]),
        (section("Dates"), ["rated_on", "valid_until"]),
    )
    rated = date_column("rated_on", _("rated on"))
    autocomplete_fields = ["company"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "scheme" and not permissions.is_central(request.user):
            kwargs["queryset"] = m.RatingScheme.objects.filter(
                agency=permissions.staff_agency(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        # The scheme filter would list every agency's schemes.
        return (
            ["state"]
            if not permissions.is_central(request.user)
            else super().get_list_filter(request)
        )
