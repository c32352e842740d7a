"""The filters of the API's record lists, as serializers of the query string:
a value they do not allow gives a 400 that names the parameter and says what
is allowed. Parameters they do not know are ignored."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from publicity.browse_filters import CourtCaseFilterSet, ListEntryFilterSet, PenaltyFilterSet
from registry.models import CourtCase, ListEntry, Penalty, PenaltyCategory
from registry.selectors.lists import View, list_entries
from registry.uscc import normalize


class RecordQuery(serializers.Serializer):
    """``company`` (a credit code) and ``agency`` (an agency's id), both optional."""

    company = serializers.CharField(
        required=False, max_length=18, help_text="A company's unified social credit code."
    )
    agency = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="An agency's id."
    )

    agency_field = "agency_id"
    date_field = ""
    # The page's own filter set and the parameters it takes (the same names
    # and meaning as on the page), so that the same filters give the same
    # records on the page, its CSV, its feed and here.
    page_filterset = None
    PAGE_FILTERS: tuple[str, ...] = ()

    def page_filtered(self, queryset, names=None, **options):
        """``queryset`` through the page's filter set with the page's
        parameters given (``names``, else ``PAGE_FILTERS``); ``options`` go to
        the filter set."""
        given = {
            name: self.initial_data[name]
            for name in names or self.PAGE_FILTERS
            if self.validated_data.get(name) is not None
        }
        if not given:
            return queryset
        filterset = self.page_filterset(given, queryset=queryset, **options)
        if not filterset.is_valid():
            raise serializers.ValidationError(
                {name: list(errors) for name, errors in filterset.form.errors.items()}
            )
        return filterset.qs

    def validate_company(self, value):
        return normalize(value)

    def validate(self, attrs):
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"date_to": [_("On or after date_from.")]})
        return attrs

    def apply(self, queryset):
        data = self.validated_data
        if "company" in data:
            queryset = queryset.filter(**{self.company_field: data["company"]})
        if "agency" in data:
            queryset = queryset.filter(**{self.agency_field: data["agency"]})
        if data.get("date_from"):
            queryset = queryset.filter(**{f"{self.date_field}__gte": data["date_from"]})
        if data.get("date_to"):
            queryset = queryset.filter(**{f"{self.date_field}__lte": data["date_to"]})
        return queryset

    company_field = "company__uscc"


def _dates(what: str):
    return (
        serializers.DateField(required=False, help_text=f"{what} on or after (YYYY-MM-DD)."),
        serializers.DateField(required=False, help_text=f"{what} on or before (YYYY-MM-DD)."),
    )


def _region(whose: str):
    """``province`` and ``city``, as on the browse pages."""
    return tuple(
        serializers.CharField(
            required=False, max_length=6, help_text=f"{whose} {level} (GB/T 2260 code)."
        )
        for level in ("province", "city")
    )


def _keyword(number: str):
    """``q``, as on the browse pages (``registry.selectors.keyword``)."""
    return serializers.CharField(
        required=False,
        max_length=100,
        help_text=(
            "A company (its name or part of it, as the search matches it, or its credit code),"
            f" or the beginning of a {number} number (with a digit in it)."
        ),
    )


def _amount(what: str):
    return serializers.DecimalField(
        required=False, min_value=0, max_digits=16, decimal_places=2, help_text=what
    )


class PenaltyQuery(RecordQuery):
    """Besides ``company``, ``agency`` and the dates: the filters of the
    penalties page (/penalties/), with its names and meaning, applied by the
    page's own filter set, so that the same filters give the same penalties
    on the page, its CSV, its feed and here."""

    violation_type = serializers.ChoiceField(choices=Penalty.ViolationType.choices, required=False)
    q = _keyword("decision")
    date_from, date_to = _dates("Decided")
    date_field = "decided_on"
    province, city = _region("The company's")
    authority = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="The deciding agency's id."
    )
    category = serializers.ChoiceField(
        choices=PenaltyCategory.Category.choices, required=False, help_text="A penalty category."
    )
    fine_min = _amount("Fine at least (yuan).")
    fine_max = _amount("Fine at most (yuan).")
    decided_from, decided_to = _dates("Decided (as on the penalties page)")

    PAGE_FILTERS = (
        "q",
        "province",
        "city",
        "authority",
        "category",
        "fine_min",
        "fine_max",
        "decided_from",
        "decided_to",
    )

    page_filterset = PenaltyFilterSet

    def apply(self, queryset):
        queryset = super().apply(queryset)
        if "violation_type" in self.validated_data:
            queryset = queryset.filter(violation_type=self.validated_data["violation_type"])
        return self.page_filtered(queryset)


class LicenceQuery(RecordQuery):
    date_from, date_to = _dates("Decided")
    date_field = "decided_on"


class CaseQuery(RecordQuery):
    """Besides ``company``, ``agency`` (the court) and the dates: the filters
    of the court cases page (/cases/), applied by its own filter set."""

    case_type = serializers.ChoiceField(choices=CourtCase.CaseType.choices, required=False)
    q = _keyword("case")
    date_from, date_to = _dates("Filed")
    date_field = "filed_on"
    agency_field = "court_id"
    company_field = "parties__company__uscc"
    province, city = _region("The court's")
    court = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="The court's id."
    )
    cause = serializers.CharField(
        required=False, max_length=100, help_text="The cause of action contains this."
    )
    filed_from, filed_to = _dates("Filed (as on the court cases page)")

    page_filterset = CourtCaseFilterSet
    PAGE_FILTERS = ("q", "province", "city", "court", "cause", "filed_from", "filed_to")

    def apply(self, queryset):
        queryset = super().apply(queryset)
        if "case_type" in self.validated_data:
            queryset = queryset.filter(case_type=self.validated_data["case_type"])
        if "company" in self.validated_data:
            queryset = queryset.distinct()
        return self.page_filtered(queryset)


class ListEntryQuery(RecordQuery):
    """Besides ``company`` and ``agency`` (the listing authority): with
    ``view``, the entries a list's page shows (``current``: open entries;
    ``removals``: those removed in the last year), filtered by that page's
    own filter set: ``q`` (a company or a decision number), ``province``,
    ``city``, ``authority`` (listed or removed by it) and the dates, which
    are then those of the view (listed, or removed). Without ``view``, every
    public entry, open or removed, and the dates are the date listed."""

    view = serializers.ChoiceField(
        choices=[(v.value, v.value) for v in View],
        required=False,
        help_text="What the list's page shows: current entries, or the last year's removals.",
    )
    date_from, date_to = _dates("Listed (with view=removals: removed)")
    date_field = "listed_on"
    agency_field = "authority_id"
    q = _keyword("decision")
    province, city = _region("The company's")
    authority = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="An agency's id: entries it listed or removed (as on the list's page).",
    )

    page_filterset = ListEntryFilterSet
    PAGE_FILTERS = ("q", "province", "city", "authority")

    def __init__(self, *args, credit_list=None, **kwargs):
        self.credit_list = credit_list
        super().__init__(*args, **kwargs)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        given = [name for name in self.PAGE_FILTERS if name in attrs]
        if given and "view" not in attrs:
            raise serializers.ValidationError(
                {given[0]: [_("Only with view=current or view=removals.")]}
            )
        return attrs

    def entries(self, today):
        """The public entries of the list (or of every list) to filter: those
        of the view asked for, or all of them."""
        if "view" in self.validated_data:
            view = View(self.validated_data["view"])
            queryset, self.date_field = list_entries(view, today, self.credit_list)
            return queryset
        queryset = ListEntry.objects.public(today).select_related("company")
        if self.credit_list is not None:
            queryset = queryset.filter(credit_list=self.credit_list)
        return queryset

    def apply(self, queryset):
        if "view" not in self.validated_data:
            return super().apply(queryset)
        data = self.validated_data
        if "company" in data:
            queryset = queryset.filter(company__uscc=data["company"])
        if "agency" in data:
            queryset = queryset.filter(authority_id=data["agency"])
        # The dates too are the page's: those of the view.
        return self.page_filtered(
            queryset,
            (*self.PAGE_FILTERS, "date_from", "date_to"),
            credit_list=self.credit_list,
            date_field=self.date_field,
        )
