"""Credit reports (信用报告, ``publicity.reports``): the PDF of a company's
report, the page that verifies a report by its number, its canonical
content as JSON, and a form to look a number up.

Every request here counts against the client's ``REPORT_RATE_LIMIT`` (a
minute, ``publicity.ratelimit.REPORTS``): a PDF takes a fraction of a second
to draw, and a page per number must not be a way to try numbers in bulk.
A PDF that cannot be drawn raises: the site's error view answers (no report
is kept for it).
"""

import logging

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from publicity import ratelimit
from publicity.forms import ReportNumberForm
from publicity.models import IssuedReport
from publicity.reports import issuing, pdf, verification
from publicity.views import refusals
from registry import uscc as uscc_codes

logger = logging.getLogger(__name__)


def _limited(request):
    refusal = ratelimit.hit(request, ratelimit.REPORTS)
    return refusals.too_many_reports(request, refusal) if refusal else None


def company_report_pdf(request, uscc):
    """Issue a new report on the company and send its PDF."""
    code = uscc_codes.normalize(uscc)
    if uscc_codes.check(code) is not None:
        raise Http404("Not a credit code.")
    if code != uscc:
        return redirect("publicity:company-report-pdf", uscc=code, permanent=True)
    refused = _limited(request)
    if refused:
        return refused
    language = "en" if translation.get_language() == "en" else "zh-hans"
    # The PDF is drawn inside the transaction that keeps the report: a PDF
    # that fails leaves no number behind that no paper carries.
    try:
        with transaction.atomic():
            issued = issuing.report_issue(uscc=code, language=language)
            if issued is None:
                raise Http404("No company has this credit code.")
            document = pdf.render_pdf(
                issued,
                verify_url=request.build_absolute_uri(issued.get_absolute_url()),
                page_url=request.build_absolute_uri(issued.company.get_absolute_url()),
            )
    except pdf.Unavailable as missing:
        logger.error("Credit reports cannot be drawn: %s", missing)
        ctx = {"company_url": reverse("publicity:company-detail", args=[code])}
        return render(request, "publicity/report/unavailable.html", ctx, status=503)
    logger.info("Credit report %s issued on %s (%s).", issued.number, code, language)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="credit-report-{code}.pdf"'
    # Each download is a new report with a number of its own: never kept.
    response["Cache-Control"] = "private, no-store"
    response["X-Report-Number"] = issued.number
    return response


def _issued(number):
    normal = issuing.normalize_number(number)
    if normal is None:
        raise Http404("Not a report number.")
    return normal, get_object_or_404(IssuedReport.objects.select_related("company"), number=normal)


def report_detail(request, number):
    """What the report numbered ``number`` held, whether it is genuine and
    whether the company's record changed since."""
    refused = _limited(request)
    if refused:
        return refused
    normal, issued = _issued(number)
    if normal != number:
        return redirect(issued, permanent=True)
    verdict = verification.verify(issued, today=timezone.localdate())
    ctx = {
        "issued": issued,
        "verdict": verdict,
        "content": verdict.content,
        "report_lang": "en" if issued.language == "en" else "zh-Hans",
        "form": ReportNumberForm(auto_id="report-%s"),
    }
    response = render(request, "publicity/report/detail.html", ctx)
    # The verdict reads the record of now: never kept by a shared cache.
    response["Cache-Control"] = "no-cache"
    return response


def report_content(request, number):
    """The canonical content kept for the report, byte for byte as hashed
    (``sha256sum`` of the file gives the report's SHA-256 while it is genuine)."""
    refused = _limited(request)
    if refused:
        return refused
    normal, issued = _issued(number)
    if normal != number:
        return redirect("publicity:report-content", number=normal, permanent=True)
    response = HttpResponse(issued.content.encode("utf-8"), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{issued.number}.json"'
    return response


def report_lookup(request):
    """Find a report by the number printed on it."""
    form = ReportNumberForm(request.GET or None, auto_id="report-%s")
    if form.is_bound:
        refused = _limited(request)
        if refused:
            return refused
    if form.is_valid():
        normal = issuing.normalize_number(form.cleaned_data["number"])
        if normal is None:
            form.add_error(
                "number",
                _(
                    "This is not a report number: it looks like CR20261203-K7QF3-MWD9X "
                    "(CR, the day of issue, then ten letters and digits)."
                ),
            )
        elif IssuedReport.objects.filter(number=normal).exists():
            return redirect("publicity:report-detail", number=normal)
        else:
            form.add_error(
                "number",
                _(
                    "No report has this number. Check it against the paper: it looks like "
                    "CR20261203-K7QF3-MWD9X."
                ),
            )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "publicity/report/lookup.html", {"form": form}, status=status)
