"""Filters for browsing records: a list's entries, penalties and court cases.

GET parameters through django-filter, so a filtered page is a shareable
address. Choices that come from the database (regions, authorities, courts)
are computed once and kept in the cache for a few minutes
(``publicity.caching.choices``): an authority select holds only the agencies
that have published records of that kind, narrowed to a province once one is
chosen, never the whole agency table.
"""

import re
from functools import partial

from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters import CharFilter, ChoiceFilter, DateFilter, FilterSet, NumberFilter

from publicity.caching.choices import cached_choices
from publicity.forms import KeywordField
from registry.models import (
    Agency,
    CourtCase,
    CreditList,
    ListEntry,
    Penalty,
    PenaltyCategory,
    Region,
)
from registry.names import display_name
from registry.selectors import keyword as keywords

ANY = _("Any")
AGENCY_SELECT_MAX = 200
PROVINCE_CODE = re.compile(r"[1-9][0-9]0000")
# An id as a link writes it: ASCII digits that fit a bigint. Not str.isdigit(),
# which also takes "²", "①" or "٣", and int() or the database then refuse some.
AGENCY_ID = re.compile(r"[0-9]{1,18}")


def provinces():
    return [(r.code, display_name(r)) for r in Region.objects.filter(level=Region.Level.PROVINCE)]


def cities(province: str):
    """The prefecture-level divisions of a province (none for the municipalities,
    whose districts sit directly under them)."""
    regions = Region.objects.filter(level=Region.Level.PREFECTURE, parent__code=province)
    return [(r.code, display_name(r)) for r in regions]


def agencies_with(agency_ids, province: str = ""):
    """Agencies that have records (``agency_ids``: a queryset of the records'
    agency ids), only those of ``province`` and national ones when a province
    is given. ``id IN (...)``, not a correlated ``EXISTS``: PostgreSQL plans
    both alike, but SQLite would scan a whole list's entries once per agency
    (seconds on the demo's 10,000 companies)."""
    agencies = Agency.objects.filter(pk__in=agency_ids)
    if province:
        agencies = agencies.filter(
            Q(region__isnull=True) | Q(region__code__startswith=province[:2])
        )
    return [(str(a.pk), display_name(a)) for a in agencies.only("pk", "name", "name_en")]


def keep_chosen(choices: list, chosen: str) -> list:
    """The agency a link asked for stays a valid choice, even outside the
    province chosen (one query, only then)."""
    if not AGENCY_ID.fullmatch(chosen) or chosen in {v for v, _label in choices}:
        return choices
    agency = Agency.objects.filter(pk=chosen).only("pk", "name", "name_en").first()
    return [(str(agency.pk), display_name(agency)), *choices] if agency else choices


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_range(field: str, label_from, label_to):
    """Two date fields: ``field`` on or after the first, on or before the second."""
    return (
        DateFilter(label=label_from, field_name=field, lookup_expr="gte", widget=_date_input()),
        DateFilter(label=label_to, field_name=field, lookup_expr="lte", widget=_date_input()),
    )


def sort_filter(orders: dict):
    """A "Sort by" select over ``{value: (label, ordering)}``. Left empty, the
    queryset keeps its own order, which should be the first one's."""
    return ChoiceFilter(
        label=_("Sort by"),
        empty_label=None,
        choices=[(value, label) for value, (label, _ordering) in orders.items()],
        method=lambda queryset, name, value: queryset.order_by(*orders[value][1]),
    )


class KeywordFilter(CharFilter):
    field_class = KeywordField


class RegionFilterSet(FilterSet):
    """A keyword (``q``: a company, or the beginning of a record's number;
    ``keyword_records``, from ``registry.selectors.keyword``, finds the
    records). Province and city (a prefix of the division code at ``region_field``),
    and the select of agencies (the filter named ``agency_filter``), which
    depends on the province.

    Thousands of agencies publish penalties: without a province, the agency
    select is offered only while the agencies that have such records are at
    most ``AGENCY_SELECT_MAX``; past that, the form asks for a province first,
    and a link to one agency's records (``?authority=<id>``) still works."""

    q = KeywordFilter(
        label=_("Company or decision number"),
        help_text=_("A company's name or part of it, its credit code, or a decision number"),
        method="filter_keyword",
    )
    province = ChoiceFilter(label=_("Province"), empty_label=ANY, method="filter_region")
    city = ChoiceFilter(label=_("City"), empty_label=ANY, method="filter_region")

    keyword_records = staticmethod(keywords.penalties_matching)
    keyword = None  # the keyword resolved, once filtered by one

    region_field = "company__region__code"
    agency_filter = "authority"
    agency_records = None  # the agency ids of the records: a values() queryset
    agency_key = ""

    def __init__(self, data=None, *args, choices=None, **kwargs):
        """``choices``: those of another filter set on the same data (saves a query)."""
        province = (data or {}).get("province", "")
        province = province if PROVINCE_CODE.fullmatch(province) else ""
        city = (data or {}).get("city", "")
        if city and city[:2] != province[:2]:
            # A city left over from another province: dropped, not an error.
            data = data.copy()
            data.pop("city")
        super().__init__(data, *args, **kwargs)
        agencies_key = f"agencies:{self.agency_key}:{province}"
        sources = {
            "provinces": provinces,
            agencies_key: partial(agencies_with, self.agency_records, province),
        }
        if province:
            sources[f"cities:{province}"] = partial(cities, province)
        self.choices = found = choices or cached_choices(sources)
        self.filters["province"].extra["choices"] = found["provinces"]
        self.filters["city"].extra["choices"] = found.get(f"cities:{province}", [])
        self.has_cities = bool(self.filters["city"].extra["choices"])
        agencies = found[agencies_key]
        if not province and len(agencies) > AGENCY_SELECT_MAX:
            agencies = []
        chosen = (data or {}).get(self.agency_filter, "")
        self.filters[self.agency_filter].extra["choices"] = keep_chosen(agencies, chosen)
        self.has_agencies = bool(self.filters[self.agency_filter].extra["choices"])

    @property
    def keyword_capped(self) -> bool:
        """Whether the keyword names more companies than were looked at."""
        return bool(self.keyword and self.keyword.companies_capped)

    def filter_keyword(self, queryset, name, value):
        self.keyword = keywords.resolve(value)
        return self.keyword_records(queryset, self.keyword)

    def filter_region(self, queryset, name, value):
        if name == "province" and self.form.cleaned_data.get("city"):
            return queryset  # the city is the narrower of the two
        prefix = value[:4] if name == "city" else value[:2]
        return queryset.filter(**{f"{self.region_field}__startswith": prefix})


class ListEntryFilterSet(RegionFilterSet):
    """Entries of one list. The dates are the date listed for current entries
    and the date removed for removals (``date_field``)."""

    authority = ChoiceFilter(label=_("Authority"), empty_label=ANY, method="filter_authority")
    date_from = DateFilter(
        label=_("Date from"),
        help_text=_("Date listed; for removals, date removed"),
        method="filter_date",
        widget=_date_input(),
    )
    date_to = DateFilter(label=_("Date to"), method="filter_date", widget=_date_input())
    sort = ChoiceFilter(
        label=_("Sort by"),
        empty_label=None,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("company", _("Company name (by pinyin)")),
            ("authority", _("Authority")),
        ],
        method="filter_sort",
    )

    keyword_records = staticmethod(keywords.entries_matching)

    class Meta:
        model = ListEntry
        fields = []

    def __init__(
        self, data=None, *args, credit_list: CreditList | None, date_field="listed_on", **kw
    ):
        """``credit_list``: None for the entries of every list (the API's)."""
        records = ListEntry.objects.values("authority")
        if credit_list is not None:
            records = records.filter(credit_list=credit_list)
        self.agency_key = f"list:{credit_list.pk if credit_list else 'all'}"
        self.agency_records = records
        self.date_field = date_field
        super().__init__(data, *args, **kw)

    def filter_authority(self, queryset, name, value):
        return queryset.filter(Q(authority_id=value) | Q(removal_authority_id=value))

    def filter_date(self, queryset, name, value):
        lookup = "gte" if name == "date_from" else "lte"
        return queryset.filter(**{f"{self.date_field}__{lookup}": value})

    def filter_sort(self, queryset, name, value):
        """By the view's date (listed, or removed), the company's name in
        pinyin (entries of people last) or the listing authority; ties newest
        first."""
        newest = (f"-{self.date_field}", "-id")
        orders = {
            "newest": newest,
            "oldest": (self.date_field, "id"),
            "company": (
                F("company__name_pinyin").asc(nulls_last=True),
                F("company__name").asc(nulls_last=True),
                *newest,
            ),
            "authority": ("authority__name", *newest),
        }
        return queryset.order_by(*orders[value])


class PenaltyFilterSet(RegionFilterSet):
    authority = ChoiceFilter(label=_("Authority"), empty_label=ANY, field_name="agency_id")
    violation_type = ChoiceFilter(
        label=_("Violation type"), empty_label=ANY, choices=Penalty.ViolationType.choices
    )
    category = ChoiceFilter(
        label=_("Penalty category"),
        empty_label=ANY,
        choices=PenaltyCategory.Category.choices,
        method="filter_category",
    )
    fine_min = NumberFilter(
        label=_("Fine at least (yuan)"),
        field_name="fine_amount",
        lookup_expr="gte",
        min_value=0,
        widget=forms.NumberInput(attrs={"min": 0, "step": "any"}),
    )
    fine_max = NumberFilter(
        label=_("Fine at most (yuan)"),
        field_name="fine_amount",
        lookup_expr="lte",
        min_value=0,
        widget=forms.NumberInput(attrs={"min": 0, "step": "any"}),
    )
    decided_from, decided_to = date_range("decided_on", _("Decided from"), _("Decided to"))
    sort = sort_filter(
        {
            "newest": (_("Newest first"), ("-decided_on", "-id")),
            "oldest": (_("Oldest first"), ("decided_on", "id")),
            "largest": (_("Largest fine first"), (F("fine_amount").desc(nulls_last=True), "-id")),
            "smallest": (_("Smallest fine first"), (F("fine_amount").asc(nulls_last=True), "id")),
        }
    )

    agency_key = "penalties"
    agency_records = Penalty.objects.values("agency")

    class Meta:
        model = Penalty
        fields = []

    def filter_category(self, queryset, name, value):
        return queryset.filter(
            Exists(PenaltyCategory.objects.filter(penalty=OuterRef("pk"), category=value))
        )


# Cases without a filing date last, whichever the direction.
CASES_NEWEST_FIRST = (F("filed_on").desc(nulls_last=True), "-id")


class CourtCaseFilterSet(RegionFilterSet):
    """Cases by the court's province and city, court, type, cause and date."""

    court = ChoiceFilter(label=_("Court"), empty_label=ANY, field_name="court_id")
    case_type = ChoiceFilter(
        label=_("Case type"), empty_label=ANY, choices=CourtCase.CaseType.choices
    )
    cause = CharFilter(
        label=_("Cause of action contains"),
        field_name="cause_of_action",
        lookup_expr="icontains",
        max_length=100,
    )
    filed_from, filed_to = date_range("filed_on", _("Filed from"), _("Filed to"))
    sort = sort_filter(
        {
            "newest": (_("Newest first"), CASES_NEWEST_FIRST),
            "oldest": (_("Oldest first"), (F("filed_on").asc(nulls_last=True), "id")),
        }
    )

    region_field = "court__region__code"
    keyword_records = staticmethod(keywords.cases_matching)
    agency_filter = "court"
    agency_key = "courts"
    agency_records = CourtCase.objects.values("court")

    class Meta:
        model = CourtCase
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["q"].label = _("Company or case number")
        self.filters["q"].extra["help_text"] = _(
            "A party's name or part of it, its credit code, or a case number"
        )
        self.filters["province"].label = _("Province of the court")
        self.filters["city"].label = _("City of the court")
