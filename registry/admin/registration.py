"""Registration data: companies and people, with former names,
shareholdings and officers. Looked up by all staff; a company is changed by
staff of its registration authority through a proposal a colleague reviews
(``registry.admin.registration_changes``); people are added by registrars and
changed by central administrators. Every write goes through
``registry.services``."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry import models as m
from registry import permissions, search, services
from registry.admin.errors import put_errors
from registry.admin.imports import ImportExportAdminMixin
from registry.admin.scoping import ScopedAdmin, ScopedInline
from registry.services import registration_review as review


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

    # --- changes are proposed, and apply once a colleague approves ---------------

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        exclude += list(CompanyForm._meta.exclude)
        if not permissions.is_central(request.user):
            # The proposer's own authority, set by the service.
            exclude.append("registration_authority")
        return exclude

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        user = request.user

        class ProposalForm(form):
            def _post_clean(self):
                super()._post_clean()
                if self._errors:
                    return
                saved = m.Company.objects.filter(pk=self.instance.pk).first()
                candidate = self.instance
                if saved is None and not permissions.is_central(user):
                    candidate.registration_authority = permissions.staff_agency(user)
                try:
                    review.registration_check(
                        user=user, company=saved, candidate=candidate, details={}
                    )
                except ValidationError as error:
                    put_errors(self, error)

        return ProposalForm

    def save_model(self, request, obj, form, change):
        """Nothing is saved here: save_related proposes the whole change."""

    def save_related(self, request, form, formsets, change):
        saved = m.Company.objects.get(pk=form.instance.pk) if change else None
        details = {}
        for formset in formsets:
            key = formset.fk.remote_field.related_name
            kept = [
                review.facts_of(f.instance, skip=("company",))
                for f in formset.forms
                if (f.instance.pk or f.has_changed()) and f not in formset.deleted_forms
            ]
            details[key] = kept
        request._registration_change = review.registration_change_propose(
            user=request.user, company=saved, candidate=form.instance, details=details
        )

    def construct_change_message(self, request, form, formsets, add=False):
        return ""  # no formset was saved: the proposal says what changes

    def log_addition(self, request, obj, message):
        """The proposal's own history records it."""

    def log_change(self, request, obj, message):
        """The proposal's own history records it."""

    def _proposed(self, request, obj):
        proposal = getattr(request, "_registration_change", None)
        if proposal is None:
            messages.info(request, _("Nothing was changed."))
            target = reverse("admin:registry_company_change", args=[obj.pk]) if obj.pk else None
            return HttpResponseRedirect(target or reverse("admin:registry_company_changelist"))
        messages.success(
            request,
            _("Change proposed: it applies once a colleague of %(agency)s approves it.")
            % {"agency": proposal.agency or _("the central administration")},
        )
        return HttpResponseRedirect(proposal.get_admin_url())

    def response_add(self, request, obj, post_url_continue=None):
        return self._proposed(request, obj)

    def response_change(self, request, obj):
        return self._proposed(request, obj)


@admin.register(m.Person)
class PersonAdmin(RegistrationAdmin):
    list_display = ["name", "id_masked"]
    search_fields = ["name"]
    readonly_fields = ["name_pinyin"]

    def save_model(self, request, obj, form, change):
        services.person_save(person=obj, user=request.user)
