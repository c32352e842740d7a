"""The person page: the companies a person represents, serves or holds shares
in, and which of them are on a credit list now (joint punishment made
visible). What it shows is ``registry.selectors.people.person_report``'s.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from registry.selectors.ownership import person_ownership
from registry.selectors.people import person_report


def person_detail(request, pk):
    today = timezone.localdate()
    report = person_report(pk, today)
    if report is None:
        raise Http404("No person has this id.")
    person = report.person
    ownership = person_ownership(person, person.companies_owned, today)
    return render(request, "publicity/person_detail.html", {**vars(report), "ownership": ownership})
