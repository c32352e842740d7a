"""Reference data: regions, industries, lists, agencies, rating schemes and
which agency each staff account belongs to. Central administrators change
it; staff look it up."""

from django import forms
from django.contrib import admin

from registry import models as m
from registry import permissions, services
from registry.admin.imports import ImportExportAdminMixin
from registry.admin.scoping import AgencyScoped, ScopedAdmin


class ReferenceSaved:
    """Saves through ``services.reference_save`` (validated, with history)."""

    def save_model(self, request, obj, form, change):
        services.reference_save(obj=obj, user=request.user)


@admin.register(m.Region)
class RegionAdmin(ReferenceSaved, AgencyScoped, admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(m.Industry)
class IndustryAdmin(ReferenceSaved, AgencyScoped, admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]


@admin.register(m.CreditList)
class CreditListAdmin(ReferenceSaved, ScopedAdmin):
    list_display = ["code", "name", "name_en", "kind", "min_term_months", "max_term_months"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_en"]


class AgencyForm(forms.ModelForm):
    class Meta:
        model = m.Agency
        fields = ["name", "name_en", "kind", "level", "region", "credit_code", "court_code"]

    def clean_credit_code(self):
        code = self.cleaned_data.get("credit_code")
        return services.code_normalize_or_error(code, "credit_code") if code else None


@admin.register(m.Agency)
class AgencyAdmin(ImportExportAdminMixin, ScopedAdmin):
    form = AgencyForm
    list_display = ["name", "kind", "level", "region", "court_code"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "name_en", "court_code"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]

    def save_model(self, request, obj, form, change):
        services.agency_save(agency=obj, user=request.user)


@admin.register(m.RatingScheme)
class RatingSchemeAdmin(ReferenceSaved, ScopedAdmin):
    list_display = ["code", "name", "agency", "grades"]
    search_fields = ["code", "name"]
    list_select_related = ["agency"]
    raw_id_fields = ["agency", "region", "industry"]


@admin.register(m.StaffMember)
class StaffMemberAdmin(ScopedAdmin):
    """Which agency each staff account belongs to: central administrators only."""

    list_display = ["user", "agency"]
    search_fields = ["user__username", "agency__name"]
    list_select_related = ["user", "agency"]
    raw_id_fields = ["user", "agency"]

    def has_module_permission(self, request):
        return permissions.is_central(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_central(request.user)

    def has_add_permission(self, request):
        return permissions.is_central(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_central(request.user)

    def save_model(self, request, obj, form, change):
        services.staff_member_assign(user=obj.user, agency=obj.agency)
