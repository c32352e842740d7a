"""The filters of the API's record lists, as serializers of the query string:
a value they do not allow gives a 400 that names the parameter and says what
is allowed. Parameters they do not know are ignored."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from registry.models import CourtCase, Penalty
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


class PenaltyQuery(RecordQuery):
    violation_type = serializers.ChoiceField(choices=Penalty.ViolationType.choices, required=False)
    date_from, date_to = _dates("Decided")
    date_field = "decided_on"

    def apply(self, queryset):
        queryset = super().apply(queryset)
        if "violation_type" in self.validated_data:
            queryset = queryset.filter(violation_type=self.validated_data["violation_type"])
        return queryset


class LicenceQuery(RecordQuery):
    date_from, date_to = _dates("Decided")
    date_field = "decided_on"


class CaseQuery(RecordQuery):
    case_type = serializers.ChoiceField(choices=CourtCase.CaseType.choices, required=False)
    date_from, date_to = _dates("Filed")
    date_field = "filed_on"
    agency_field = "court_id"
    company_field = "parties__company__uscc"

    def apply(self, queryset):
        queryset = super().apply(queryset)
        if "case_type" in self.validated_data:
            queryset = queryset.filter(case_type=self.validated_data["case_type"])
        if "company" in self.validated_data:
            queryset = queryset.distinct()
        return queryset


class ListEntryQuery(RecordQuery):
    date_from, date_to = _dates("Listed")
    date_field = "listed_on"
    agency_field = "authority_id"
