"""Companies: the site's search (``registry.selectors.search.search_page``:
the same matching, filters and ranking as the search page, validated by the
same form and filter set), and one company with every public section
(``registry.selectors.company.company_report``).

Without a query or a filter the list walks every company by credit code
(cursor paging). A search is ranked, so it pages by number instead, as the
search page does: ``page`` 1 to ``MAX_PAGES`` of ``PAGE_SIZE`` among at most
``COUNT_CAP`` candidates: never a deep offset."""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from publicity.api import pagination
from publicity.api import serializers as s
from publicity.api.annual_reports import ANNUAL_REPORTS_SCHEMA, annual_reports_data
from publicity.api.filings import FILING_FIELDS, FilingFields
from publicity.api.views import PublicMixin
from publicity.filters import CompanySearchFilter
from publicity.forms import SearchForm
from registry.models import Company, Officer
from registry.paging import CappedCount
from registry.selectors.company import company_report
from registry.selectors.search import COUNT_CAP, MAX_PAGES, PAGE_SIZE, search_page
from registry.uscc import normalize

SEARCH_PARAMETERS = [
    "q",
    "sort",
    "province",
    "city",
    "industry",
    "status",
    "entity_type",
    "established_from",
    "established_to",
    "on_list",
]

FORMER_NAMES_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "used_from": {"type": "string", "format": "date", "nullable": True},
            "used_until": {"type": "string", "format": "date", "nullable": True},
        },
    },
}

_DATE = {"type": "string", "format": "date", "nullable": True}
_URL = {"type": "string", "format": "uri", "nullable": True}
_TEXT = {"type": "string"}
_NUMBER = {"type": "string", "nullable": True, "description": "A decimal number."}


def _array_of(**properties):
    return {"type": "array", "items": {"type": "object", "properties": properties}}


RATINGS_SCHEMA = _array_of(
    scheme=_TEXT,
    scheme_name=_TEXT,
    scheme_name_en=_TEXT,
    agency=_URL,
    grade=_TEXT,
    period=_TEXT,
    rated_on=_DATE,
    valid_until=_DATE,
)
OFFICERS_SCHEMA = _array_of(role=s.LABEL_SCHEMA, name=_TEXT, person=_URL, since=_DATE, until=_DATE)
SHAREHOLDERS_SCHEMA = _array_of(
    name=_TEXT,
    person=_URL,
    company=_URL,
    share_percent=_NUMBER,
    subscribed_amount=_NUMBER,
    currency=_TEXT,
    subscribed_on=_DATE,
)


class CompanyReportSerializer(FilingFields, s.CompanySummarySerializer):
    """One company with every public section of its page."""

    former_names = serializers.SerializerMethodField()
    penalties = serializers.SerializerMethodField()
    licences = serializers.SerializerMethodField()
    court_cases = serializers.SerializerMethodField()
    list_entries = serializers.SerializerMethodField()
    ratings = serializers.SerializerMethodField()
    officers = serializers.SerializerMethodField()
    shareholders = serializers.SerializerMethodField()
    branches = serializers.SerializerMethodField()
    annual_reports = serializers.SerializerMethodField()
    head_office = s.CompanyLink(source="head_office.uscc", default=None)

    class Meta(s.CompanySummarySerializer.Meta):
        fields = [*s.CompanySummarySerializer.Meta.fields, "registered_capital", "currency"]
        fields += ["term_start", "term_end", "address", "business_scope", "head_office"]
        fields += ["former_names", "penalties", "licences", "court_cases", "list_entries"]
        fields += [
            "ratings",
            "officers",
            "shareholders",
            "branches",
            "annual_reports",
            *FILING_FIELDS,
        ]

    def _many(self, serializer, records):
        return serializer(records, many=True, context=self.context).data

    @extend_schema_field(FORMER_NAMES_SCHEMA)
    def get_former_names(self, company):
        return [
            {"name": former.name, "used_from": former.used_from, "used_until": former.used_until}
            for former in company.former_names.all()
        ]

    def get_penalties(self, company) -> s.PenaltySerializer(many=True):
        return self._many(s.PenaltySerializer, self.context["report"].penalties)

    def get_licences(self, company) -> s.LicenceSerializer(many=True):
        return self._many(s.LicenceSerializer, self.context["report"].licences)

    def get_court_cases(self, company) -> s.CourtCaseSerializer(many=True):
        return self._many(s.CourtCaseSerializer, self.context["report"].cases)

    def get_list_entries(self, company) -> s.ListEntrySerializer(many=True):
        return self._many(s.ListEntrySerializer, self.context["report"].list_entries)

    def _link(self, name, key):
        return s.api_url(self.context["request"], name, key) if key is not None else None

    @extend_schema_field(RATINGS_SCHEMA)
    def get_ratings(self, company):
        return [
            {
                "scheme": rating.scheme.code,
                "scheme_name": rating.scheme.name,
                "scheme_name_en": rating.scheme.name_en,
                "agency": self._link("agency-detail", rating.scheme.agency_id),
                "grade": rating.grade,
                "period": rating.period,
                "rated_on": rating.rated_on,
                "valid_until": rating.valid_until,
            }
            for rating in self.context["report"].ratings
        ]

    @extend_schema_field(OFFICERS_SCHEMA)
    def get_officers(self, company):
        roles = Officer.Role.choices
        return [
            {
                "role": s.label(roles, officer.role),
                "name": officer.person.name,
                "person": self._link("person-detail", officer.person_id),
                "since": officer.since,
                "until": officer.until,
            }
            for officer in company.officers.all()
        ]

    @extend_schema_field(SHAREHOLDERS_SCHEMA)
    def get_shareholders(self, company):
        return [
            {
                "name": (holding.holder_person or holding.holder_company).name,
                "person": self._link("person-detail", holding.holder_person_id),
                "company": self._link(
                    "company-detail", getattr(holding.holder_company, "uscc", None)
                ),
                "share_percent": _decimal(holding.share_percent),
                "subscribed_amount": _decimal(holding.subscribed_amount),
                "currency": holding.currency,
                "subscribed_on": holding.subscribed_on,
            }
            for holding in company.shareholdings.all()
        ]

    @extend_schema_field(ANNUAL_REPORTS_SCHEMA)
    def get_annual_reports(self, company):
        return annual_reports_data(self.context["report"].annual_reports)

    @extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri"}})
    def get_branches(self, company):
        return [self._link("company-detail", branch.uscc) for branch in company.branches.all()]


def _decimal(value):
    return None if value is None else str(value)


class CompanyViewSet(PublicMixin, viewsets.ReadOnlyModelViewSet):
    """Companies: the site's search, or every company by credit code."""

    # Without a search, the results have no ``matched_by`` ("").
    serializer_class = s.SearchResultSerializer
    pagination_class = pagination.UsccPagination
    lookup_field = "uscc"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return Company.objects.select_related("region", "industry")

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="As in the search box."),
            OpenApiParameter(
                "sort", OpenApiTypes.STR, enum=[value for value, _label in SearchForm.SORT_CHOICES]
            ),
            OpenApiParameter("province", OpenApiTypes.STR, description="A region code."),
            OpenApiParameter("city", OpenApiTypes.STR, description="A region code."),
            OpenApiParameter("industry", OpenApiTypes.STR, description="An industry code."),
            OpenApiParameter("status", OpenApiTypes.STR, enum=Company.Status.values),
            OpenApiParameter("entity_type", OpenApiTypes.STR, enum=Company.EntityType.values),
            OpenApiParameter("established_from", OpenApiTypes.INT, description="A year."),
            OpenApiParameter("established_to", OpenApiTypes.INT, description="A year."),
            OpenApiParameter("on_list", OpenApiTypes.STR, description="A list code, or black."),
            OpenApiParameter(
                "page",
                OpenApiTypes.INT,
                description=f"With a search: 1 to {MAX_PAGES}.",
            ),
        ],
        responses=s.SearchResultSerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        if not any(request.query_params.get(name) for name in SEARCH_PARAMETERS):
            return super().list(request, *args, **kwargs)
        return self._search(request)

    def _search(self, request):
        data = QueryDict(mutable=True)
        for name in SEARCH_PARAMETERS:
            if name in request.query_params:
                data[name] = request.query_params[name]
        form = SearchForm(data)
        filterset = CompanySearchFilter(data, queryset=Company.objects.none())
        page = _page_asked(request)
        if not (form.is_valid() and filterset.is_valid()):
            errors = {**form.errors, **filterset.form.errors}
            raise ValidationError({name: list(messages) for name, messages in errors.items()})
        found = search_page(
            form.cleaned_data["q"],
            filterset.form.cleaned_data,
            sort=form.cleaned_data["sort"] or SearchForm.Sort.RELEVANCE,
            page=page,
            today=timezone.localdate(),
        )
        if found is not None and found.code_company:
            # A whole credit code: the search page goes to the company; here it is the one result.
            results = list(self.get_queryset().filter(pk=found.code_company.pk))
            count = len(results)
        elif found is not None:
            results, count = found.results, found.count
        else:
            results, count = [], 0
        url = request.build_absolute_uri()
        last = max(1, min(MAX_PAGES, -(-min(count, COUNT_CAP) // PAGE_SIZE)))
        body = {
            **pagination.count_fields(CappedCount(count, COUNT_CAP)),
            "next": replace_query_param(url, "page", page + 1) if page < last else None,
            "previous": (
                None
                if page == 1
                else remove_query_param(url, "page")
                if page == 2
                else replace_query_param(url, "page", page - 1)
            ),
            "results": s.SearchResultSerializer(
                results, many=True, context=self.get_serializer_context()
            ).data,
        }
        return Response(body)

    @extend_schema(responses=CompanyReportSerializer)
    def retrieve(self, request, *args, **kwargs):
        today = timezone.localdate()
        report = company_report(normalize(kwargs["uscc"]), today)
        if report is None:
            raise NotFound(_("No company has this credit code."))
        context = {**self.get_serializer_context(), "report": report}
        return Response(CompanyReportSerializer(report.company, context=context).data)


def _page_asked(request) -> int:
    raw = request.query_params.get("page", "")
    if raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGES:
        raise ValidationError(
            {"page": [_("A whole number from 1 to %(maximum)s.") % {"maximum": MAX_PAGES}]}
        )
    return int(raw)
