"""The one agency-scoping mixin of the admin: every door asks
``registry.permissions``.

Lists and object pages show only what ``permissions.scope`` lets the user see
(another agency's record is a 404, also for a forged POST); add, change and
delete ask ``may_add``/``may_change``; a module is listed only where the
agency can hold such records. Read-only admins (objections, import batches)
and inlines use the same rules.

Another agency's record answers exactly as a missing id does, at every
address that names an object (its page, history, a version in its history,
delete, and the step pages), by GET and by POST: a refusal (403) from any of
them becomes a 404 unless the record is in the user's scope, so that no
answer tells a record is there.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registry import permissions
from registry.plain_text import PlainTextField

NOT_IN_REGISTER = _("No such record in your agency's register.")


class PlainTextFields:
    """Text fields (plain CharField and TextField) refuse characters that
    cannot be shown, naming the field, and give back the text without them
    (``registry.plain_text``)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if type(db_field) in (models.CharField, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", PlainTextField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AgencyScoped(PlainTextFields):
    """Every door of a ModelAdmin asks ``registry.permissions``."""

    show_full_result_count = False
    list_per_page = 50
    # True: no add, change or delete (decided through step pages, if at all).
    read_only = False

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

    def has_add_permission(self, request, *args):
        return not self.read_only and permissions.may_add(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        return not self.read_only and permissions.may_change(request.user, self.model, obj)

    def has_delete_permission(self, request, obj=None):
        # Public records are withdrawn, registration data changes status,
        # reference data is kept: only central administrators delete, and the
        # database refuses what is still referred to.
        return not self.read_only and permissions.is_central(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another agency's record looks exactly like a missing one.
        raise Http404(NOT_IN_REGISTER)

    @property
    def urls(self):
        # Every pattern, those of subclasses and of simple-history included.
        patterns = self.get_urls()
        for pattern in patterns:
            pattern.callback = self._refused_as_missing(pattern.callback)
        return patterns

    def _refused_as_missing(self, view):
        """``view``, whose refusal (403) of an object outside the user's scope,
        or of an id that does not exist, is a 404 instead."""

        @wraps(view)
        def refused_as_missing(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                object_id = kwargs.get("object_id", args[0] if args else None)
                if object_id is None or self.get_object(request, unquote(object_id)) is not None:
                    raise
                raise Http404(NOT_IN_REGISTER) from None

        return refused_as_missing


class HistoryAdmin(SimpleHistoryAdmin):
    """The History page lists each change with its user, date, change reason
    and the changed fields with old and new values (simple-history's
    "Changes" column). An old version is shown, never posted back."""

    def revert_disabled(self, request, obj=None):
        # Reverting would write past the services' validation: not offered.
        return True

    def history_view(self, request, object_id, extra_context=None):
        _key_or_404(self.model._meta.pk, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a version posted back (its hidden "Revert"):
        # a published record would become a draft again, past review and
        # withdrawal.
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        _key_or_404(self.model._meta.pk, unquote(object_id))
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        _key_or_404(history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


def _key_or_404(field, value) -> None:
    """A 404 for what cannot be a key of ``field`` ("abc" for a number),
    which simple-history would send to the database as it is."""
    try:
        field.to_python(value)
    except ValidationError:
        raise Http404(NOT_IN_REGISTER) from None


class ScopedAdmin(AgencyScoped, HistoryAdmin):
    pass


class ScopedInline(PlainTextFields, admin.TabularInline):
    """Details changed with their parent, by whoever may change the parent."""

    extra = 0

    def _editable(self, request, obj):
        return permissions.may_change(request.user, self.parent_model, obj)

    def has_view_permission(self, request, obj=None):
        return permissions.may_view(request.user, self.parent_model, obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)
