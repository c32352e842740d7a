"""The review queue and the agency dashboard of the admin.

Both show only what ``registry.permissions.scope`` lets the user see: a staff
member sees their own agency's records; a central administrator sees every
agency's."""

import datetime

from django.contrib import admin
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import models as m
from registry import permissions
from registry.models.base import RecordState
from registry.models.deregistration import filing_models

REVIEWED_MODELS = [
    m.Penalty,
    m.Licence,
    m.ListEntry,
    m.Rating,
    m.CourtCase,
    m.AnnualReport,
    *filing_models(),
]
# Rows listed per kind of record; the count says how many more wait, and a
# link leads to all of them. The dashboard lists fewer than the queue's page.
QUEUE_ROWS = 50
DASHBOARD_ROWS = 10
ENDING_WITHIN = datetime.timedelta(days=30)
# What each kind's label (its __str__) reads, fetched with the rows.
LABEL_RELATIONS = {
    m.ListEntry: ("credit_list",),
    m.Rating: ("company",),
    m.RemovalRequest: ("entry__credit_list",),
    m.RegistrationChange: ("company",),
}


def _url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def applies(user, model) -> bool:
    """Whether records of ``model`` can concern the user's agency: a court
    enters no penalties or licences, only registration authorities propose
    registration changes (``registry.permissions``)."""
    if permissions.is_central(user):
        return True
    if model is m.RegistrationChange:
        return permissions.is_registrar(user)
    if model is m.RemovalRequest:
        model = m.ListEntry
    if model in permissions.ENTERED_BY_KINDS:
        return permissions.may_add(user, model)
    return permissions.may_view(user, model)


def _changelist(model, **params) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def _section(model, rows, *, by: str, at: str, pending: str, user, shown: int) -> dict | None:
    """One kind of thing waiting for review: its count, the oldest ``shown``
    with who sent them and when, and a link to the whole list."""
    count = rows.count()
    if not count:
        return None
    items = [
        {
            "obj": obj,
            "url": _url(obj),
            "submitted_by": getattr(obj, by),
            "submitted_at": getattr(obj, at),
            "mine": user.pk in (getattr(obj, f"{by}_id"), getattr(obj, "entered_by_id", None)),
        }
        for obj in rows.select_related(by, *LABEL_RELATIONS.get(model, ())).order_by(at, "pk")[
            :shown
        ]
    ]
    return {
        "name": model._meta.verbose_name_plural,
        "count": count,
        "items": items,
        "more": count > len(items),
        "changelist": _changelist(model, state__exact=pending),
    }


def pending_sections(user, shown: int = QUEUE_ROWS) -> list[dict]:
    """Per kind of record, then list removals and import batches: what waits
    for review, oldest first, for the kinds that apply to the user's agency."""
    waiting = [
        (model, RecordState.PENDING, "submitted_by", "submitted_at") for model in REVIEWED_MODELS
    ] + [
        (m.RemovalRequest, m.RemovalRequest.State.PENDING, "requested_by", "created_at"),
        (m.ImportBatch, m.ImportBatch.State.PENDING, "uploaded_by", "created_at"),
        (m.RegistrationChange, m.RegistrationChange.State.PENDING, "requested_by", "created_at"),
    ]
    sections = []
    for model, pending, by, at in waiting:
        if not applies(user, model):
            continue
        rows = permissions.scope(model.objects.filter(state=pending), user)
        section = _section(model, rows, by=by, at=at, pending=pending, user=user, shown=shown)
        if section:
            sections.append(section)
    return sections


def review_queue(request):
    """Everything of the user's agency that waits for a colleague's review."""
    context = {
        **admin.site.each_context(request),
        "title": _("Review queue"),
        "sections": pending_sections(request.user),
        "agency": permissions.staff_agency(request.user),
    }
    return TemplateResponse(request, "admin/registry/review_queue.html", context)


def dashboard(user, today: datetime.date | None = None) -> dict:
    """What an agency's staff member needs at a glance when the admin opens."""
    today = today or timezone.localdate()
    agency = permissions.staff_agency(user)
    central = permissions.is_central(user)
    states = [RecordState.DRAFT, RecordState.PENDING, RecordState.PUBLISHED, RecordState.WITHDRAWN]
    counts = []
    for model in REVIEWED_MODELS:
        if not permissions.may_view(user, model) or not applies(user, model):
            continue
        rows = permissions.scope(model.objects.all(), user)
        if central:
            # Over every agency the published count would scan whole tables:
            # what needs attention only.
            rows = rows.filter(state__in=[RecordState.DRAFT, RecordState.PENDING])
        by_state = dict(rows.values_list("state").annotate(n=Count("pk")).order_by())
        counts.append(
            {
                "name": model._meta.verbose_name_plural,
                "cells": [
                    {
                        "state": state,
                        "n": by_state.get(state, 0) if not central or state in states[:2] else None,
                        "url": _changelist(model, state__exact=state),
                    }
                    for state in states
                ],
            }
        )
    ending_filter = {
        "state__exact": RecordState.PUBLISHED,
        "publicity_ends_on__gte": today.isoformat(),
        "publicity_ends_on__lte": (today + ENDING_WITHIN).isoformat(),
    }
    show_ending = applies(user, m.Penalty)
    ending = (
        permissions.scope(m.Penalty.objects.all(), user)
        .filter(**ending_filter)
        .select_related("agency")
        .order_by("publicity_ends_on", "pk")
    )
    return {
        "agency": agency,
        "central": central,
        "no_agency": agency is None and not central,
        "states": [RecordState(s).label for s in states],
        "counts": counts,
        "pending": pending_sections(user, shown=DASHBOARD_ROWS),
        "show_ending": show_ending,
        "ending": list(ending[:DASHBOARD_ROWS]) if show_ending else [],
        "ending_count": ending.count() if show_ending else 0,
        "ending_url": _changelist(m.Penalty, **ending_filter),
        "ending_days": ENDING_WITHIN.days,
        "objections": objections_waiting(agency, central),
    }


def objections_waiting(agency, central: bool) -> list[dict]:
    """Objections and credit-repair applications waiting for the agency (for
    every agency, for a central administrator)."""
    from registry import redress

    if agency is None and not central:
        return []
    counts = redress.waiting_for(None if central else agency)
    rows = [
        (_("Objections received"), counts["objections_received"], m.Objection, "received"),
        (
            _("Objections under review"),
            counts["objections_under_review"],
            m.Objection,
            "under_review",
        ),
        (
            _("Credit-repair applications"),
            counts["repair_applications"],
            m.RepairApplication,
            "received",
        ),
    ]
    return [
        {"label": label, "count": n, "url": _changelist(model, state__exact=state)}
        for label, n, model, state in rows
        if n
    ]
