"""Objections to a simplified deregistration (简易注销异议).

During a notice's 20 days (both ends included: ``registry.publicity_rules``)
anyone may object online, without an account; the form is rate-limited and
honeypot-protected like the record objections (``publicity.views.redress``,
whose machinery it reuses). Outside the period the page says the period is
over (before it begins, the notice is not public: 404). The objector gets a
reference number and a status page; the contact is never shown.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from publicity.deregistration_forms import DeregistrationObjectionForm
from publicity.views.redress import _handle_post, _with_retry_after
from registry.models import DeregistrationNotice, DeregistrationObjection
from registry.models.redress import normalize_reference
from registry.services.deregistration import deregistration_objection_submit

PREFIX = "deregistration-objection-%s"


def objection_new(request, pk):
    today = timezone.localdate()
    notice = (
        DeregistrationNotice.objects.public(today)
        .select_related("company", "agency")
        .filter(pk=pk)
        .first()
    )
    if notice is None:
        raise Http404("No public deregistration notice has this number.")
    ctx = {"notice": notice, "company": notice.company}
    if not notice.objections_open(today):
        return render(request, "publicity/deregistration/period_over.html", ctx, status=410)
    form, status, refusal = DeregistrationObjectionForm(auto_id=PREFIX), 200, None
    if request.method == "POST":

        def send(data):
            return deregistration_objection_submit(
                notice=notice,
                objector_kind=data["objector_kind"],
                reason=data["reason"],
                contact=data["contact"],
                today=today,
            )

        form, done, status, refusal = _handle_post(
            request, DeregistrationObjectionForm, PREFIX, send
        )
        if done:
            return done
    ctx["form"] = form
    response = render(request, "publicity/deregistration/objection_form.html", ctx, status=status)
    return _with_retry_after(response, refusal)


def objection_status(request, reference):
    objection = get_object_or_404(
        DeregistrationObjection.objects.select_related("agency", "notice", "company"),
        reference=normalize_reference(reference),
    )
    ctx = {
        "objection": objection,
        "notice": objection.notice,
        "company": objection.company,
        "sent": request.GET.get("sent") == "1",
    }
    return render(request, "publicity/deregistration/objection_status.html", ctx)
