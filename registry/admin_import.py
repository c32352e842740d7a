"""Bulk import and export in the admin (django-import-export), and the review
of imported files.

- Import reads files with the foundation's importers (``registry.importing``:
  the same columns and formats as ``manage.py import_records``): uploading a
  file runs a dry run and shows every bad row with its line, column and
  reason; "confirm" is offered only when every row is good, and then the whole
  file is taken in or nothing. Records belong to the uploader's agency, whatever
  the file's agency column says (central administrators import for any
  agency). They are not published: each file becomes an :class:`ImportBatch`
  that a colleague approves or rejects as a whole (``registry.services``).
- Export writes the rows the user may see, in the import's columns, as CSV or
  XLSX, with every cell that a spreadsheet could run as a formula escaped.
- Both need a permission granted explicitly (``import_<model>``,
  ``export_<model>``; settings ``IMPORT_EXPORT_*_PERMISSION_CODE``), and
  import also needs the right to enter such records by hand
  (``registry.permissions.may_add``).
"""

import secrets
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.admin import ImportExportMixin
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.forms import ExportForm

from registry import models as m
from registry import permissions, services
from registry.importing import KINDS

# --- export --------------------------------------------------------------------

# Characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A text cell a spreadsheet would run as a formula gets a leading
    apostrophe, so that it is shown as the text it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _EscapingFormat:
    def export_data(self, dataset, **kwargs):
        # Before the library's own escaping (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT,
        # which drops a leading "="): the apostrophe keeps the text whole.
        for _position in range(len(dataset)):
            row = dataset.lpop()
            dataset.append([escape_formula(cell) for cell in row])
        return super().export_data(dataset, **kwargs)


class EscapedCSV(_EscapingFormat, base_formats.CSV):
    pass


class EscapedXLSX(_EscapingFormat, base_formats.XLSX):
    pass


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _column(getter):
    return Field(column_name=None, dehydrate_method=lambda obj: _text(getter(obj)))


def _resource(model, columns: dict, related=(), prefetch=()):
    """A resource exporting ``columns`` (import column → getter), so that an
    exported file has the columns ``import_records`` reads."""
    attrs = {}
    for column, getter in columns.items():
        field = _column(getter)
        field.column_name = column
        attrs[column] = field

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*related).prefetch_related(*prefetch)

    attrs["filter_export"] = filter_export
    attrs["get_display_name"] = classmethod(lambda cls: str(model._meta.verbose_name_plural))
    attrs["Meta"] = type("Meta", (), {"export_order": list(columns), "fields": list(columns)})
    return type(f"{model.__name__}Resource", (resources.Resource,), attrs)


def _name(agency):
    return agency.name if agency else ""


FIRST_SIDE = {"plaintiff", "applicant"}


def _parties(case, first: bool):
    return ";".join(
        party.company.uscc if party.company else party.name
        for party in case.parties.all()
        if (party.role in FIRST_SIDE) == first
    )


PenaltyResource = _resource(
    m.Penalty,
    {
        "decision_number": lambda p: p.decision_number,
        "uscc": lambda p: p.company.uscc if p.company else "",
        "violation_type": lambda p: p.violation_type,
        "violation_facts": lambda p: p.violation_facts,
        "legal_basis": lambda p: p.legal_basis,
        "penalty_category": lambda p: ";".join(c.category for c in p.categories.all()),
        "penalty_content": lambda p: p.penalty_content,
        "decided_on": lambda p: p.decided_on,
        "authority": lambda p: _name(p.agency),
        "fine_amount": lambda p: p.fine_amount,
        "confiscated_amount": lambda p: p.confiscated_amount,
        "publicity_until": lambda p: p.publicity_until,
        "severity": lambda p: p.severity,
        "simple_procedure": lambda p: p.simple_procedure,
        "licence_affected": lambda p: p.licence_affected,
        "valid_until": lambda p: p.valid_until,
        "data_source": lambda p: p.data_source,
    },
    related=("company", "agency"),
    prefetch=(Prefetch("categories", queryset=m.PenaltyCategory.objects.order_by("id")),),
)

ListEntryResource = _resource(
    m.ListEntry,
    {
        "list_code": lambda e: e.credit_list.code,
        "uscc": lambda e: e.company.uscc if e.company else "",
        "reason": lambda e: e.reason,
        "listed_on": lambda e: e.listed_on,
        "decision_number": lambda e: e.decision_number,
        "authority": lambda e: _name(e.authority),
        "removed_on": lambda e: e.removed_on,
        "removal_reason": lambda e: e.removal_reason,
        "removal_authority": lambda e: _name(e.removal_authority),
        "removal_decision_number": lambda e: e.removal_decision_number,
    },
    related=("credit_list", "company", "authority", "removal_authority"),
)

CourtCaseResource = _resource(
    m.CourtCase,
    {
        "case_number": lambda c: c.case_number,
        "court": lambda c: _name(c.court),
        "cause_of_action": lambda c: c.cause_of_action,
        "case_type": lambda c: c.case_type,
        "filed_on": lambda c: c.filed_on,
        "decided_on": lambda c: c.decided_on,
        "plaintiffs": lambda c: _parties(c, first=True),
        "defendants": lambda c: _parties(c, first=False),
        "amount": lambda c: c.amount,
        "outcome": lambda c: c.outcome,
        "procedure": lambda c: c.procedure,
    },
    related=("court",),
    prefetch=(
        Prefetch("parties", queryset=m.CaseParty.objects.select_related("company").order_by("id")),
    ),
)

CompanyResource = _resource(
    m.Company,
    {
        "uscc": lambda c: c.uscc,
        "name": lambda c: c.name,
        "entity_type": lambda c: c.entity_type,
        "name_en": lambda c: c.name_en,
        "legal_representative": lambda c: c.legal_representative_name,
        "registered_capital": lambda c: c.registered_capital,
        "currency": lambda c: c.currency,
        "established_on": lambda c: c.established_on,
        "term_end": lambda c: c.term_end,
        "status": lambda c: c.status,
        "address": lambda c: c.address,
        "region_code": lambda c: c.region.code if c.region else "",
        "industry_code": lambda c: c.industry.code if c.industry else "",
        "business_scope": lambda c: c.business_scope,
        "registration_authority": lambda c: _name(c.registration_authority),
    },
    related=("region", "industry", "registration_authority"),
)

AgencyResource = _resource(
    m.Agency,
    {
        "name": lambda a: a.name,
        "kind": lambda a: a.kind,
        "name_en": lambda a: a.name_en,
        "region_code": lambda a: a.region.code if a.region else "",
        "level": lambda a: a.level,
        "credit_code": lambda a: a.credit_code,
        "court_code": lambda a: a.court_code,
    },
    related=("region",),
)

RESOURCES = {
    m.Penalty: PenaltyResource,
    m.ListEntry: ListEntryResource,
    m.CourtCase: CourtCaseResource,
    m.Company: CompanyResource,
    m.Agency: AgencyResource,
}
IMPORT_KIND = {model: kind for kind, model in services.IMPORT_MODELS.items()}


# --- import --------------------------------------------------------------------

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# How long an uploaded file waits for "confirm".
PENDING_UPLOAD_SECONDS = 60 * 60


class UploadForm(forms.Form):
    import_file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8) or XLSX (first sheet), first row naming the columns."),
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        suffix = Path(upload.name).suffix.lower().lstrip(".")
        if suffix not in ("csv", "xlsx"):
            raise ValidationError(
                _("Unknown file type “%(format)s”: use a .csv or .xlsx file.") % {"format": suffix}
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)d MB: split it, or ask for the import command.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


def _cache_key(request, token: str) -> str:
    return f"registry-admin-import:{request.user.pk}:{token}"


class ImportExportAdminMixin(ImportExportMixin):
    """Import and export for a registry ModelAdmin (see the module's doc)."""

    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_template_name = "admin/registry/import/import.html"
    # Every column, always: an exported file can be imported again.
    export_form_class = ExportForm

    def get_resource_classes(self, request):
        return [RESOURCES[self.model]]

    def get_export_formats(self):
        return [EscapedCSV, EscapedXLSX]

    def get_import_formats(self):
        return [base_formats.CSV, base_formats.XLSX]

    # Permissions: the library's explicit permission, and the agency's rules.

    def has_import_permission(self, request):
        kind = IMPORT_KIND.get(self.model)
        return (
            kind is not None
            and super().has_import_permission(request)
            and kind in services.import_kinds_for(request.user)
        )

    def has_export_permission(self, request):
        return super().has_export_permission(request) and permissions.may_view(
            request.user, self.model
        )

    def get_export_queryset(self, request):
        """The changelist's rows (its filters and search apply), only those of
        the user's own agency."""
        return self.own_rows(super().get_export_queryset(request), request.user)

    @staticmethod
    def own_rows(queryset, user):
        queryset = permissions.scope(queryset, user)
        if permissions.is_central(user) or queryset.model in permissions.AGENCY_PATHS:
            return queryset
        if queryset.model is m.Company:
            # Registration data is readable by all staff; "own" companies are
            # those the agency registered.
            return queryset.filter(registration_authority=permissions.staff_agency(user))
        return queryset.none()

    # The import views: the foundation's importers instead of the library's.

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        kind = IMPORT_KIND[self.model]
        context = {"form": UploadForm()}
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                upload = form.cleaned_data["import_file"]
                data = upload.read()
                file_format = Path(upload.name).suffix.lower().lstrip(".")
                _batch, result = services.import_batch_upload(
                    user=request.user,
                    kind=kind,
                    data=data,
                    file_format=file_format,
                    file_name=upload.name,
                    dry_run=True,
                )
                context.update(result=result, file_name=upload.name)
                if result.ok:
                    token = secrets.token_urlsafe(24)
                    cache.set(
                        _cache_key(request, token),
                        {"data": data, "format": file_format, "name": upload.name},
                        PENDING_UPLOAD_SECONDS,
                    )
                    context["confirm_form"] = ConfirmForm(initial={"token": token})
        return self._import_page(request, kind, context)

    @staticmethod
    def _bad_lines(result):
        return len({error.line for error in result.errors})

    def _import_page(self, request, kind, context):
        spec = KINDS[kind]
        forced = None if permissions.is_central(request.user) else spec.agency_column
        result = context.get("result")
        context.update(
            self.admin_site.each_context(request),
            title=_("Import %(things)s") % {"things": self.model._meta.verbose_name_plural},
            opts=self.model._meta,
            kind=kind,
            required=[c for c in spec.required if c != forced],
            optional=[c for c in spec.optional if c != forced],
            forced_column=forced,
            agency=permissions.staff_agency(request.user),
            bad_lines=self._bad_lines(result) if result else 0,
            held=kind in m.ImportBatch.HELD_KINDS,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def process_import(self, request, **kwargs):
        if request.method != "POST":
            return HttpResponseRedirect(self._import_url())
        if not self.has_import_permission(request):
            raise PermissionDenied
        kind = IMPORT_KIND[self.model]
        form = ConfirmForm(request.POST)
        pending = form.is_valid() and cache.get(_cache_key(request, form.cleaned_data["token"]))
        if not pending:
            messages.error(
                request, _("This upload is no longer waiting to be confirmed: upload it again.")
            )
            return HttpResponseRedirect(self._import_url())
        cache.delete(_cache_key(request, form.cleaned_data["token"]))
        batch, result = services.import_batch_upload(
            user=request.user,
            kind=kind,
            data=pending["data"],
            file_format=pending["format"],
            file_name=pending["name"],
        )
        if not result.ok:
            # Something changed in the register since the preview.
            return self._import_page(
                request,
                kind,
                {"form": UploadForm(), "result": result, "file_name": pending["name"]},
            )
        if batch is None:
            messages.info(request, _("Every row is already in the register: nothing to review."))
            return HttpResponseRedirect(self._import_url())
        messages.success(
            request,
            _(
                "%(rows)d row(s) taken in as import #%(id)d. They are published once a "
                "colleague approves the import."
            )
            % {"rows": batch.row_count, "id": batch.pk},
        )
        return HttpResponseRedirect(reverse("admin:registry_importbatch_change", args=[batch.pk]))

    def _import_url(self):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import")


# --- review of import batches --------------------------------------------------


@admin.register(m.ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
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
    show_full_result_count = False
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

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("agency", "uploaded_by")
        return permissions.scope(queryset, request.user)

    def has_module_permission(self, request):
        return permissions.may_view(request.user, self.model)

    def has_view_permission(self, request, obj=None):
        return permissions.may_view(request.user, self.model, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

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
        # Scoped: another agency's batch is not found (404), whatever the URL.
        return get_object_or_404(self.get_queryset(request), pk=unquote(object_id))

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
        try:
            services.import_batch_approve(batch=batch, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Import #%(id)d approved: its records are published.") % {"id": batch.pk}
            )
        return HttpResponseRedirect(reverse("admin:registry_importbatch_change", args=[batch.pk]))

    def reject_view(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        batch = self._batch(request, object_id)
        try:
            services.import_batch_reject(
                batch=batch, user=request.user, reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            done = (
                _("Import #%(id)d rejected: nothing was written.")
                if batch.is_held
                else _("Import #%(id)d rejected: its records are back in draft.")
            )
            messages.success(request, done % {"id": batch.pk})
        return HttpResponseRedirect(reverse("admin:registry_importbatch_change", args=[batch.pk]))
