"""The pages the footer links to: About, Data sources and update times,
Privacy, Accessibility statement and Contact. Plain text pages; what they
say about the site's own behaviour comes from the settings that decide it
(cache times, rate limits, the operator's name and contact)."""

from django.conf import settings
from django.shortcuts import render

from registry.models import CreditList

PAGES = {
    "about": "publicity/about/about.html",
    "data": "publicity/about/data_sources.html",
    "privacy": "publicity/about/privacy.html",
    "accessibility": "publicity/about/accessibility.html",
    "contact": "publicity/about/contact.html",
}


def _ctx(page: str) -> dict:
    ctx = {
        "contact_email": settings.SITE_CONTACT_EMAIL,
        "contact_address": settings.SITE_CONTACT_ADDRESS,
        "log_days": settings.SITE_LOG_RETENTION_DAYS,
        "search_limit": settings.SEARCH_RATE_LIMIT,
        "download_limit": settings.DOWNLOAD_RATE_LIMIT,
        "redress_limit": settings.REDRESS_RATE_LIMIT,
        "company_minutes": settings.COMPANY_PAGE_CACHE_SECONDS // 60,
        "search_seconds": settings.SEARCH_PAGE_CACHE_SECONDS,
        "change_seconds": settings.SEARCH_PAGE_CHANGE_SECONDS,
        "public_seconds": settings.PUBLIC_CACHE_SECONDS,
        "notify": settings.PAGE_CACHE_FRESHNESS == "notify",
        "removed_days": settings.REMOVED_LIST_ENTRY_PUBLICITY_DAYS,
    }
    if page == "data":
        ctx["credit_lists"] = CreditList.objects.order_by("kind", "id")
    return ctx


def about_page(request, page: str):
    return render(request, PAGES[page], _ctx(page))
