"""The search page: one box for names, pinyin, people and credit codes."""

from django.shortcuts import render


def search(request):
    ctx = {"query": request.GET.get("q", "")}
    return render(request, "publicity/search.html", ctx)
