"""Helpers of the page cache's tests (test_page_cache.py, test_page_cache_notified.py):
a company page or a search page as a reader gets it."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation


def recent(days=10):
    return timezone.localdate() - datetime.timedelta(days=days)


def company_url(company, language="zh-hans"):
    with translation.override(language):
        return reverse("publicity:company-detail", args=[company.uscc])


def company_page(client, company, language="zh-hans", **extra):
    response = client.get(company_url(company, language), **extra)
    assert response.status_code == 200
    return response


def page_text(client, company, language="zh-hans"):
    return company_page(client, company, language).content.decode()


def search(client, q, **extra):
    with translation.override("en"):
        url = reverse("publicity:search")
    response = client.get(url, {"q": q}, **extra)
    assert response.status_code == 200
    return response.content.decode()
