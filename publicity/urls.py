from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from publicity import sitemaps, views
from publicity.feeds import pages as feeds
from publicity.views import (
    about,
    agencies,
    browse,
    companies,
    data,
    deregistration,
    lists,
    people,
    records,
    redress,
    reports,
    robots,
    search,
    statistics,
)
from registry.admin import review_queue

# The public pages. Each part of the site adds its routes under its own
# comment; names are used with the "publicity:" namespace.
public_patterns = [
    path("", views.home, name="home"),
    # search
    path("search/", search.search, name="search"),
    # companies and people
    path("companies/<str:uscc>/", companies.company_detail, name="company-detail"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    # lists, penalties, cases and agencies
    path("lists/", lists.list_index, name="list-index"),
    path("lists/<slug:code>/", lists.list_detail, name="list-detail"),
    path("penalties/", browse.penalty_list, name="penalty-list"),
    path("cases/", browse.case_list, name="case-list"),
    path("agencies/<int:pk>/", agencies.agency_detail, name="agency-detail"),
    # a page per record, at a permanent address (410 Gone once no longer public)
    path("penalties/<int:pk>/", records.penalty_detail, name="penalty-detail"),
    path("licences/<int:pk>/", records.licence_detail, name="licence-detail"),
    path("cases/<int:pk>/", records.case_detail, name="case-detail"),
    path(
        "lists/<slug:code>/entries/<int:pk>/",
        records.list_entry_detail,
        name="list-entry-detail",
    ),
    # open data: the bulk dumps and what the downloads hold
    path("data/", data.data_page, name="data"),
    path("data/dumps/<str:name>", data.dump_file, name="dump-file"),
    # objections and credit repair
    path("objections/<slug:kind>/<int:pk>/new/", redress.objection_new, name="objection-new"),
    path("objections/<str:reference>/", redress.objection_status, name="objection-status"),
    path("credit-repair/penalties/<int:pk>/new/", redress.repair_new, name="repair-new"),
    path("credit-repair/<str:reference>/", redress.repair_status, name="repair-status"),
    path(
        "deregistration/<int:pk>/objections/new/",
        deregistration.objection_new,
        name="deregistration-objection-new",
    ),
    path(
        "deregistration/objections/<str:reference>/",
        deregistration.objection_status,
        name="deregistration-objection-status",
    ),
    path("follow/", redress.follow, name="redress-follow"),
    # about the site: the footer's pages
    path("about/", about.about_page, {"page": "about"}, name="about"),
    path("about/data-sources/", about.about_page, {"page": "data"}, name="about-data"),
    path("about/privacy/", about.about_page, {"page": "privacy"}, name="about-privacy"),
    path(
        "about/accessibility/",
        about.about_page,
        {"page": "accessibility"},
        name="about-accessibility",
    ),
    path("about/contact/", about.about_page, {"page": "contact"}, name="about-contact"),
    # feeds (Atom) of the pages above
    path("companies/<str:uscc>/feed/", feeds.CompanyFeed(), name="company-feed"),
    path("people/<int:pk>/feed/", feeds.PersonFeed(), name="person-feed"),
    path("lists/<slug:code>/feed/", feeds.ListFeed(), name="list-feed"),
    path("agencies/<int:pk>/feed/", feeds.AgencyFeed(), name="agency-feed"),
    path("penalties/feed/", feeds.PenaltyFeed(), name="penalty-feed"),
    # credit reports: the PDF, and the page that verifies one by its number
    path(
        "companies/<str:uscc>/report.pdf",
        reports.company_report_pdf,
        name="company-report-pdf",
    ),
    path("reports/", reports.report_lookup, name="report-lookup"),
    path("reports/<str:number>/", reports.report_detail, name="report-detail"),
    path("reports/<str:number>/content.json", reports.report_content, name="report-content"),
    # statistics: the page, each chart's SVG and each table's CSV (same filters)
    path("statistics/", statistics.statistics_page, name="statistics"),
    path("statistics/<slug:chart>.svg", statistics.chart_svg, name="statistics-svg"),
    path("statistics/<slug:chart>.csv", statistics.chart_csv, name="statistics-csv"),
]

# Error pages that never read a request's body again (publicity/views/errors.py).
handler400 = "publicity.views.errors.bad_request"
handler404 = "publicity.views.errors.page_not_found"
handler500 = "publicity.views.errors.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # For crawlers: robots.txt and the sitemaps (publicity/sitemaps.py), in no language.
    path("robots.txt", robots.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("sitemap-pages.xml", sitemaps.pages, name="sitemap-pages"),
    path("sitemap-<slug:section>-<int:number>.xml", sitemaps.section, name="sitemap-section"),
    # The JSON API (publicity/api): one address for every language.
    path("api/v1/", include("publicity.api.urls")),
    # The agency workspace's review queue, inside the admin (its login and checks).
    path(
        f"{settings.ADMIN_PATH}review/",
        admin.site.admin_view(review_queue.review_queue),
        name="review-queue",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    *i18n_patterns(
        path("", include((public_patterns, "publicity"))),
        prefix_default_language=False,
    ),
]
