"""What the API says about each kind of record. Every record has its ``id``
(or code) and its own ``url``; records link to their company and agency by
URL; a company and each penalty, licence, court case and list entry give
their public web ``page`` too (in the language asked for). Codes come with
their labels in both languages (``Label``), names with their English form
where the site has one."""

from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry.models import (
    Agency,
    CaseParty,
    Company,
    CourtCase,
    CreditList,
    Industry,
    Licence,
    ListEntry,
    Penalty,
    Person,
    Region,
)

LABEL_SCHEMA = {
    "type": "object",
    "required": ["code", "zh", "en"],
    "properties": {
        "code": {"type": "string"},
        "zh": {"type": "string"},
        "en": {"type": "string"},
    },
}


def label(choices, code: str) -> dict:
    """``{"code": "fine", "zh": "罚款", "en": "Fine"}`` for a code of ``choices``."""
    labels = dict(choices)
    out = {"code": code}
    for key, language in (("zh", "zh-hans"), ("en", "en")):
        with translation.override(language):
            # As a label: "Fine", not the vocabulary's "fine".
            out[key] = str(capfirst(labels.get(code, code)))
    return out


def api_url(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(f"api:{name}", args=args))


@extend_schema_field(LABEL_SCHEMA)
class LabelField(serializers.Field):
    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return label(self.choices, value)


class LinkField(serializers.Field):
    """The API URL of the record a key points at (None when it points at none)."""

    def __init__(self, view_name, **kwargs):
        self.view_name = view_name
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return api_url(self.context["request"], self.view_name, value) if value else None


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class CompanyLink(LinkField):
    def __init__(self, **kwargs):
        super().__init__("company-detail", **kwargs)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class AgencyLink(LinkField):
    def __init__(self, **kwargs):
        super().__init__("agency-detail", **kwargs)


class RecordSerializer(serializers.ModelSerializer):
    """A record with its own ``url`` (``view_name`` with its ``lookup``)."""

    view_name = ""
    lookup = "pk"
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return api_url(self.context["request"], self.view_name, getattr(obj, self.lookup))


class PublicRecordSerializer(RecordSerializer):
    """A record with a public web page of its own (``page``, absolute)."""

    page = serializers.SerializerMethodField()

    def get_page(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class RegionSerializer(RecordSerializer):
    view_name, lookup = "region-detail", "code"
    level = LabelField(Region.Level.choices)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "url", "name", "name_en", "level", "parent"]


class IndustrySerializer(RecordSerializer):
    view_name, lookup = "industry-detail", "code"
    level = LabelField(Industry.Level.choices)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Industry
        fields = ["code", "url", "name", "name_en", "level", "parent"]


class AgencySerializer(RecordSerializer):
    view_name = "agency-detail"
    kind = LabelField(Agency.Kind.choices)
    level = LabelField(Agency.Level.choices)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Agency
        fields = ["id", "url", "name", "name_en", "kind", "level", "region", "credit_code"]


class CreditListSerializer(RecordSerializer):
    view_name, lookup = "list-detail", "code"
    kind = LabelField(CreditList.Kind.choices)
    entries = serializers.SerializerMethodField()

    class Meta:
        model = CreditList
        fields = ["code", "url", "entries", "name", "name_en", "kind", "keeper", "keeper_en"]
        fields += ["legal_basis", "consequences", "consequences_en"]
        fields += ["min_term_months", "max_term_months"]

    def get_entries(self, obj) -> str:
        return api_url(self.context["request"], "list-entries", obj.code)


class PersonSerializer(RecordSerializer):
    """A person: the name and the masked ID number only (the full number is
    never stored)."""

    view_name = "person-detail"

    class Meta:
        model = Person
        fields = ["id", "url", "name", "name_pinyin", "id_masked"]


class CompanySummarySerializer(RecordSerializer):
    view_name, lookup = "company-detail", "uscc"
    status = LabelField(Company.Status.choices)
    entity_type = LabelField(Company.EntityType.choices)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    industry = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    page = serializers.SerializerMethodField()

    class Meta:
        model = Company
        fields = ["uscc", "url", "page", "name", "name_en", "status", "entity_type"]
        fields += ["legal_representative_name", "established_on", "region", "industry"]

    def get_page(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class SearchResultSerializer(CompanySummarySerializer):
    matched_by = serializers.CharField(read_only=True, default="")

    class Meta(CompanySummarySerializer.Meta):
        fields = [*CompanySummarySerializer.Meta.fields, "matched_by"]


class PenaltySerializer(PublicRecordSerializer):
    view_name = "penalty-detail"
    company = CompanyLink(source="company.uscc", default=None)
    agency = AgencyLink(source="agency_id")
    violation_type = LabelField(Penalty.ViolationType.choices)
    severity = LabelField(Penalty.Severity.choices)
    categories = serializers.SerializerMethodField()

    class Meta:
        model = Penalty
        fields = ["id", "url", "page", "company", "agency", "decision_number", "subject_name"]
        fields += ["legal_representative", "violation_type", "violation_facts", "legal_basis"]
        fields += ["penalty_content", "categories", "fine_amount", "confiscated_amount"]
        fields += ["licence_affected", "severity", "decided_on", "valid_until"]
        fields += ["publicity_ends_on", "data_source"]

    @extend_schema_field({"type": "array", "items": LABEL_SCHEMA})
    def get_categories(self, obj):
        choices = obj.categories.model.Category.choices
        return [label(choices, category.category) for category in obj.categories.all()]


class LicenceSerializer(PublicRecordSerializer):
    view_name = "licence-detail"
    company = CompanyLink(source="company.uscc")
    agency = AgencyLink(source="agency_id")
    kind = LabelField(Licence.Kind.choices)

    class Meta:
        model = Licence
        fields = ["id", "url", "page", "company", "agency", "decision_number", "licence_name"]
        fields += ["licence_number", "kind", "content", "decided_on", "valid_from", "valid_until"]


class CasePartySerializer(serializers.ModelSerializer):
    role = LabelField(CaseParty.Role.choices)
    company = CompanyLink(source="company.uscc", default=None)

    class Meta:
        model = CaseParty
        fields = ["role", "name", "company"]


class CourtCaseSerializer(PublicRecordSerializer):
    view_name = "case-detail"
    court = AgencyLink(source="court_id")
    case_type = LabelField(CourtCase.CaseType.choices)
    parties = CasePartySerializer(many=True, read_only=True)

    class Meta:
        model = CourtCase
        fields = ["id", "url", "page", "case_number", "court", "cause_of_action", "case_type"]
        fields += ["procedure", "filed_on", "decided_on", "amount", "outcome", "parties"]


class ListEntrySerializer(PublicRecordSerializer):
    view_name = "list-entry-detail"
    credit_list = serializers.SerializerMethodField()
    company = CompanyLink(source="company.uscc", default=None)
    authority = AgencyLink(source="authority_id")
    removal_authority = AgencyLink(source="removal_authority_id")

    class Meta:
        model = ListEntry
        fields = ["id", "url", "page", "credit_list", "company", "subject_name", "reason"]
        fields += ["listed_on"]
        fields += ["decision_number", "authority", "removed_on", "removal_reason"]
        fields += ["removal_authority", "removal_decision_number", "extended_until"]

    def get_credit_list(self, obj) -> str:
        return api_url(self.context["request"], "list-detail", obj.credit_list.code)
