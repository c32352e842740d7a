from django.shortcuts import render

from registry.models import Company, CreditList, ListEntry, Penalty


def home(request):
    ctx = {
        "credit_lists": CreditList.objects.order_by("kind", "code"),
        "counts": {
            "companies": Company.objects.count(),
            "penalties": Penalty.objects.count(),
            "open_entries": ListEntry.objects.filter(removed_on__isnull=True).count(),
        },
    }
    return render(request, "publicity/home.html", ctx)
