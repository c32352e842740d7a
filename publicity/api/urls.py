"""``/api/v1/``: the resources (``router``), the OpenAPI 3 schema and its
documentation page (Swagger UI from the site's own static files; its init
script from a URL of its own, as the Content-Security-Policy allows no inline
script; the policy lets this page alone show the data: images of Swagger UI's
stylesheet). Every response carries an ``ETag`` (Django's ``ConditionalGetMiddleware``, here per
view): a client that sends it back in ``If-None-Match`` gets a 304."""

from csp.decorators import csp_update
from django.middleware.http import ConditionalGetMiddleware
from django.urls import path
from django.utils.decorators import decorator_from_middleware
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from publicity.api import companies, filings, views

conditional = decorator_from_middleware(ConditionalGetMiddleware)

router = SimpleRouter()
router.register("companies", companies.CompanyViewSet, basename="company")
router.register("penalties", views.PenaltyViewSet, basename="penalty")
router.register("licences", views.LicenceViewSet, basename="licence")
router.register("cases", views.CourtCaseViewSet, basename="case")
router.register("lists", views.CreditListViewSet, basename="list")
router.register("list-entries", views.ListEntryViewSet, basename="list-entry")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("people", views.PersonViewSet, basename="person")
router.register("regions", views.RegionViewSet, basename="region")
router.register("industries", views.IndustryViewSet, basename="industry")
filings.register(router)

app_name = "api"
urlpatterns = [
    path(
        "lists/<slug:list_code>/entries/",
        views.ListEntriesOfList.as_view(),
        name="list-entries",
    ),
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        csp_update({"img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
]
for pattern in urlpatterns:
    pattern.callback = conditional(pattern.callback)
