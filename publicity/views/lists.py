"""The credit lists: every list, and one list's entries."""

from django.shortcuts import get_object_or_404, render

from registry.models import CreditList


def list_index(request):
    return render(request, "publicity/list_index.html", {"credit_lists": CreditList.objects.all()})


def list_detail(request, code):
    credit_list = get_object_or_404(CreditList, code=code)
    return render(request, "publicity/list_detail.html", {"credit_list": credit_list})
