"""Entering a record from its paper decision: the form's fields grouped in
the order the decision reads (``DecisionLayout``), the allowed publicity
window said before anything is refused (``publicity_window_help``, and
static/registry/publicity_window.js updating it as the form is filled; the
server's rule stays the only judge), and "save and submit for review" in one
press (``SaveAndSubmit``: the save, then ``services.record_submit``, each
with its usual validation)."""

import json

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from registry import models as m
from registry import permissions, publicity_rules, services
from registry.admin.errors import run_step
from registry.models.base import RecordState

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

SAVE_AND_SUBMIT = "_save_and_submit"


def section(title: str):
    """A form section's title (translated with the context "form section":
    "Penalty" as a heading, not as the other places that word is used)."""
    return pgettext_lazy("form section", title)


class DecisionLayout:
    """``layout``: (section title, fields) in the order of the paper
    decision. Fields the form has but the layout does not name come after,
    the review fields last."""

    layout: tuple = ()

    def get_fieldsets(self, request, obj=None):
        fields = list(self.get_fields(request, obj))
        if not self.layout:
            return super().get_fieldsets(request, obj)
        sections, placed = [], set()
        for title, names in self.layout:
            present = [name for name in names if name in fields]
            placed.update(present)
            if present:
                sections.append((title, {"fields": present}))
        rest = [f for f in fields if f not in placed and f not in REVIEW_FIELDS]
        if rest:
            sections.append((section("Other details"), {"fields": rest}))
        review = [f for f in fields if f in REVIEW_FIELDS]
        if review:
            sections.append((section("Review"), {"fields": review}))
        return sections


def publicity_window_help() -> str:
    """The penalty form's help on ``publicity_until``: the window per
    severity and the strict violation types' minimum, from the rules."""
    severities = m.Penalty.Severity
    windows = "; ".join(
        _("%(severity)s: %(minimum)d to %(maximum)d months")
        % {"severity": severities(code).label, "minimum": low, "maximum": high}
        for code, (low, high) in publicity_rules.PENALTY_PUBLICITY_MONTHS.items()
    )
    strict = ", ".join(
        str(m.Penalty.ViolationType(code).label)
        for code in m.Penalty.ViolationType.values
        if code in publicity_rules.STRICT_VIOLATION_TYPES
    )
    return _(
        "Leave empty to publish for the longest period allowed. Counted from the decision "
        "date, publicity may end after %(windows)s. %(strict)s: at least %(months)d months. "
        "A warning alone under the simple procedure is never published."
    ) % {"windows": windows, "strict": strict, "months": publicity_rules.STRICT_MINIMUM_MONTHS}


def publicity_window_attrs() -> dict:
    """What publicity_window.js needs to show the window of the decision being
    entered: the rules as data, and the sentence to show, translated."""
    return {
        "data-window-months": json.dumps(publicity_rules.PENALTY_PUBLICITY_MONTHS),
        "data-window-strict": json.dumps(sorted(publicity_rules.STRICT_VIOLATION_TYPES)),
        "data-window-strict-minimum": str(publicity_rules.STRICT_MINIMUM_MONTHS),
        "data-window-text": _("For this decision: publicity ends between {first} and {last}."),
    }


class SaveAndSubmit:
    """A "save and submit for review" button on the add page and on a
    draft's page (see the module's doc). The form's errors keep the page as
    typed; a refusal of the submission leaves the saved draft and says why."""

    def _may_save_and_submit(self, request, obj) -> bool:
        if obj is None or obj.pk is None:
            return self.has_add_permission(request)
        return (
            obj.state == RecordState.DRAFT
            and self.has_change_permission(request, obj)
            and permissions.may_act_for(request.user, permissions.owning_agency(obj))
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["save_and_submit"] = self._may_save_and_submit(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if SAVE_AND_SUBMIT in request.POST:
            return self._submitted(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if SAVE_AND_SUBMIT in request.POST:
            return self._submitted(request, obj)
        return super().response_change(request, obj)

    def _submitted(self, request, obj):
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        if not run_step(request, services.record_submit, record=obj, user=request.user):
            messages.warning(request, _("Saved as a draft, not submitted."))
            return HttpResponseRedirect(change_url)
        messages.success(
            request,
            format_html(
                _(
                    "{name} “{record}” was saved and submitted for review: a colleague can now "
                    "approve it."
                ),
                name=str(opts.verbose_name).capitalize(),
                record=format_html('<a href="{}">{}</a>', change_url, obj),
            ),
        )
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
