"""Registration data: companies and people, with former names,
shareholdings and officers. Changed by staff of registration authorities,
looked up by all staff; every save goes through ``registry.services``."""

from django import forms
from django.contrib import admin
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from registry import models as m
from registry import search, services
from registry.admin.imports import ImportExportAdminMixin
from registry.admin.scoping import ScopedAdmin, ScopedInline


class RegistrationInline(ScopedInline):
    pass


class FormerNameInline(RegistrationInline):
    model = m.FormerName


class OfficerInline(RegistrationInline):
    model = m.Officer
    raw_id_fields = ["person"]


class ShareholdingInline(RegistrationInline):
    model = m.Shareholding
    fk_name = "company"
    raw_id_fields = ["holder_person", "holder_company"]


class CompanyForm(forms.ModelForm):
    class Meta:
        model = m.Company
        exclude = ["name_pinyin", "name_initials"]  # noqa: DJ006 (the ModelAdmin lists fields)

    def clean_uscc(self):
        return services.code_normalize_or_error(self.cleaned_data["uscc"])


# Companies offered by the admin's search box and company autocomplete.
AUTOCOMPLETE_LIMIT = 50


class RegistrationAdmin(ScopedAdmin):
    """Saves and inlines through the registration services."""

    def save_formset(self, request, form, formset, change):
        details = formset.save(commit=False)
        for detail in formset.deleted_objects:
            services.registration_detail_delete(detail=detail, user=request.user)
        for detail in details:
            services.registration_detail_save(detail=detail, user=request.user)


@admin.register(m.Company)
class CompanyAdmin(ImportExportAdminMixin, RegistrationAdmin):
    form = CompanyForm
    list_display = ["name", "uscc", "status", "entity_type", "region", "established_on"]
    list_filter = ["status", "entity_type"]
    # The search box and the autocomplete of every record's company field use
    # registry.search (credit code or code prefix, name fragments, pinyin).
    search_fields = ["name"]
    search_help_text = _("A credit code (or its first characters), or part of the name.")
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

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        # registry.search: credit code or prefix, name fragment, pinyin or
        # initials, within a bounded set of candidates (fast at a million
        # companies), best matches first.
        ids = [c.pk for c in search.company_autocomplete(term, limit=AUTOCOMPLETE_LIMIT)]
        rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], default=Value(0))
        return queryset.filter(pk__in=ids).order_by(rank) if ids else queryset.none(), False

    def save_model(self, request, obj, form, change):
        services.company_save(company=obj, user=request.user)


@admin.register(m.Person)
class PersonAdmin(RegistrationAdmin):
    list_display = ["name", "id_masked"]
    search_fields = ["name"]
    readonly_fields = ["name_pinyin"]

    def save_model(self, request, obj, form, change):
        services.person_save(person=obj, user=request.user)
