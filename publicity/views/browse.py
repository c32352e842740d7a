"""Browsing for journalists: public penalties and court cases."""

from django.shortcuts import render


def penalty_list(request):
    return render(request, "publicity/penalty_list.html", {})


def case_list(request):
    return render(request, "publicity/case_list.html", {})
