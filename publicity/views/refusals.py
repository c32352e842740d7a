"""The pages of a request over its rate limit (``publicity.ratelimit``): a 429
with ``Retry-After``, in the site's style and language, saying how many a
period, when to come back, and that nothing else is asked."""

import math

from django.shortcuts import render

from publicity.ratelimit import Refusal


def too_many_searches(request, refusal: Refusal):
    ctx = {"limit": refusal.limit, "seconds": refusal.retry_after}
    return _refused(request, "publicity/too_many_requests.html", ctx, refusal)


def too_many_downloads(request, refusal: Refusal):
    ctx = {"limit": refusal.limit, "minutes": math.ceil(refusal.retry_after / 60)}
    return _refused(request, "publicity/too_many_downloads.html", ctx, refusal)


def _refused(request, template_name, ctx, refusal: Refusal):
    response = render(request, template_name, ctx, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def too_many_reports(request, refusal: Refusal):
    ctx = {"limit": refusal.limit, "seconds": refusal.retry_after}
    return _refused(request, "publicity/too_many_reports.html", ctx, refusal)
