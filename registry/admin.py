"""The Django admin: the agency workspace.

Who may see and change what is decided in ``registry.permissions`` and asked
at every door here: changelist querysets, object pages (another agency's record
is a 404, also for a forged POST), add and change permissions, the agency
field (set from the user's agency, never offered as a choice), actions and
review pages.

Records that reach the public (penalties, licences, list entries, ratings, court
cases) follow the maker-checker workflow of ``registry.services``: entered as
drafts, submitted, approved by a colleague (or rejected with a reason back to
draft), and withdrawn rather than deleted. Published records are read-only
here; a correction is a withdrawal of kind "corrected" and a new record.

Every record has a History page (django-simple-history): who changed it, when,
with which change reason, and each changed field's old and new values.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Value, When
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registry import models as m
from registry import permissions, pinyin, search, services
from registry.admin_import import ImportExportAdminMixin  # also registers ImportBatchAdmin
from registry.models.base import RecordState, WithdrawalKind

REVIEW_FIELDS = (
    "state",
    "entered_by",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "rejection_reason",
    "withdrawn_on",
    "withdrawal_kind",
    "withdrawal_reason",
)


class HistoryAdmin(SimpleHistoryAdmin):
    """The History page lists each change with its user, date, change reason
    and the changed fields with old and new values (simple-history's
    "Changes" column)."""

    def revert_disabled(self, request, obj=None):
        # Reverting would write past the services' validation: not offered.
        return True


class Scoped:
    """Every door asks ``registry.permissions``."""

    show_full_result_count = False
    list_per_page = 50

    def get_queryset(self, request):
        return permissions.scope(super().get_queryset(request), request.user)

    def has_module_permission(self, request):
        # Not listed where the agency can hold no such record (court cases
        # for a bureau, ratings for an agency without a rating scheme).
        if self.model in permissions.ENTERED_BY_KINDS:
            return permissions.may_add(request.user, self.model)
        return permissions.may_view(request.user, self.model)

    def has_view_permission(self, request, obj=None):
        return permissions.may_view(request.user, self.model, obj)

    def has_add_permission(self, request):
        return permissions.may_add(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        return permissions.may_change(request.user, self.model, obj)

    def has_delete_permission(self, request, obj=None):
        # Public records are withdrawn, registration data changes status,
        # reference data is kept: only central administrators delete, and the
        # database refuses what is still referred to.
        return permissions.is_central(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another agency's record looks exactly like a missing one.
        raise Http404(_("No such record in your agency's register."))


class ScopedAdmin(Scoped, HistoryAdmin):
    pass


class ReferenceAdmin(ScopedAdmin):
    """Reference data: central administrators change it, staff look it up."""


class RegistrationAdmin(ScopedAdmin):
    """Registration data: changed by staff of registration authorities."""


# --- reference data -------------------------------------------------------------


@admin.register(m.Region)
class RegionAdmin(Scoped, admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(m.Industry)
class IndustryAdmin(Scoped, admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]


@admin.register(m.CreditList)
class CreditListAdmin(ReferenceAdmin):
    list_display = ["code", "name", "name_en", "kind", "min_term_months", "max_term_months"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_en"]


@admin.register(m.Agency)
class AgencyAdmin(ImportExportAdminMixin, ReferenceAdmin):
    list_display = ["name", "kind", "level", "region", "court_code"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "name_en", "court_code"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]


@admin.register(m.RatingScheme)
class RatingSchemeAdmin(ReferenceAdmin):
    list_display = ["code", "name", "agency", "grades"]
    search_fields = ["code", "name"]
    list_select_related = ["agency"]
    raw_id_fields = ["agency", "region", "industry"]


@admin.register(m.StaffMember)
class StaffMemberAdmin(ReferenceAdmin):
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


# --- registration data ----------------------------------------------------------


class RegistrationInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None):
        return permissions.may_view(request.user, self.model)

    def has_add_permission(self, request, obj=None):
        return permissions.may_change(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        return permissions.may_change(request.user, self.model)

    def has_delete_permission(self, request, obj=None):
        return permissions.may_change(request.user, self.model)


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
        obj.name_pinyin = pinyin.full(obj.name)
        obj.name_initials = pinyin.initials(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(m.Person)
class PersonAdmin(RegistrationAdmin):
    list_display = ["name", "id_masked"]
    search_fields = ["name"]
    readonly_fields = ["name_pinyin"]

    def save_model(self, request, obj, form, change):
        obj.name_pinyin = pinyin.full(obj.name)
        super().save_model(request, obj, form, change)


# --- records under review ---------------------------------------------------------


class ReviewForm(forms.Form):
    """The reason a reviewer gives when sending a record back."""

    rejection_reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The maker sees this reason on the draft."),
    )


class WithdrawForm(forms.Form):
    withdrawal_kind = forms.ChoiceField(label=_("Why is it withdrawn?"), choices=WithdrawalKind)
    withdrawal_reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. the decision revoked on review, with its number."),
    )
    withdrawn_on = forms.DateField(
        label=_("Date withdrawn"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )


class RemovalForm(forms.Form):
    removed_on = forms.DateField(
        label=_("Date removed"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    reason = forms.CharField(label=_("Reason removed"), widget=forms.Textarea(attrs={"rows": 4}))
    decision_number = forms.CharField(label=_("Removal decision number"), max_length=100)


def _apply(request, action, **kwargs) -> bool:
    """Run a service; show its refusal as an error message. True on success."""
    try:
        action(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True


class StepPages:
    """Small pages of one step on one record (reject, withdraw, propose a
    removal): the record found through the scoped queryset, a form, a button."""

    def _record(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(_("No such record in your agency's register."))
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        return obj

    def _change_url(self, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def _step_page(self, request, obj, form, title, button):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": title,
            "form": form,
            "button": button,
            "change_url": self._change_url(obj),
        }
        return TemplateResponse(request, "admin/registry/review_step.html", context)


class ReviewedAdmin(StepPages, ScopedAdmin):
    """A record published only after review, withdrawn instead of deleted."""

    agency_field = "agency"
    change_form_template = "admin/registry/reviewed_change_form.html"
    actions = ["submit_selected", "approve_selected"]

    # --- what the form shows -----------------------------------------------------

    def get_list_display(self, request):
        return [*super().get_list_display(request), "state"]

    def get_list_filter(self, request):
        return ["state", *super().get_list_filter(request)]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *REVIEW_FIELDS]

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        # Returning a list stops Django from adding the form's own exclusions.
        exclude += list(getattr(getattr(self.form, "_meta", None), "exclude", None) or [])
        if not permissions.is_central(request.user):
            exclude.append(self.agency_field)
        return exclude

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # Review fields last, and only once there is something to show.
        fields = [f for f in fields if f not in REVIEW_FIELDS]
        if obj is not None:
            fields += [f for f in REVIEW_FIELDS if f == "state" or getattr(obj, f, None)]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.agency_field and not permissions.is_central(request.user):
            kwargs["queryset"] = m.Agency.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        agency = permissions.staff_agency(request.user)
        agency_field = self.agency_field
        central = permissions.is_central(request.user)

        class AgencyForm(form):
            def _post_clean(self):
                # The agency is the user's, set before validation, so that the
                # constraints naming it (unique numbers per agency) are checked
                # here rather than refused by the database.
                if not central and "__" not in agency_field and not self.instance.pk:
                    setattr(self.instance, agency_field, agency)
                super()._post_clean()
                # Every constraint, with the fields outside the form (agency,
                # state) set; Django's own pass skipped those naming them.
                try:
                    self.instance.validate_constraints(exclude=set(self._errors))
                except ValidationError as error:
                    shown = {str(m) for errors in self._errors.values() for m in errors}
                    for field, messages_ in error.message_dict.items():
                        for message in messages_:
                            if message not in shown:
                                key = field if field in self.fields else None
                                self.add_error(key, message)

        return AgencyForm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.state = RecordState.DRAFT
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # Only a draft that was never published may be deleted, by its agency.
        return (
            obj is not None
            and obj.state == RecordState.DRAFT
            and permissions.may_view(request.user, self.model, obj)
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- review and withdrawal -------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/submit/", wrap(self.submit_view), name=f"{name}_submit"),
            path("<path:object_id>/approve/", wrap(self.approve_view), name=f"{name}_approve"),
            path("<path:object_id>/reject/", wrap(self.reject_view), name=f"{name}_reject"),
            path("<path:object_id>/withdraw/", wrap(self.withdraw_view), name=f"{name}_withdraw"),
            *super().get_urls(),
        ]

    def submit_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(self._record(request, object_id)))
        obj = self._record(request, object_id)
        if _apply(request, services.record_submit, record=obj, user=request.user):
            messages.success(request, _("Submitted for review: a colleague can now approve it."))
        return HttpResponseRedirect(self._change_url(obj))

    def approve_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(self._record(request, object_id)))
        obj = self._record(request, object_id)
        if _apply(request, services.record_approve, record=obj, user=request.user):
            messages.success(request, _("Approved: the record is now public."))
        return HttpResponseRedirect(self._change_url(obj))

    def reject_view(self, request, object_id):
        obj = self._record(request, object_id)
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if _apply(
                request,
                services.record_reject,
                record=obj,
                user=request.user,
                reason=form.cleaned_data["rejection_reason"],
            ):
                messages.success(request, _("Rejected: the record is back with its maker."))
                return HttpResponseRedirect(self._change_url(obj))
        title = f"{_('Reject')}: {obj}"
        return self._step_page(request, obj, form, title, _("Reject and return to draft"))

    def withdraw_view(self, request, object_id):
        obj = self._record(request, object_id)
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if _apply(
                request,
                services.record_withdraw,
                record=obj,
                user=request.user,
                kind=data["withdrawal_kind"],
                reason=data["withdrawal_reason"],
                on=data["withdrawn_on"],
            ):
                messages.success(request, _("Withdrawn: the record has left public view."))
                return HttpResponseRedirect(self._change_url(obj))
        title = f"{_('Withdraw')}: {obj}"
        return self._step_page(request, obj, form, title, _("Withdraw the record"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            opts = self.model._meta
            name = f"admin:{opts.app_label}_{opts.model_name}"
            extra_context["review"] = {
                "obj": obj,
                "maker": request.user.pk in (obj.entered_by_id, obj.submitted_by_id),
                "may_act": permissions.may_act_for(request.user, permissions.owning_agency(obj)),
                "submit_url": reverse(f"{name}_submit", args=[obj.pk]),
                "approve_url": reverse(f"{name}_approve", args=[obj.pk]),
                "reject_url": reverse(f"{name}_reject", args=[obj.pk]),
                "withdraw_url": reverse(f"{name}_withdraw", args=[obj.pk]),
                "extra_steps": self.extra_steps(request, obj),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def extra_steps(self, request, obj) -> list[tuple[str, str]]:
        """More (label, url) links for the change page of a published record."""
        return []

    @admin.action(description=_("Submit the selected drafts for review"))
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, services.record_submit, _("%(n)d submitted for review."))

    @admin.action(description=_("Approve and publish the selected records"))
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, services.record_approve, _("%(n)d approved and published."))

    def _bulk(self, request, queryset, action, done):
        n = 0
        for obj in queryset:
            try:
                action(record=obj, user=request.user)
                n += 1
            except ValidationError as error:
                messages.error(request, f"{obj}: {' '.join(error.messages)}")
        if n:
            messages.success(request, done % {"n": n})


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

    def clean(self):
        data = super().clean()
        try:
            services.penalty_validate(
                categories=data.get("categories") or [],
                fine_amount=data.get("fine_amount"),
                publicity_until=data.get("publicity_until"),
                decided_on=data.get("decided_on"),
                severity=data.get("severity") or m.Penalty.Severity.GENERAL,
                violation_type=data.get("violation_type"),
                simple_procedure=bool(data.get("simple_procedure")),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        company = data.get("company")
        if company is not None and ("company" in self.changed_data or not self.instance.pk):
            # The subject as on the decision: copied when the company is chosen.
            self.instance.subject_name = company.name
            self.instance.legal_representative = company.legal_representative_name
        return data


@admin.register(m.Penalty)
class PenaltyAdmin(ImportExportAdminMixin, ReviewedAdmin):
    form = PenaltyForm
    list_display = ["decision_number", "subject_name", "agency", "decided_on", "fine_amount"]
    list_filter = ["severity", "violation_type", "simple_procedure"]
    search_fields = ["=decision_number", "=company__uscc"]
    search_help_text = _("The exact decision number or company credit code.")
    list_select_related = ["agency"]
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

    @admin.display(description=_("Penalty categories"))
    def category_list(self, obj):
        return ", ".join(str(c) for c in obj.categories.all())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.penalty_set_categories(
            penalty=form.instance, categories=form.cleaned_data["categories"]
        )


@admin.register(m.Licence)
class LicenceAdmin(ReviewedAdmin):
    list_display = ["decision_number", "licence_name", "company", "agency", "decided_on"]
    list_filter = ["kind"]
    search_fields = ["=decision_number", "=company__uscc", "=licence_number"]
    search_help_text = _("The exact decision number, licence number or company credit code.")
    list_select_related = ["company", "agency"]
    autocomplete_fields = ["company"]
    raw_id_fields = ["agency"]
    date_hierarchy = "decided_on"


class ReviewedInline(admin.TabularInline):
    """Details of a reviewed record, editable while the record is a draft."""

    extra = 0

    def _editable(self, request, obj):
        return obj is None or permissions.may_change(request.user, self.parent_model, obj)

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)


class CasePartyInline(ReviewedInline):
    model = m.CaseParty
    autocomplete_fields = ["company"]
    raw_id_fields = ["person"]


class CourtCaseForm(forms.ModelForm):
    class Meta:
        model = m.CourtCase
        exclude = ["year", "court_code", "type_code", "serial"]  # noqa: DJ006

    def clean(self):
        data = super().clean()
        # Chosen (central administrators), kept (a saved case) or the user's own.
        saved = self.instance.court if self.instance.court_id else None
        court = data.get("court") or saved or self._court
        if data.get("case_number") and court is not None:
            try:
                parts = services.court_case_parts(
                    case_number=data["case_number"],
                    court=court,
                    case_type=data.get("case_type", ""),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                data["case_number"] = parts.pop("case_number")
                data["case_type"] = parts.pop("case_type")
                for field, value in parts.items():
                    setattr(self.instance, field, value)
        return data


@admin.register(m.CourtCase)
class CourtCaseAdmin(ImportExportAdminMixin, ReviewedAdmin):
    form = CourtCaseForm
    agency_field = "court"
    list_display = ["case_number", "court", "case_type", "cause_of_action", "filed_on"]
    list_filter = ["case_type"]
    search_fields = ["=case_number", "=parties__company__uscc"]
    search_help_text = _("The exact case number or a party's credit code.")
    list_select_related = ["court"]
    raw_id_fields = ["court"]
    readonly_fields = ["year", "court_code", "type_code", "serial"]
    inlines = [CasePartyInline]
    date_hierarchy = "filed_on"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form._court = permissions.staff_agency(request.user)
        return form


class DishonestDebtorInline(ReviewedInline):
    model = m.DishonestDebtor
    raw_id_fields = ["province"]


class ListEntryForm(forms.ModelForm):
    class Meta:
        model = m.ListEntry
        exclude = [  # noqa: DJ006
            "person",
            "subject_name",
            "removed_on",
            "removal_reason",
            "removal_authority",
            "removal_decision_number",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "company" in self.fields:
            self.fields["company"].required = True

    def clean(self):
        data = super().clean()
        if data.get("company") is not None and (
            "company" in self.changed_data or not self.instance.pk
        ):
            self.instance.subject_name = data["company"].name
        return data


@admin.register(m.ListEntry)
class ListEntryAdmin(ImportExportAdminMixin, ReviewedAdmin):
    form = ListEntryForm
    agency_field = "authority"
    list_display = ["subject_name", "credit_list", "listed_on", "removed_on", "authority"]
    list_filter = ["credit_list"]
    search_fields = ["=decision_number", "=company__uscc"]
    search_help_text = _("The exact decision number or company credit code.")
    list_select_related = ["credit_list", "authority"]
    autocomplete_fields = ["company"]
    raw_id_fields = ["authority"]
    readonly_fields = ["removed_on", "removal_reason", "removal_decision_number"]
    inlines = [DishonestDebtorInline]
    date_hierarchy = "listed_on"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/remove/",
                self.admin_site.admin_view(self.removal_view),
                name=f"{opts.app_label}_{opts.model_name}_remove",
            ),
            *super().get_urls(),
        ]

    def extra_steps(self, request, obj):
        if obj.state == RecordState.PUBLISHED and obj.removed_on is None:
            return [
                (
                    _("Propose removal from the list"),
                    reverse("admin:registry_listentry_remove", args=[obj.pk]),
                )
            ]
        return []

    def removal_view(self, request, object_id):
        entry = self._record(request, object_id)
        form = RemovalForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if _apply(
                request,
                services.list_removal_request,
                entry=entry,
                user=request.user,
                **form.cleaned_data,
            ):
                messages.success(
                    request, _("Removal proposed: a colleague must approve it before it applies.")
                )
                return HttpResponseRedirect(self._change_url(entry))
        return self._step_page(
            request, entry, form, f"{_('Remove from the list')}: {entry}", _("Propose removal")
        )


@admin.register(m.Rating)
class RatingAdmin(ReviewedAdmin):
    agency_field = "scheme__agency"
    list_display = ["company", "scheme", "grade", "period", "rated_on"]
    list_filter = ["scheme"]
    search_fields = ["=company__uscc"]
    search_help_text = _("The company's exact credit code.")
    list_select_related = ["company", "scheme"]
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


@admin.register(m.RemovalRequest)
class RemovalRequestAdmin(StepPages, ScopedAdmin):
    list_display = ["entry", "removed_on", "decision_number", "state", "requested_by"]
    list_filter = ["state"]
    list_select_related = ["entry", "requested_by"]
    readonly_fields = [f.name for f in m.RemovalRequest._meta.fields if f.name != "id"]
    change_form_template = "admin/registry/removal_request_change_form.html"

    def has_add_permission(self, request):
        return False  # proposed from the list entry's page

    def has_change_permission(self, request, obj=None):
        return False  # decided through approve and reject

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/approve/",
                wrap(self.approve_view),
                name="registry_removalrequest_approve",
            ),
            path(
                "<path:object_id>/reject/",
                wrap(self.reject_view),
                name="registry_removalrequest_reject",
            ),
            *super().get_urls(),
        ]

    def approve_view(self, request, object_id):
        obj = self._record(request, object_id)
        if request.method == "POST" and _apply(
            request, services.list_removal_approve, removal=obj, user=request.user
        ):
            messages.success(request, _("Approved: the company is removed from the list."))
        return HttpResponseRedirect(self._change_url(obj))

    def reject_view(self, request, object_id):
        obj = self._record(request, object_id)
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if _apply(
                request,
                services.list_removal_reject,
                removal=obj,
                user=request.user,
                reason=form.cleaned_data["rejection_reason"],
            ):
                messages.success(request, _("Removal rejected."))
                return HttpResponseRedirect(self._change_url(obj))
        title = _("Reject the removal: %(entry)s") % {"entry": obj.entry}
        return self._step_page(request, obj, form, title, _("Reject the removal"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            extra_context["removal"] = {
                "obj": obj,
                "proposer": obj.requested_by_id == request.user.pk,
                "approve_url": reverse("admin:registry_removalrequest_approve", args=[obj.pk]),
                "reject_url": reverse("admin:registry_removalrequest_reject", args=[obj.pk]),
            }
        return super().change_view(request, object_id, form_url, extra_context)


# Objections and credit repair: the agencies' queue (registry/admin_redress.py).
from registry import admin_redress  # noqa: E402, F401
