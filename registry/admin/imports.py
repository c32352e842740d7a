"""Bulk import in the admin (django-import-export's buttons, the
foundation's importers).

Import reads files with ``registry.importing`` (the same columns and formats
as ``manage.py import_records``): uploading a file runs a dry run and shows
every bad row with its line, column and reason; "confirm" is offered only when
every row is good, and then the whole file is taken in or nothing. Records
belong to the uploader's agency, whatever the file's agency column says
(central administrators import for any agency). They are not published: each
file becomes an import batch that a colleague approves or rejects as a whole
(``registry.importing.batches``, ``registry.admin.import_batches``). Needs the
permission ``import_<model>``, granted explicitly, and the right to enter such
records by hand (``registry.permissions.may_add``).
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm

from registry import models as m
from registry import permissions
from registry.admin import import_help
from registry.admin.exports import RESOURCES, EscapedCSV, EscapedXLSX
from registry.importing import KINDS, batches, uploads

IMPORT_KIND = {model: kind for kind, model in batches.IMPORT_MODELS.items()}


# --- import --------------------------------------------------------------------

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


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
            and kind in batches.import_kinds_for(request.user)
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

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/template.<str:file_format>",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{opts.app_label}_{opts.model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def _forced_column(self, request, kind):
        return None if permissions.is_central(request.user) else KINDS[kind].agency_column

    def import_template_view(self, request, file_format):
        """The kind's template to fill in (``import_help``)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if file_format not in ("csv", "xlsx"):
            raise Http404(_("Templates are CSV or XLSX files."))
        kind = IMPORT_KIND[self.model]
        return import_help.template_file(kind, file_format, self._forced_column(request, kind))

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
                _batch, result = batches.import_batch_upload(
                    user=request.user,
                    kind=kind,
                    data=data,
                    file_format=file_format,
                    file_name=upload.name,
                    dry_run=True,
                )
                context.update(result=result, file_name=upload.name)
                if result.ok:
                    token = uploads.keep(
                        user=request.user, data=data, file_name=upload.name, file_format=file_format
                    )
                    context["confirm_form"] = ConfirmForm(initial={"token": token})
        return self._import_page(request, kind, context)

    @staticmethod
    def _bad_lines(result):
        return len({error.line for error in result.errors})

    def _import_page(self, request, kind, context):
        forced = self._forced_column(request, kind)
        result = context.get("result")
        opts = self.model._meta
        template_url = f"admin:{opts.app_label}_{opts.model_name}_import_template"
        context.update(
            self.admin_site.each_context(request),
            title=_("Import %(things)s") % {"things": self.model._meta.verbose_name_plural},
            opts=self.model._meta,
            kind=kind,
            columns=import_help.columns_described(kind, forced),
            codes=import_help.allowed_codes(kind),
            templates=[
                (label, reverse(template_url, args=[file_format]))
                for file_format, label in (("xlsx", "XLSX"), ("csv", "CSV"))
            ],
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
        pending = form.is_valid() and uploads.take(
            user=request.user, token=form.cleaned_data["token"]
        )
        if not pending:
            messages.error(
                request, _("This upload is no longer waiting to be confirmed: upload it again.")
            )
            return HttpResponseRedirect(self._import_url())
        batch, result = batches.import_batch_upload(
            user=request.user,
            kind=kind,
            data=pending.data,
            file_format=pending.file_format,
            file_name=pending.file_name,
        )
        if not result.ok:
            # Something changed in the register since the preview.
            return self._import_page(
                request,
                kind,
                {"form": UploadForm(), "result": result, "file_name": pending.file_name},
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
