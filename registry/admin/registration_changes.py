"""Proposed changes to registration facts, reviewed by a colleague of the
proposer (``registry.services.registration_review``): what would change,
field by field and list by list, with approve and reject."""

from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from registry import models as m
from registry import permissions
from registry.admin.reviewed import ProposalPages
from registry.admin.scoping import ScopedAdmin
from registry.services import registration_review as review


def _shown(model, attname, value) -> str:
    field = next(f for f in model._meta.concrete_fields if f.attname == attname)
    if value in (None, ""):
        return ""
    value = field.to_python(value)
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def diff_rows(change) -> list[dict]:
    """(label, now, proposed) for each field the change sets."""
    now = review.facts_of(change.company) if change.company_id and change.state == "pending" else {}
    rows = []
    for attname, new in change.values.items():
        field = next(f for f in m.Company._meta.concrete_fields if f.attname == attname)
        rows.append(
            {
                "label": capfirst(field.verbose_name),
                "old": _shown(m.Company, attname, now.get(attname)),
                "new": _shown(m.Company, attname, new),
            }
        )
    return rows


def _describe(model, row: dict) -> str:
    parts = [
        _shown(model, attname, value)
        for attname, value in row.items()
        if value not in (None, "") and attname != "company_id"
    ]
    return " · ".join(part for part in parts if part)


def detail_lists(change) -> list[dict]:
    now = review.current_details(change.company) if change.state == "pending" else {}
    return [
        {
            "label": capfirst(review.DETAILS[key]._meta.verbose_name_plural),
            "old": [_describe(review.DETAILS[key], row) for row in now.get(key, [])],
            "new": [_describe(review.DETAILS[key], row) for row in rows],
        }
        for key, rows in change.details.items()
    ]


@admin.register(m.RegistrationChange)
class RegistrationChangeAdmin(ProposalPages, ScopedAdmin):
    list_display = ["__str__", "company", "agency", "state", "requested_by", "created_at"]
    list_filter = ["state"]
    list_select_related = ["company", "agency", "requested_by"]
    search_fields = ["=company__uscc"]
    search_help_text = _("The company's exact credit code.")
    readonly_fields = [
        "company",
        "agency",
        "state",
        "requested_by",
        "created_at",
        "reviewed_by",
        "reviewed_at",
        "rejection_reason",
    ]
    fields = readonly_fields
    change_form_template = "admin/registry/registration_change_form.html"
    read_only = True

    approve_service = review.registration_change_approve
    reject_service = review.registration_change_reject
    proposal_argument = "change"
    approved_message = _("Approved: the company's registration is changed.")
    rejected_message = _("Change rejected: the registration stays as it was.")
    reject_button = _("Reject the change")

    def reject_title(self, obj):
        return _("Reject the change: %(change)s") % {"change": obj}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            may_review = permissions.may_review_for(request.user, obj.agency)
            extra_context["proposal"] = {
                "obj": obj,
                "proposer": obj.requested_by_id == request.user.pk,
                "may_review": may_review,
                "rows": diff_rows(obj),
                "details": detail_lists(obj),
                **self.decision_urls(obj),
            }
        return super().change_view(request, object_id, form_url, extra_context)
