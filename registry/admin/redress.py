"""The agencies' queue of objections (异议) and credit-repair applications (信用修复).

Staff see only what concerns their own agency's records (``registry.permissions``);
central administrators see everything. Nothing is added or deleted here: both
come from the public pages. Opening one shows what was sent (the contact too,
for the agency only) and the decision form; every step goes through
``registry.services`` and is kept in the History page.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registry import permissions, services
from registry.admin.errors import put_errors
from registry.admin.scoping import ScopedAdmin
from registry.models import Objection, RepairApplication
from registry.plain_text import PlainTextField


class ObjectionDecisionForm(forms.Form):
    UPHOLD_WITHDRAW = "uphold_withdraw"
    UPHOLD = "uphold"
    REJECT = "reject"

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (UPHOLD_WITHDRAW, _("Uphold, and withdraw the record now (corrected by the agency)")),
            (UPHOLD, _("Uphold; the record is left for the staff to correct")),
            (REJECT, pgettext_lazy("objection decision", "Reject")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    reply = PlainTextField(
        label=_("Reply to the objector"),
        help_text=_("Shown on the public status page: the decision and its reasons."),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        error_messages={"required": _("Write the reply: it is shown to the objector.")},
    )


class RepairDecisionForm(forms.Form):
    APPROVE = "approve"
    REJECT = "reject"

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, _("Approve: the penalty's publicity ends today")),
            (REJECT, pgettext_lazy("repair decision", "Reject")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    reply = PlainTextField(
        label=_("Reply to the applicant"),
        help_text=_("Shown on the public status page: the decision and its reasons."),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        error_messages={"required": _("Write the reply: it is shown to the applicant.")},
    )


class RedressAdmin(ScopedAdmin):
    """Scoped to the user's agency; read-only but for the decision page, which
    replaces the change form."""

    list_filter = ["state"]
    search_fields = ["=reference"]
    decision_template = ""

    read_only = True

    def has_change_permission(self, request, obj=None):
        # The decision page is the change page.
        return permissions.may_view(request.user, self.model, obj)

    def get_actions(self, request):
        return {}

    @admin.display(description=_("received"), ordering="created_at")
    def received(self, obj):
        return obj.created_at.date()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(_("Nothing with this number is in your queue."))
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        form = self.form_for(obj, request.POST if request.method == "POST" else None)
        failed = False
        if request.method == "POST":
            try:
                done = self.act(request, obj, form)
            except ValidationError as error:
                failed = True
                if form is None:
                    messages.error(request, " ".join(error.messages))
                else:
                    put_errors(form, error)
            else:
                if done:
                    messages.success(request, done)
                    return redirect(request.path)
        ctx = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "obj": obj,
            "title": str(obj),
            "form": form,
            "history_url": reverse(
                f"admin:registry_{self.model._meta.model_name}_history", args=[obj.pk]
            ),
            **self.decision_context(obj),
        }
        failed = failed or (form is not None and form.is_bound and bool(form.errors))
        status = 400 if failed else 200
        return TemplateResponse(request, self.decision_template, ctx, status=status)

    def form_for(self, obj, data):
        raise NotImplementedError

    def act(self, request, obj, form):
        """Do what the POST asks; return the success message, or None when the form is invalid."""
        raise NotImplementedError

    def decision_context(self, obj) -> dict:
        return {}


@admin.register(Objection)
class ObjectionAdmin(RedressAdmin):
    list_display = ["reference", "received", "record_link", "grounds", "state", "agency"]
    list_filter = ["state", "grounds"]
    list_select_related = [
        "agency",
        "penalty",
        "licence",
        "list_entry__credit_list",
        "court_case",
        "rating__scheme",
    ]
    decision_template = "admin/registry/redress_objection.html"

    @admin.display(description=_("record"))
    def record_link(self, obj):
        record = obj.record
        opts = record._meta
        url = reverse(f"admin:registry_{opts.model_name}_change", args=[record.pk])
        return format_html('{}: <a href="{}">{}</a>', opts.verbose_name, url, record)

    def form_for(self, obj, data):
        if not obj.is_pending:
            return None
        if data is not None and data.get("action") == "start_review":
            return None
        return ObjectionDecisionForm(data)

    def act(self, request, objection, form):
        if request.POST.get("action") == "start_review":
            services.objection_start_review(objection=objection, user=request.user)
            return _("Review started: the objector's status page says so.")
        if form is None:
            raise ValidationError(_("This objection was already decided."))
        if not form.is_valid():
            return None
        outcome = form.cleaned_data["outcome"]
        reply = form.cleaned_data["reply"]
        if outcome == form.REJECT:
            services.objection_reject(objection=objection, user=request.user, reply=reply)
            return _("Objection rejected; the reply is on its status page.")
        withdraw = outcome == form.UPHOLD_WITHDRAW
        services.objection_uphold(
            objection=objection, user=request.user, reply=reply, withdraw=withdraw
        )
        if withdraw:
            return _("Objection upheld; the record is withdrawn and no longer public.")
        return _("Objection upheld; correct the record (withdraw it and enter it again).")

    def decision_context(self, obj):
        record = obj.record
        opts = record._meta
        return {
            "record": record,
            "record_label": opts.verbose_name,
            "record_url": reverse(f"admin:registry_{opts.model_name}_change", args=[record.pk]),
        }


@admin.register(RepairApplication)
class RepairApplicationAdmin(RedressAdmin):
    list_display = ["reference", "received", "penalty", "applicant", "state", "agency"]
    list_select_related = ["agency", "penalty"]
    decision_template = "admin/registry/redress_repair.html"

    def form_for(self, obj, data):
        if obj.state != RepairApplication.State.RECEIVED:
            return None
        return RepairDecisionForm(data)

    def act(self, request, application, form):
        if form is None:
            raise ValidationError(_("This application was already decided."))
        if not form.is_valid():
            return None
        reply = form.cleaned_data["reply"]
        if form.cleaned_data["outcome"] == form.APPROVE:
            services.repair_approve(application=application, user=request.user, reply=reply)
            return _("Application approved: the penalty's publicity ends today.")
        services.repair_reject(application=application, user=request.user, reply=reply)
        return _("Application rejected; the reply is on its status page.")

    def decision_context(self, obj):
        return {
            "record": obj.penalty,
            "record_url": reverse("admin:registry_penalty_change", args=[obj.penalty_id]),
            "allowed_from": services.repair_allowed_from(obj.penalty),
        }
