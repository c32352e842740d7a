"""The API's resources: thin read-only views over the models' ``public(today)``
querysets and the selectors the pages use (``company_report``, the search
page's ``search_page``). What the public may see is decided there, never here.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.exceptions import NotFound

from publicity.api import pagination
from publicity.api import serializers as s
from publicity.api.filters import CaseQuery, LicenceQuery, ListEntryQuery, PenaltyQuery
from registry.models import (
    Agency,
    CaseParty,
    CourtCase,
    CreditList,
    Industry,
    Licence,
    ListEntry,
    Penalty,
    PenaltyCategory,
    Person,
    Region,
)


class PublicMixin:
    """GET only; errors in the client's language; marked for caches
    (``public, max-age=PUBLIC_CACHE_SECONDS``, ``Vary: Accept-Language``);
    ``ETag`` and 304 come from the URLconf (``urls.conditional``)."""

    http_method_names = ["get", "head", "options"]
    query_class = None  # a serializer of the query string's filters

    def initial(self, request, *args, **kwargs):
        # Messages (errors) in the language the client asks for (Accept-Language):
        # the API's addresses have no language prefix. Chinese by default.
        translation.activate(translation.get_language_from_request(request, check_path=False))
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept-Language"])
        seconds = settings.PUBLIC_CACHE_SECONDS
        if response.status_code == 200 and seconds > 0:
            patch_cache_control(response, public=True, max_age=seconds)
        return response

    def today(self):
        return timezone.localdate()

    def filtered(self, queryset):
        if self.query_class is None or self.action != "list":
            return queryset
        query = self.query_class(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.apply(queryset)


class ReadOnly(PublicMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = pagination.KeysetPagination


class RegionViewSet(ReadOnly):
    """Administrative divisions (GB/T 2260), by code."""

    queryset = Region.objects.select_related("parent")
    serializer_class = s.RegionSerializer
    pagination_class = pagination.CodePagination
    lookup_field = "code"


class IndustryViewSet(ReadOnly):
    """Industries (GB/T 4754 sections and divisions), by code."""

    queryset = Industry.objects.select_related("parent")
    serializer_class = s.IndustrySerializer
    pagination_class = pagination.CodePagination
    lookup_field = "code"


class AgencyViewSet(ReadOnly):
    """Agencies and courts that publish records."""

    queryset = Agency.objects.select_related("region")
    serializer_class = s.AgencySerializer


class CreditListViewSet(ReadOnly):
    """The credit lists (red and black lists), by code."""

    queryset = CreditList.objects.all()
    serializer_class = s.CreditListSerializer
    pagination_class = pagination.CodePagination
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"


class PersonViewSet(ReadOnly):
    """People named in the registry: their name and masked ID number only."""

    queryset = Person.objects.all()
    serializer_class = s.PersonSerializer


@extend_schema_view(list=extend_schema(parameters=[PenaltyQuery]))
class PenaltyViewSet(ReadOnly):
    """Administrative penalties in their publicity period."""

    serializer_class = s.PenaltySerializer
    query_class = PenaltyQuery

    def get_queryset(self):
        categories = PenaltyCategory.objects.order_by("id")
        queryset = (
            Penalty.objects.public(self.today())
            .select_related("company")
            .prefetch_related(Prefetch("categories", categories))
        )
        return self.filtered(queryset)


@extend_schema_view(list=extend_schema(parameters=[LicenceQuery]))
class LicenceViewSet(ReadOnly):
    """Administrative licences."""

    serializer_class = s.LicenceSerializer
    query_class = LicenceQuery

    def get_queryset(self):
        return self.filtered(Licence.objects.public(self.today()).select_related("company"))


@extend_schema_view(list=extend_schema(parameters=[CaseQuery]))
class CourtCaseViewSet(ReadOnly):
    """Court cases, with their parties."""

    serializer_class = s.CourtCaseSerializer
    query_class = CaseQuery

    def get_queryset(self):
        parties = CaseParty.objects.select_related("company").order_by("id")
        queryset = CourtCase.objects.public(self.today()).prefetch_related(
            Prefetch("parties", parties)
        )
        return self.filtered(queryset)


@extend_schema_view(list=extend_schema(parameters=[ListEntryQuery]))
class ListEntryViewSet(ReadOnly):
    """Entries of the credit lists, public on today's date; with ``view``,
    those a list's page shows, with its filters."""

    serializer_class = s.ListEntrySerializer
    query_class = ListEntryQuery

    def get_queryset(self):
        credit_list = None
        code = self.kwargs.get("list_code")
        if code is not None:
            credit_list = CreditList.objects.filter(code=code).first()
            if credit_list is None:
                raise NotFound(_("No credit list has this code."))
        if self.action != "list":
            return ListEntry.objects.public(self.today()).select_related("credit_list", "company")
        query = ListEntryQuery(data=self.request.query_params, credit_list=credit_list)
        query.is_valid(raise_exception=True)
        return query.apply(query.entries(self.today()).select_related("credit_list"))


@extend_schema_view(get=extend_schema(parameters=[ListEntryQuery]))
class ListEntriesOfList(PublicMixin, generics.ListAPIView):
    """The public entries of one credit list; with ``view``, those its page
    shows (current entries or the last year's removals), with its filters."""

    serializer_class = s.ListEntrySerializer
    pagination_class = pagination.KeysetPagination
    action = "list"
    get_queryset = ListEntryViewSet.get_queryset
