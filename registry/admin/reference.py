"""Reference data: regions, industries, lists, agencies, rating schemes and
which agency each staff account belongs to. Central administrators change
it; staff look it up."""

from django.contrib import admin

from registry import models as m
from registry import permissions, services
from registry.admin.imports import ImportExportAdminMixin
from registry.admin.scoping import AgencyScoped, ScopedAdmin


@admin.register(m.Region)
class RegionAdmin(AgencyScoped, admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(m.Industry)
class IndustryAdmin(AgencyScoped, admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]


@admin.register(m.CreditList)
class CreditListAdmin(ScopedAdmin):
    list_display = ["code", "name", "name_en", "kind", "min_term_months", "max_term_months"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_en"]


@admin.register(m.Agency)
class AgencyAdmin(ImportExportAdminMixin, ScopedAdmin):
    list_display = ["name", "kind", "level", "region", "court_code"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "name_en", "court_code"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]


@admin.register(m.RatingScheme)
class RatingSchemeAdmin(ScopedAdmin):
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
