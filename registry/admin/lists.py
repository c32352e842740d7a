"""List entries and their reviewed removal in the admin (reviewed records:
see ``registry.admin.reviewed``). Removing a company from a list is proposed
on the entry's page and applies once a colleague approves it."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from registry import models as m
from registry import services
from registry.admin.desk import date_column, list_entry_publicity_end
from registry.admin.entry import section
from registry.admin.errors import run_step
from registry.admin.imports import ImportExportAdminMixin
from registry.admin.reviewed import ProposalPages, RemovalForm, ReviewedAdmin, ReviewedInline
from registry.admin.scoping import ScopedAdmin
from registry.models.base import RecordState


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


@admin.register(m.ListEntry)
class ListEntryAdmin(ImportExportAdminMixin, ReviewedAdmin):
    form = ListEntryForm
    agency_field = "authority"
    list_display = ["subject_name", "credit_list", "listed", "removed", "authority"]
    list_filter = ["credit_list"]
    search_fields = ["decision_number"]  # registry.admin.desk.RecordSearch
    list_select_related = ["credit_list", "authority", "company"]
    layout = (
        (section("Decision"), ["decision_number", "listed_on", "authority"]),
        (section("Subject"), ["company"]),
        (section("Listing"), ["credit_list", "reason", "extended_until"]),
        (section("Removal"), ["removed_on", "removal_reason", "removal_decision_number"]),
    )
    listed = date_column("listed_on", _("date listed"))
    removed = date_column("removed_on", _("date removed"))
    autocomplete_fields = ["company"]
    raw_id_fields = ["authority"]
    readonly_fields = ["removed_on", "removal_reason", "removal_decision_number"]
    inlines = [DishonestDebtorInline]
    date_hierarchy = "listed_on"

    def publicity_end_of(self, obj):
        return list_entry_publicity_end(obj)

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
            if run_step(
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


@admin.register(m.RemovalRequest)
class RemovalRequestAdmin(ProposalPages, ScopedAdmin):
    list_display = ["entry", "removed_on", "decision_number", "state", "requested_by"]
    list_filter = ["state"]
    list_select_related = ["entry", "requested_by"]
    readonly_fields = [f.name for f in m.RemovalRequest._meta.fields if f.name != "id"]
    change_form_template = "admin/registry/removal_request_change_form.html"
    # Proposed from the list entry's page, decided through approve and reject.
    read_only = True
    approve_service = services.list_removal_approve
    reject_service = services.list_removal_reject
    proposal_argument = "removal"
    approved_message = _("Approved: the company is removed from the list.")
    rejected_message = _("Removal rejected.")
    reject_button = _("Reject the removal")

    def reject_title(self, obj):
        return _("Reject the removal: %(entry)s") % {"entry": obj.entry}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            extra_context["removal"] = {
                "obj": obj,
                "proposer": obj.requested_by_id == request.user.pk,
                **self.decision_urls(obj),
            }
        return super().change_view(request, object_id, form_url, extra_context)
