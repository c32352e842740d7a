"""The company page: everything public about one company, by its credit code."""

from django.http import Http404
from django.shortcuts import redirect, render

from registry import uscc as uscc_codes
from registry.models import Company


def company_detail(request, uscc):
    code = uscc_codes.normalize(uscc)
    if code != uscc:
        return redirect("publicity:company-detail", uscc=code, permanent=True)
    try:
        company = Company.objects.get(uscc=code)
    except Company.DoesNotExist:
        raise Http404("No company with this credit code.") from None
    return render(request, "publicity/company_detail.html", {"company": company})
