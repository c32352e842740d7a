"""Spot checks, equity pledges, judicial assistance, chattel mortgages, IP
pledges and simplified-deregistration notices in the admin: reviewed records
(maker-checker, ``registry.admin.reviewed``), entered by the agencies that
``registry.models.deregistration.filing_agency_kinds`` names, each staff
member seeing only their own agency's; imported like the other records; and
the objections to a deregistration, decided by the notice's authority."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registry import models as m
from registry.admin.desk import amount_column, date_column
from registry.admin.entry import section
from registry.admin.exports import RESOURCES, _name, _resource
from registry.admin.imports import ImportExportAdminMixin
from registry.admin.redress import RedressAdmin
from registry.admin.reviewed import ReviewedAdmin
from registry.models.base import RecordState
from registry.plain_text import PlainTextField
from registry.services.deregistration import (
    deregistration_notice_conclude,
    deregistration_objection_decide,
)


def _uscc(record):
    return record.company.uscc


def _cancellation_columns():
    return {
        "status": lambda r: r.status,
        "cancelled_on": lambda r: r.cancelled_on,
        "cancellation_reason": lambda r: r.cancellation_reason,
    }


RESOURCES.update(
    {
        m.SpotCheck: _resource(
            m.SpotCheck,
            {
                "uscc": _uscc,
                "authority": lambda r: _name(r.agency),
                "checked_on": lambda r: r.checked_on,
                "check_type": lambda r: r.check_type,
                "result": lambda r: r.result,
                "remarks": lambda r: r.remarks,
            },
            related=("company", "agency"),
        ),
        m.EquityPledge: _resource(
            m.EquityPledge,
            {
                "registration_number": lambda r: r.registration_number,
                "uscc": _uscc,
                "authority": lambda r: _name(r.agency),
                "registered_on": lambda r: r.registered_on,
                "pledgor": lambda r: r.pledgor_name,
                "pledgee": lambda r: r.pledgee_name,
                "pledgor_uscc": lambda r: r.pledgor_company.uscc if r.pledgor_company else "",
                "amount": lambda r: r.amount,
                **_cancellation_columns(),
            },
            related=("company", "agency", "pledgor_company"),
        ),
        m.JudicialAssistance: _resource(
            m.JudicialAssistance,
            {
                "notice_number": lambda r: r.notice_number,
                "uscc": _uscc,
                "court": lambda r: _name(r.agency),
                "kind": lambda r: r.kind,
                "subject": lambda r: r.subject_name,
                "published_on": lambda r: r.published_on,
                "subject_uscc": lambda r: r.subject_company.uscc if r.subject_company else "",
                "amount": lambda r: r.amount,
                "period_from": lambda r: r.period_from,
                "period_until": lambda r: r.period_until,
            },
            related=("company", "agency", "subject_company"),
        ),
        m.ChattelMortgage: _resource(
            m.ChattelMortgage,
            {
                "registration_number": lambda r: r.registration_number,
                "uscc": _uscc,
                "authority": lambda r: _name(r.agency),
                "registered_on": lambda r: r.registered_on,
                "secured_amount": lambda r: r.secured_amount,
                "debt_from": lambda r: r.debt_from,
                "debt_until": lambda r: r.debt_until,
                **_cancellation_columns(),
                "collateral": lambda r: r.collateral,
            },
            related=("company", "agency"),
        ),
        m.IpPledge: _resource(
            m.IpPledge,
            {
                "registration_number": lambda r: r.registration_number,
                "uscc": _uscc,
                "authority": lambda r: _name(r.agency),
                "registered_on": lambda r: r.registered_on,
                "ip_kind": lambda r: r.ip_kind,
                "secured_amount": lambda r: r.secured_amount,
                "debt_from": lambda r: r.debt_from,
                "debt_until": lambda r: r.debt_until,
                **_cancellation_columns(),
                "ip_name": lambda r: r.ip_name,
                "pledgee": lambda r: r.pledgee_name,
            },
            related=("company", "agency"),
        ),
        m.DeregistrationNotice: _resource(
            m.DeregistrationNotice,
            {
                "uscc": _uscc,
                "authority": lambda r: _name(r.agency),
                "starts_on": lambda r: r.starts_on,
                "outcome": lambda r: r.outcome,
                "outcome_on": lambda r: r.outcome_on,
            },
            related=("company", "agency"),
        ),
    }
)


class FilingAdmin(ImportExportAdminMixin, ReviewedAdmin):
    """What the six kinds share: found by company, no objection column of
    their own (a deregistration's objections are listed apart), and a link
    to the company page's row."""

    autocomplete_fields = ["company"]
    raw_id_fields = ["agency"]
    list_select_related = ["company", "agency"]
    anchor = ""

    def prepare_page(self, request, records):
        if not records:
            return
        today = timezone.localdate()
        public = set(
            self.model.objects.filter(pk__in=[r.pk for r in records])
            .public(today)
            .values_list("pk", flat=True)
            .order_by()
        )
        for record in records:
            record.public_now = record.pk in public
            record.publicity_over = False
            record.under_objection = False

    @admin.display(description=_("on the public site"))
    def public_link(self, obj):
        if not getattr(obj, "public_now", False):
            return "—"
        url = f"{obj.company.get_absolute_url()}#{self.anchor}-{obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("view"))


@admin.register(m.SpotCheck)
class SpotCheckAdmin(FilingAdmin):
    anchor = "spot-check"
    number_field = "company__uscc"
    list_display = ["company", "checked", "check_type", "result", "agency"]
    list_filter = ["check_type", "result"]
    date_hierarchy = "checked_on"
    checked = date_column("checked_on", _("date checked"))
    layout = (
        (section("Check"), ["company", "agency", "checked_on", "check_type"]),
        (section("Result"), ["result", "remarks"]),
    )


REGISTRATION_LAYOUT = (section("Registration"), ["registration_number", "registered_on", "agency"])
STATUS_LAYOUT = (section("Status"), ["status", "cancelled_on", "cancellation_reason"])


@admin.register(m.EquityPledge)
class EquityPledgeAdmin(FilingAdmin):
    anchor = "pledge"
    number_field = "registration_number"
    list_display = ["registration_number", "company", "pledgor_name", "shown_amount", "status"]
    list_filter = ["status"]
    date_hierarchy = "registered_on"
    raw_id_fields = ["agency", "pledgor_person"]
    autocomplete_fields = ["company", "pledgor_company"]
    shown_amount = amount_column("amount", _("equity pledged"))
    layout = (
        REGISTRATION_LAYOUT,
        (section("Company"), ["company"]),
        (section("Pledge"), ["pledgor_name", "pledgor_person", "pledgor_company", "amount"]),
        (section("Pledgee"), ["pledgee_name"]),
        STATUS_LAYOUT,
    )


@admin.register(m.JudicialAssistance)
class JudicialAssistanceAdmin(FilingAdmin):
    anchor = "judicial"
    number_field = "notice_number"
    list_display = ["notice_number", "company", "kind", "subject_name", "published", "agency"]
    list_filter = ["kind"]
    date_hierarchy = "published_on"
    raw_id_fields = ["agency", "subject_person"]
    autocomplete_fields = ["company", "subject_company"]
    published = date_column("published_on", _("publication date"))
    layout = (
        (section("Order"), ["notice_number", "agency", "kind", "published_on"]),
        (section("Company"), ["company"]),
        (section("Subject"), ["subject_name", "subject_person", "subject_company", "amount"]),
        (section("Period"), ["period_from", "period_until"]),
    )


@admin.register(m.ChattelMortgage)
class ChattelMortgageAdmin(FilingAdmin):
    anchor = "mortgage"
    number_field = "registration_number"
    list_display = ["registration_number", "company", "registered", "secured", "status"]
    list_filter = ["status"]
    date_hierarchy = "registered_on"
    registered = date_column("registered_on", _("date registered"))
    secured = amount_column("secured_amount", _("secured amount"))
    layout = (
        REGISTRATION_LAYOUT,
        (section("Company"), ["company"]),
        (section("Security"), ["secured_amount", "debt_from", "debt_until", "collateral"]),
        STATUS_LAYOUT,
    )


@admin.register(m.IpPledge)
class IpPledgeAdmin(ChattelMortgageAdmin):
    anchor = "ip-pledge"
    list_display = ["registration_number", "company", "ip_kind", "registered", "status"]
    list_filter = ["status", "ip_kind"]
    layout = (
        REGISTRATION_LAYOUT,
        (section("Company"), ["company"]),
        (section("Right pledged"), ["ip_kind", "ip_name", "pledgee_name"]),
        (section("Security"), ["secured_amount", "debt_from", "debt_until"]),
        STATUS_LAYOUT,
    )


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=m.DeregistrationNotice.Outcome)
    outcome_on = forms.DateField(
        label=_("Date of the outcome"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )


@admin.register(m.DeregistrationNotice)
class DeregistrationNoticeAdmin(FilingAdmin):
    anchor = "deregistration"
    number_field = "company__uscc"
    list_display = ["company", "starts", "ends", "outcome", "agency"]
    list_filter = ["outcome"]
    date_hierarchy = "starts_on"
    readonly_fields = ["ends_on", "outcome", "outcome_on"]
    starts = date_column("starts_on", _("notice from"))
    ends = date_column("ends_on", _("notice until"))
    layout = (
        (section("Notice"), ["company", "agency", "starts_on", "ends_on"]),
        (section("Outcome"), ["outcome", "outcome_on"]),
    )

    def get_urls(self):
        from django.urls import path

        opts = self.model._meta
        return [
            path(
                "<path:object_id>/conclude/",
                self.admin_site.admin_view(self.conclude_view),
                name=f"{opts.app_label}_{opts.model_name}_conclude",
            ),
            *super().get_urls(),
        ]

    def extra_steps(self, request, obj) -> list[tuple[str, str]]:
        steps = list(super().extra_steps(request, obj))
        if obj.state == RecordState.PUBLISHED and not obj.outcome:
            url = reverse("admin:registry_deregistrationnotice_conclude", args=[obj.pk])
            steps.append((str(_("Record the outcome")), url))
        return steps

    def conclude_view(self, request, object_id):
        from registry.admin.errors import put_errors

        obj = self._record(request, object_id)
        form = ConcludeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                deregistration_notice_conclude(
                    notice=obj,
                    user=request.user,
                    outcome=form.cleaned_data["outcome"],
                    on=form.cleaned_data["outcome_on"],
                )
            except ValidationError as error:
                put_errors(form, error)
            else:
                from django.http import HttpResponseRedirect

                return HttpResponseRedirect(self._change_url(obj))
        return self._step_page(request, obj, form, _("Record the outcome"), _("Save"))


class DeregistrationObjectionForm(forms.Form):
    UPHOLD = "uphold"
    REJECT = "reject"

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (UPHOLD, _("Uphold: the company is not deregistered this way")),
            (REJECT, pgettext_lazy("objection decision", "Reject")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    reply = PlainTextField(
        label=_("Reply to the objector"),
        help_text=_("Shown with the notice on the company page: the decision and its reasons."),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        error_messages={"required": _("Write the reply: it is shown with the notice.")},
    )


@admin.register(m.DeregistrationObjection)
class DeregistrationObjectionAdmin(RedressAdmin):
    list_display = ["reference", "received_on", "company", "objector_kind", "state", "agency"]
    list_filter = ["state", "objector_kind"]
    list_select_related = ["company", "agency"]
    decision_template = "admin/registry/redress_deregistration.html"

    def form_for(self, obj, data):
        if obj.state != m.DeregistrationObjection.State.RECEIVED:
            return None
        return DeregistrationObjectionForm(data)

    def act(self, request, objection, form):
        if form is None:
            raise ValidationError(_("This objection was already decided."))
        if not form.is_valid():
            return None
        upheld = form.cleaned_data["outcome"] == form.UPHOLD
        deregistration_objection_decide(
            objection=objection, user=request.user, upheld=upheld, reply=form.cleaned_data["reply"]
        )
        return _("Decided; the objection and the reply are shown with the notice.")

    def decision_context(self, obj):
        return {
            "record": obj.notice,
            "record_url": reverse(
                "admin:registry_deregistrationnotice_change", args=[obj.notice_id]
            ),
        }
