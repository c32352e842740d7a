"""The Django admin for the register.

A first, plain admin for central administrators: every model can be browsed
and searched, big tables never count all rows, and foreign keys to big
tables are raw id fields so that no page loads a million options. (The
agency workspace with per-agency permissions builds on this.)

Every record has a History page (django-simple-history): who changed it, when,
with which change reason, and each changed field's old and new values.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registry import models as m


class HistoryAdmin(SimpleHistoryAdmin):
    """The History page lists each change with its user, date, change reason
    and the changed fields with old and new values (simple-history's
    "Changes" column)."""

    def revert_disabled(self, request, obj=None):
        # Reverting would write past the services' validation: not offered.
        return True


class BigTableAdmin(HistoryAdmin):
    show_full_result_count = False
    list_per_page = 50


@admin.register(m.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(m.Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]


@admin.register(m.CreditList)
class CreditListAdmin(HistoryAdmin):
    list_display = ["code", "name", "name_en", "kind", "min_term_months", "max_term_months"]
    list_filter = ["kind"]


@admin.register(m.Agency)
class AgencyAdmin(HistoryAdmin):
    list_display = ["name", "kind", "level", "region", "court_code"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "name_en", "court_code"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]


class FormerNameInline(admin.TabularInline):
    model = m.FormerName
    extra = 0


class OfficerInline(admin.TabularInline):
    model = m.Officer
    extra = 0
    raw_id_fields = ["person"]


class ShareholdingInline(admin.TabularInline):
    model = m.Shareholding
    fk_name = "company"
    extra = 0
    raw_id_fields = ["holder_person", "holder_company"]


@admin.register(m.Company)
class CompanyAdmin(BigTableAdmin):
    list_display = ["name", "uscc", "status", "entity_type", "region", "established_on"]
    list_filter = ["status", "entity_type"]
    search_fields = ["=uscc", "name"]
    list_select_related = ["region"]
    raw_id_fields = [
        "legal_representative",
        "registration_authority",
        "region",
        "industry",
        "head_office",
    ]
    readonly_fields = ["name_pinyin", "name_initials"]
    inlines = [FormerNameInline, ShareholdingInline, OfficerInline]


@admin.register(m.Person)
class PersonAdmin(BigTableAdmin):
    list_display = ["name", "id_masked"]
    search_fields = ["name"]


class PenaltyCategoryInline(admin.TabularInline):
    model = m.PenaltyCategory
    extra = 0


@admin.register(m.Penalty)
class PenaltyAdmin(BigTableAdmin):
    list_display = ["decision_number", "subject_name", "agency", "violation_type", "fine_amount"]
    list_filter = ["violation_type", "severity"]
    search_fields = ["=decision_number", "subject_name", "company__uscc"]
    list_select_related = ["agency"]
    raw_id_fields = ["agency", "company", "person"]
    date_hierarchy = "decided_on"
    inlines = [PenaltyCategoryInline]


@admin.register(m.Licence)
class LicenceAdmin(BigTableAdmin):
    list_display = ["decision_number", "licence_name", "company", "agency", "decided_on"]
    search_fields = ["=decision_number", "licence_name", "company__uscc"]
    list_select_related = ["company", "agency"]
    raw_id_fields = ["agency", "company"]


class CasePartyInline(admin.TabularInline):
    model = m.CaseParty
    extra = 0
    raw_id_fields = ["company", "person"]


@admin.register(m.CourtCase)
class CourtCaseAdmin(BigTableAdmin):
    list_display = ["case_number", "court", "case_type", "cause_of_action", "filed_on"]
    list_filter = ["case_type"]
    search_fields = ["=case_number", "cause_of_action"]
    list_select_related = ["court"]
    raw_id_fields = ["court"]
    readonly_fields = ["year", "court_code", "type_code", "serial"]
    inlines = [CasePartyInline]


class DishonestDebtorInline(admin.StackedInline):
    model = m.DishonestDebtor
    extra = 0
    raw_id_fields = ["province"]


@admin.register(m.ListEntry)
class ListEntryAdmin(BigTableAdmin):
    list_display = ["subject_name", "credit_list", "listed_on", "removed_on", "authority"]
    list_filter = ["credit_list"]
    search_fields = ["=decision_number", "subject_name", "company__uscc"]
    list_select_related = ["credit_list", "authority"]
    raw_id_fields = ["company", "person", "authority", "removal_authority"]
    inlines = [DishonestDebtorInline]


@admin.register(m.RatingScheme)
class RatingSchemeAdmin(HistoryAdmin):
    list_display = ["code", "name", "agency", "grades"]
    raw_id_fields = ["agency", "region", "industry"]


@admin.register(m.Rating)
class RatingAdmin(BigTableAdmin):
    list_display = ["company", "scheme", "grade", "period", "rated_on"]
    list_filter = ["scheme"]
    search_fields = ["company__uscc", "company__name"]
    list_select_related = ["company", "scheme"]
    raw_id_fields = ["company", "scheme"]


# Objections and credit repair: the agencies' queue (registry/admin_redress.py).
from registry import admin_redress  # noqa: E402, F401
