"""Objections to public records (异议) and credit-repair applications (信用修复).

Anyone may object to a record the public can see; a company may apply to end
a penalty's publicity early once its minimum period has passed. Both forms
are POST forms with CSRF protection, a honeypot field and a per-client limit
(``REDRESS_RATE_LIMIT`` sendings an hour, ``publicity.ratelimit.FORMS``); no
captcha, no account. The sender gets a reference number and
a public status page for it; the contact they give is never shown there.
"""

import math

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from publicity import ratelimit
from publicity.redress_forms import ObjectionForm, ReferenceForm, RepairForm
from registry import services
from registry.models import DeregistrationObjection, Objection, RepairApplication
from registry.models.redress import RECORD_KINDS, normalize_reference


def _limit_refusal(form, refusal: ratelimit.Refusal) -> None:
    """The form comes back as it was typed, with the limit explained at the top."""
    minutes = math.ceil(refusal.retry_after / 60)
    form.add_error(
        None,
        ngettext(
            "This address has sent more than %(limit)s form in the last hour. Please wait "
            "about %(minutes)s minutes, then send it again: what you typed is kept below. "
            "No login and no captcha: the limit keeps programs from flooding the agencies.",
            "This address has sent more than %(limit)s forms in the last hour. Please wait "
            "about %(minutes)s minutes, then send it again: what you typed is kept below. "
            "No login and no captcha: the limit keeps programs from flooding the agencies.",
            refusal.limit,
        )
        % {"limit": refusal.limit, "minutes": minutes},
    )


def _handle_post(request, form_class, prefix: str, send):
    """Count the sending, refuse it past the limit or when the honeypot is
    filled (the form back with what was typed), else validate and ``send``
    the cleaned data. Returns (form, redirect or None, HTTP status, the
    rate limit's refusal or None)."""
    refusal = ratelimit.hit(request, ratelimit.FORMS)
    if refusal:
        form = form_class(_without_honeypot(request.POST), auto_id=prefix)
        form.is_valid()
        _limit_refusal(form, refusal)
        return form, None, 429, refusal
    form = form_class(request.POST, auto_id=prefix)
    if form.caught_in_honeypot:
        form = form_class(_without_honeypot(request.POST), auto_id=prefix)
        form.is_valid()
        _honeypot_refusal(form)
        return form, None, 400, None
    if form.is_valid():
        try:
            done = send(form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return form, redirect(f"{done.get_absolute_url()}?sent=1"), 302, None
    return form, None, 400, None


def _with_retry_after(response, refusal):
    if refusal:
        response["Retry-After"] = str(refusal.retry_after)
    return response


def _public_record(kind: str, pk: int, today):
    model = RECORD_KINDS.get(kind)
    if model is None:
        raise Http404("No such kind of record.")
    queryset = model.objects.public(today)
    related = {
        "penalty": ["company", "agency"],
        "licence": ["company", "agency"],
        "entry": ["company", "credit_list", "authority"],
        "case": ["court"],
        "rating": ["company", "scheme__agency"],
    }[kind]
    record = queryset.select_related(*related).filter(pk=pk).first()
    if record is None:
        raise Http404("No public record of this kind has this number.")
    return record


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: next to its field, or at the top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _honeypot_refusal(form) -> None:
    form.add_error(
        None,
        _(
            "Your form could not be sent. Check your answers and send it again; if this "
            "happens again, contact the agency directly."
        ),
    )


def objection_new(request, kind, pk):
    today = timezone.localdate()
    record = _public_record(kind, pk, today)
    form, status, refusal = ObjectionForm(auto_id="objection-%s"), 200, None
    if request.method == "POST":

        def send(data):
            return services.objection_submit(
                record=record,
                grounds=data["grounds"],
                description=data["description"],
                contact=data["contact"],
                today=today,
            )

        form, done, status, refusal = _handle_post(request, ObjectionForm, "objection-%s", send)
        if done:
            return done
    ctx = {"form": form, "record": record, "kind": kind, "company": _company_of(record)}
    response = render(request, "publicity/redress/objection_form.html", ctx, status=status)
    return _with_retry_after(response, refusal)


def _without_honeypot(data):
    data = data.copy()
    data["website"] = ""
    return data


def _company_of(record):
    return getattr(record, "company", None)


def objection_status(request, reference):
    objection = get_object_or_404(
        Objection.objects.select_related(
            "agency",
            "penalty__company",
            "licence__company",
            "list_entry__company",
            "list_entry__credit_list",
            "court_case",
            "rating__company",
            "rating__scheme",
        ),
        reference=normalize_reference(reference),
    )
    ctx = {
        "objection": objection,
        "record": objection.record,
        "kind": objection.record_kind,
        "company": _company_of(objection.record),
        "sent": request.GET.get("sent") == "1",
    }
    return render(request, "publicity/redress/objection_status.html", ctx)


def repair_new(request, pk):
    today = timezone.localdate()
    penalty = _public_record("penalty", pk, today)
    allowed_from = services.repair_allowed_from(penalty)
    form, status, refusal = RepairForm(auto_id="repair-%s"), 200, None
    if request.method == "POST":

        def send(data):
            return services.repair_apply(
                penalty=penalty,
                applicant=data["applicant"],
                evidence=data["evidence"],
                contact=data["contact"],
                today=today,
            )

        form, done, status, refusal = _handle_post(request, RepairForm, "repair-%s", send)
        if done:
            return done
    ctx = {
        "form": form,
        "record": penalty,
        "company": penalty.company,
        "allowed_from": allowed_from,
        # Before the date the page says so instead of showing the form; a
        # form sent all the same is refused by the service with the date.
        "too_early": today < allowed_from and not form.is_bound,
    }
    response = render(request, "publicity/redress/repair_form.html", ctx, status=status)
    return _with_retry_after(response, refusal)


def repair_status(request, reference):
    application = get_object_or_404(
        RepairApplication.objects.select_related("agency", "penalty__company"),
        reference=normalize_reference(reference),
    )
    ctx = {
        "application": application,
        "record": application.penalty,
        "company": application.penalty.company,
        "sent": request.GET.get("sent") == "1",
    }
    return render(request, "publicity/redress/repair_status.html", ctx)


def follow(request):
    """Find an objection or an application by its reference number."""
    form = ReferenceForm(request.GET or None, auto_id="follow-%s")
    if form.is_valid():
        reference = normalize_reference(form.cleaned_data["reference"])
        for model in (Objection, RepairApplication, DeregistrationObjection):
            found = model.objects.filter(reference=reference).only("reference").first()
            if found is not None:
                return redirect(found)
        form.add_error(
            "reference",
            _(
                "No objection or application has this reference number. Check it against "
                "your confirmation: it looks like 26-K7QF-3MWD."
            ),
        )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "publicity/redress/follow.html", {"form": form}, status=status)
