"""The review of files imported in the admin: read-only, seen by the
uploader's agency only, approved or rejected as a whole by a colleague
(``registry.importing.batches``)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import models as m
from registry.admin.errors import run_step
from registry.admin.scoping import NOT_IN_REGISTER, AgencyScoped
from registry.importing import batches


@admin.register(m.ImportBatch)
class ImportBatchAdmin(AgencyScoped, admin.ModelAdmin):
    """Files imported through the admin: read-only, seen by the uploader's
    agency only, approved or rejected as a whole by a colleague."""

    list_display = [
        "id",
        "kind",
        "file_name",
        "agency",
        "uploaded_by",
        "row_count",
        "state",
        "created_at",
    ]
    list_filter = ["state", "kind"]
    list_select_related = ["agency", "uploaded_by"]
    search_fields = ["file_name"]
    read_only = True
    change_form_template = "admin/registry/import_batch/change_form.html"
    fields = [
        "kind",
        "file_name",
        "agency",
        "uploaded_by",
        "created_at",
        "row_count",
        "state",
        "reviewed_by",
        "reviewed_at",
        "rejection_reason",
        "record_links",
    ]
    readonly_fields = fields
    # Links shown on the batch's page; the rest are in the changelist of records.
    MAX_LINKS = 200

    @admin.display(description=gettext_lazy("records"))
    def record_links(self, obj):
        if obj.is_held and obj.state == obj.State.PENDING:
            return _("Written when the import is approved.")
        opts = obj.model._meta
        ids = obj.record_ids[: self.MAX_LINKS]
        records = obj.model._default_manager.filter(pk__in=ids).order_by("pk")
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[r.pk]), r)
                for r in records
            ),
        )
        more = len(obj.record_ids) - len(ids)
        if more > 0:
            return format_html("{} {}", links, _("and %(n)d more") % {"n": more})
        return links or "—"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="registry_importbatch_approve",
            ),
            path(
                "<path:object_id>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="registry_importbatch_reject",
            ),
            *super().get_urls(),
        ]

    def _batch(self, request, object_id):
        # Scoped: another agency's batch is not found (404), whatever the URL;
        # so is an id that is not a number (get_object reads it as none).
        batch = self.get_object(request, unquote(object_id))
        if batch is None:
            raise Http404(NOT_IN_REGISTER)
        return batch

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self._batch(request, object_id)
        may_review = batch.state == batch.State.PENDING and batch.uploaded_by_id != request.user.pk
        extra_context = {
            **(extra_context or {}),
            "batch": batch,
            "may_review": may_review,
            "uploader_waits": batch.state == batch.State.PENDING and not may_review,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def approve_view(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        batch = self._batch(request, object_id)
        if run_step(request, batches.import_batch_approve, batch=batch, user=request.user):
            messages.success(
                request, _("Import #%(id)d approved: its records are published.") % {"id": batch.pk}
            )
        return HttpResponseRedirect(reverse("admin:registry_importbatch_change", args=[batch.pk]))

    def reject_view(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        batch = self._batch(request, object_id)
        if run_step(
            request,
            batches.import_batch_reject,
            batch=batch,
            user=request.user,
            reason=request.POST.get("reason", ""),
        ):
            done = (
                _("Import #%(id)d rejected: nothing was written.")
                if batch.is_held
                else _("Import #%(id)d rejected: its records are back in draft.")
            )
            messages.success(request, done % {"id": batch.pk})
        return HttpResponseRedirect(reverse("admin:registry_importbatch_change", args=[batch.pk]))
