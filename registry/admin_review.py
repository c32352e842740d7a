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

REVIEWED_MODELS = [m.Penalty, m.Licence, m.ListEntry, m.Rating, m.CourtCase]
# Rows listed per kind of record; the count says how many more wait.
QUEUE_ROWS = 50
ENDING_WITHIN = datetime.timedelta(days=30)


def _url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _changelist(model, **params) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def pending_sections(user) -> list[dict]:
    """Per kind of record: what waits for review, oldest first."""
    sections = []
    for model in REVIEWED_MODELS:
        rows = permissions.scope(model.objects.all(), user).filter(state=RecordState.PENDING)
        count = rows.count()
        if not count:
            continue
        items = [
            {
                "obj": obj,
                "url": _url(obj),
                "submitted_by": obj.submitted_by,
                "submitted_at": obj.submitted_at,
                "mine": user.pk in (obj.entered_by_id, obj.submitted_by_id),
            }
            for obj in rows.select_related("submitted_by").order_by("submitted_at", "pk")[
                :QUEUE_ROWS
            ]
        ]
        sections.append(
            {
                "name": model._meta.verbose_name_plural,
                "count": count,
                "items": items,
                "changelist": _changelist(model, state__exact=RecordState.PENDING),
            }
        )
    removals = permissions.scope(m.RemovalRequest.objects.all(), user).filter(
        state=m.RemovalRequest.State.PENDING
    )
    count = removals.count()
    if count:
        sections.append(
            {
                "name": m.RemovalRequest._meta.verbose_name_plural,
                "count": count,
                "items": [
                    {
                        "obj": req,
                        "url": _url(req),
                        "submitted_by": req.requested_by,
                        "submitted_at": req.created_at,
                        "mine": req.requested_by_id == user.pk,
                    }
                    for req in removals.select_related("requested_by", "entry").order_by(
                        "created_at", "pk"
                    )[:QUEUE_ROWS]
                ],
                "changelist": _changelist(m.RemovalRequest, state__exact="pending"),
            }
        )
    batches = m.ImportBatch.objects.filter(state=m.ImportBatch.State.PENDING)
    if not permissions.is_central(user):
        agency = permissions.staff_agency(user)
        batches = batches.filter(agency=agency) if agency else batches.none()
    count = batches.count()
    if count:
        sections.append(
            {
                "name": m.ImportBatch._meta.verbose_name_plural,
                "count": count,
                "items": [
                    {
                        "obj": batch,
                        "url": _url(batch),
                        "submitted_by": batch.uploaded_by,
                        "submitted_at": batch.created_at,
                        "mine": batch.uploaded_by_id == user.pk,
                    }
                    for batch in batches.select_related("uploaded_by").order_by("created_at", "pk")[
                        :QUEUE_ROWS
                    ]
                ],
                "changelist": _changelist(m.ImportBatch, state__exact="pending"),
            }
        )
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
        if not permissions.may_view(user, model):
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
    ending = (
        permissions.scope(m.Penalty.objects.all(), user)
        .filter(
            state=RecordState.PUBLISHED,
            publicity_ends_on__gte=today,
            publicity_ends_on__lte=today + ENDING_WITHIN,
        )
        .select_related("agency")
        .order_by("publicity_ends_on", "pk")
    )
    return {
        "agency": agency,
        "central": central,
        "no_agency": agency is None and not central,
        "states": [RecordState(s).label for s in states],
        "counts": counts,
        "pending": pending_sections(user),
        "ending": list(ending[:QUEUE_ROWS]),
        "ending_count": ending.count(),
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
