"""The API's resources for spot checks, equity pledges, judicial assistance,
chattel mortgages, IP pledges and simplified-deregistration notices: the same
thin read-only views over the models' ``public(today)`` querysets as the other
records, filtered by company, agency and date; and the company's own, as
``company_report`` holds them, for the company resource (``FilingFields``)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from publicity.api import serializers as s
from publicity.api.filters import RecordQuery, _dates
from publicity.api.views import ReadOnly
from registry import models as m


class _Filing(s.RecordSerializer):
    company = s.CompanyLink(source="company.uscc")
    agency = s.AgencyLink(source="agency_id")


def _serializer(model, view_name, fields, **labels):
    attrs = {name: s.LabelField(choices) for name, choices in labels.items()}
    attrs["view_name"] = view_name
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": ["id", "url", *fields]})
    return type(f"{model.__name__}Serializer", (_Filing,), attrs)


REGISTERED = ["registration_number", "registered_on", "status", "cancelled_on"]
REGISTERED += ["cancellation_reason"]
SECURED = ["secured_amount", "debt_from", "debt_until"]

SpotCheckSerializer = _serializer(
    m.SpotCheck,
    "spot-check-detail",
    ["company", "agency", "checked_on", "check_type", "result", "remarks"],
    check_type=m.SpotCheck.CheckType.choices,
    result=m.SpotCheck.Result.choices,
)
EquityPledgeSerializer = _serializer(
    m.EquityPledge,
    "equity-pledge-detail",
    ["company", "agency", *REGISTERED, "pledgor_name", "pledgee_name", "amount"],
    status=m.EquityPledge.Status.choices,
)
JudicialAssistanceSerializer = _serializer(
    m.JudicialAssistance,
    "judicial-assistance-detail",
    ["company", "agency", "notice_number", "kind", "subject_name", "amount"]
    + ["period_from", "period_until", "published_on"],
    kind=m.JudicialAssistance.Kind.choices,
)
ChattelMortgageSerializer = _serializer(
    m.ChattelMortgage,
    "chattel-mortgage-detail",
    ["company", "agency", *REGISTERED, *SECURED, "collateral"],
    status=m.ChattelMortgage.Status.choices,
)
IpPledgeSerializer = _serializer(
    m.IpPledge,
    "ip-pledge-detail",
    ["company", "agency", *REGISTERED, *SECURED, "ip_kind", "ip_name", "pledgee_name"],
    status=m.IpPledge.Status.choices,
    ip_kind=m.IpPledge.Kind.choices,
)


class DeregistrationObjectionSerializer(serializers.ModelSerializer):
    objector_kind = s.LabelField(m.DeregistrationObjection.ObjectorKind.choices)
    state = s.LabelField(m.DeregistrationObjection.State.choices)

    class Meta:
        model = m.DeregistrationObjection
        fields = ["received_on", "objector_kind", "reason", "state", "reply"]


class DeregistrationNoticeSerializer(_Filing):
    view_name = "deregistration-notice-detail"
    outcome = s.LabelField(m.DeregistrationNotice.Outcome.choices)
    objections = serializers.SerializerMethodField()

    class Meta:
        model = m.DeregistrationNotice
        fields = ["id", "url", "company", "agency", "starts_on", "ends_on", "outcome"]
        fields += ["outcome_on", "objections"]

    def get_objections(self, notice) -> DeregistrationObjectionSerializer(many=True):
        """The objections the authority has handled."""
        handled = getattr(notice, "handled_objections", None)
        if handled is None:
            handled = notice.objections.handled().order_by("received_on", "pk")
        return DeregistrationObjectionSerializer(handled, many=True, context=self.context).data


# (URL prefix, basename, model, serializer, date field, the report's attribute)
RESOURCES = [
    ("spot-checks", "spot-check", m.SpotCheck, SpotCheckSerializer, "checked_on", "spot_checks"),
    (
        "equity-pledges",
        "equity-pledge",
        m.EquityPledge,
        EquityPledgeSerializer,
        "registered_on",
        "equity_pledges",
    ),
    (
        "judicial-assistance",
        "judicial-assistance",
        m.JudicialAssistance,
        JudicialAssistanceSerializer,
        "published_on",
        "judicial",
    ),
    (
        "chattel-mortgages",
        "chattel-mortgage",
        m.ChattelMortgage,
        ChattelMortgageSerializer,
        "registered_on",
        "mortgages",
    ),
    ("ip-pledges", "ip-pledge", m.IpPledge, IpPledgeSerializer, "registered_on", "ip_pledges"),
    (
        "deregistration-notices",
        "deregistration-notice",
        m.DeregistrationNotice,
        DeregistrationNoticeSerializer,
        "starts_on",
        "notices",
    ),
]


def _viewset(model, serializer, date_field):
    what = str(model._meta.verbose_name_plural)
    query = type(
        f"{model.__name__}Query",
        (RecordQuery,),
        dict(zip(("date_from", "date_to"), _dates("Dated"), strict=True), date_field=date_field),
    )

    def get_queryset(self):
        return self.filtered(
            model.objects.public(self.today()).select_related("company").order_by("-pk")
        )

    view = type(
        f"{model.__name__}ViewSet",
        (ReadOnly,),
        {
            "__doc__": what[:1].upper() + what[1:] + ".",
            "serializer_class": serializer,
            "query_class": query,
            "get_queryset": get_queryset,
        },
    )
    return extend_schema_view(list=extend_schema(parameters=[query]))(view)


def register(router) -> None:
    for prefix, basename, model, serializer, date_field, _attr in RESOURCES:
        router.register(prefix, _viewset(model, serializer, date_field), basename=basename)


FILING_FIELDS = ["spot_checks", "equity_pledges", "judicial_assistance", "chattel_mortgages"]
FILING_FIELDS += ["ip_pledges", "deregistration_notices"]


class FilingFields(serializers.Serializer):
    """The company resource's sections of these kinds (``report.filings``)."""

    spot_checks = serializers.SerializerMethodField()
    equity_pledges = serializers.SerializerMethodField()
    judicial_assistance = serializers.SerializerMethodField()
    chattel_mortgages = serializers.SerializerMethodField()
    ip_pledges = serializers.SerializerMethodField()
    deregistration_notices = serializers.SerializerMethodField()

    def _filings(self, serializer, attr):
        records = getattr(self.context["report"].filings, attr)
        return serializer(records, many=True, context=self.context).data

    def get_spot_checks(self, company) -> SpotCheckSerializer(many=True):
        return self._filings(SpotCheckSerializer, "spot_checks")

    def get_equity_pledges(self, company) -> EquityPledgeSerializer(many=True):
        return self._filings(EquityPledgeSerializer, "equity_pledges")

    def get_judicial_assistance(self, company) -> JudicialAssistanceSerializer(many=True):
        return self._filings(JudicialAssistanceSerializer, "judicial")

    def get_chattel_mortgages(self, company) -> ChattelMortgageSerializer(many=True):
        return self._filings(ChattelMortgageSerializer, "mortgages")

    def get_ip_pledges(self, company) -> IpPledgeSerializer(many=True):
        return self._filings(IpPledgeSerializer, "ip_pledges")

    def get_deregistration_notices(self, company) -> DeregistrationNoticeSerializer(many=True):
        return self._filings(DeregistrationNoticeSerializer, "notices")
