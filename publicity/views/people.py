"""The person page: the companies a person represents, serves or owns."""

from django.shortcuts import get_object_or_404, render

from registry.models import Person


def person_detail(request, pk):
    person = get_object_or_404(Person, pk=pk)
    return render(request, "publicity/person_detail.html", {"person": person})
