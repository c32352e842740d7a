"""Records published only after review (maker-checker), withdrawn instead of
deleted: the admin's base for penalties, licences, list entries, ratings and
court cases.

Every write goes through ``registry.services``: the form shows the errors of
the same rule functions the services run (``services.record_rules``), the
save is ``services.record_save`` (a new record is a draft of its maker), the
details on the record's page ``services.record_detail_save``, and the steps
(submit, approve, reject, withdraw) their own services; approval checks every
rule again before the record becomes public. Published records are read-only
here; a correction is a withdrawal of kind "corrected" and a new record.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry import models as m
from registry import permissions, services
from registry.admin.desk import DeskColumns, RecordSearch
from registry.admin.entry import REVIEW_FIELDS, DecisionLayout, SaveAndSubmit
from registry.admin.errors import put_errors, run_step
from registry.admin.scoping import ScopedAdmin, ScopedInline
from registry.models.base import RecordState, WithdrawalKind
from registry.plain_text import PlainTextField


class ReviewForm(forms.Form):
    """The reason a reviewer gives when sending a record back."""

    rejection_reason = PlainTextField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The maker sees this reason on the draft."),
    )


class WithdrawForm(forms.Form):
    withdrawal_kind = forms.ChoiceField(label=_("Why is it withdrawn?"), choices=WithdrawalKind)
    withdrawal_reason = PlainTextField(
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
    reason = PlainTextField(label=_("Reason removed"), widget=forms.Textarea(attrs={"rows": 4}))
    decision_number = PlainTextField(label=_("Removal decision number"), max_length=100)


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


class ProposalPages(StepPages):
    """Approve and reject pages of a proposal a colleague decides (a list
    removal, a registration change): the services and the words are the
    subclass's."""

    approve_service = None  # (proposal=..., user=...) by ``proposal_argument``
    reject_service = None  # (..., user=..., reason=...)
    proposal_argument = ""
    approved_message = ""
    rejected_message = ""
    reject_button = ""

    def reject_title(self, obj) -> str:
        raise NotImplementedError

    def _url_name(self, action: str) -> str:
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_{action}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/approve/",
                wrap(self.approve_view),
                name=self._url_name("approve"),
            ),
            path(
                "<path:object_id>/reject/",
                wrap(self.reject_view),
                name=self._url_name("reject"),
            ),
            *super().get_urls(),
        ]

    def decision_urls(self, obj) -> dict:
        return {
            "approve_url": reverse(f"admin:{self._url_name('approve')}", args=[obj.pk]),
            "reject_url": reverse(f"admin:{self._url_name('reject')}", args=[obj.pk]),
        }

    def approve_view(self, request, object_id):
        obj = self._record(request, object_id)
        if request.method == "POST" and run_step(
            request,
            type(self).approve_service,
            **{self.proposal_argument: obj},
            user=request.user,
        ):
            messages.success(request, self.approved_message)
        return HttpResponseRedirect(self._change_url(obj))

    def reject_view(self, request, object_id):
        obj = self._record(request, object_id)
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if run_step(
                request,
                type(self).reject_service,
                **{self.proposal_argument: obj},
                user=request.user,
                reason=form.cleaned_data["rejection_reason"],
            ):
                messages.success(request, self.rejected_message)
                return HttpResponseRedirect(self._change_url(obj))
        return self._step_page(request, obj, form, self.reject_title(obj), self.reject_button)


class ReviewedAdmin(
    RecordSearch, DeskColumns, DecisionLayout, SaveAndSubmit, StepPages, ScopedAdmin
):
    """A record published only after review, withdrawn instead of deleted;
    listed, searched and entered as ``desk`` and ``entry`` say."""

    agency_field = "agency"
    change_form_template = "admin/registry/reviewed_change_form.html"
    actions = ["submit_selected", "approve_selected"]

    # --- what the form shows -----------------------------------------------------

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
                services.record_prepare(self.instance)
                # The kind's rules: the functions the services run, whose
                # messages name what is allowed.
                details = self.rule_details() if hasattr(self, "rule_details") else {}
                try:
                    services.record_rules(self.instance, **details)
                except ValidationError as error:
                    put_errors(self, error)
                # Every constraint, with the fields outside the form (agency,
                # state) set; Django's own pass skipped those naming them.
                try:
                    self.instance.validate_constraints(exclude=set(self._errors))
                except ValidationError as error:
                    put_errors(self, error)

        return AgencyForm

    def save_model(self, request, obj, form, change):
        services.record_save(record=obj, user=request.user, **self.save_details(form))

    def delete_model(self, request, obj):
        services.record_delete(record=obj, user=request.user)

    def save_details(self, form) -> dict:
        """What the record's service takes beside the record (a penalty's categories)."""
        return {}

    def save_formset(self, request, form, formset, change):
        details = formset.save(commit=False)
        for detail in formset.deleted_objects:
            services.record_detail_delete(detail=detail, user=request.user)
        for detail in details:
            services.record_detail_save(detail=detail, user=request.user)

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
        if run_step(request, services.record_submit, record=obj, user=request.user):
            messages.success(request, _("Submitted for review: a colleague can now approve it."))
        return HttpResponseRedirect(self._change_url(obj))

    def approve_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(self._record(request, object_id)))
        obj = self._record(request, object_id)
        if run_step(request, services.record_approve, record=obj, user=request.user):
            messages.success(request, _("Approved: the record is now public."))
        return HttpResponseRedirect(self._change_url(obj))

    def reject_view(self, request, object_id):
        obj = self._record(request, object_id)
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if run_step(
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
            if run_step(
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


class ReviewedInline(ScopedInline):
    """Details of a reviewed record, editable while the record is a draft."""

    def has_view_permission(self, request, obj=None):
        return True
