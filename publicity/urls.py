from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from publicity import views
from publicity.views import agencies, browse, companies, data, lists, people, redress, search
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
    # open data: the bulk dumps and what the downloads hold
    path("data/", data.data_page, name="data"),
    path("data/dumps/<str:name>", data.dump_file, name="dump-file"),
    # objections and credit repair
    path("objections/<slug:kind>/<int:pk>/new/", redress.objection_new, name="objection-new"),
    path("objections/<str:reference>/", redress.objection_status, name="objection-status"),
    path("credit-repair/penalties/<int:pk>/new/", redress.repair_new, name="repair-new"),
    path("credit-repair/<str:reference>/", redress.repair_status, name="repair-status"),
    path("follow/", redress.follow, name="redress-follow"),
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
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
