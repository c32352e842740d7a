"""The one agency-scoping mixin of the admin: every door asks
``registry.permissions``.

Lists and object pages show only what ``permissions.scope`` lets the user see
(another agency's record is a 404, also for a forged POST); add, change and
delete ask ``may_add``/``may_change``; a module is listed only where the
agency can hold such records. Read-only admins (objections, import batches)
and inlines use the same rules.
"""

from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registry import permissions
from registry.admin.changelists import CheckedLists


class AgencyScoped(CheckedLists):
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
        raise Http404(_("No such record in your agency's register."))


class HistoryAdmin(SimpleHistoryAdmin):
    """The History page lists each change with its user, date, change reason
    and the changed fields with old and new values (simple-history's
    "Changes" column)."""

    def revert_disabled(self, request, obj=None):
        # Reverting would write past the services' validation: not offered.
        return True


class ScopedAdmin(AgencyScoped, HistoryAdmin):
    pass


class ScopedInline(admin.TabularInline):
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
