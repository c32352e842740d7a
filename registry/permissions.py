"""Who may see and change what, in one place.

- Central administrators (superusers) see and change everything.
- Every other staff account belongs to one agency (:class:`StaffMember`). Its
  members see and change only their agency's records: penalties, licences,
  list entries (and their removals), ratings under the agency's schemes, and,
  for courts, court cases. Records are reached through their owning agency
  (``AGENCY_PATHS``), so a forged URL or POST for another agency's record finds
  nothing.
- Registration data (companies, people, shareholders, officers, former names)
  is changed only by staff of registration authorities (agency kind
  ``market_regulation``), each for the companies it registers (the company's
  ``registration_authority``), through a change a colleague reviews; they add
  people, whom only central administrators change afterwards. Every staff
  member may look registration data up, to choose the company a record is about.
- Reference data (regions, industries, lists, agencies, rating schemes) is
  changed by central administrators only; staff may look it up.

The admin (``registry.admin``), its import and export, and the review pages
all ask these functions.
"""

from django.db.models import Model, QuerySet

from registry import models as m
from registry.models.deregistration import filing_agency_kinds, filing_models

# How to reach the owning agency from each agency-owned model.
AGENCY_PATHS: dict[type[Model], str] = {
    m.Penalty: "agency",
    m.PenaltyCategory: "penalty__agency",
    m.Licence: "agency",
    m.ListEntry: "authority",
    m.DishonestDebtor: "entry__authority",
    m.RemovalRequest: "entry__authority",
    m.CourtCase: "court",
    m.CaseParty: "case__court",
    m.Rating: "scheme__agency",
    # Objections and credit repair: the agency that owns the record (redress).
    m.Objection: "agency",
    m.RepairApplication: "agency",
    # Admin uploads: the uploader's agency (none for a central administrator's
    # file covering several agencies: central administrators only).
    m.ImportBatch: "agency",
    # Proposed registration changes: the company's registration authority.
    m.RegistrationChange: "agency",
    # Annual reports: the company's registration authority.
    m.AnnualReport: "company__registration_authority",
    m.AnnualReportAmendment: "report__company__registration_authority",
    # The rest of the national system's page: the deciding or registering agency.
    **{model: "agency" for model in filing_models()},
    m.DeregistrationObjection: "agency",
}

REGISTRATION_MODELS = {m.Company, m.Person, m.FormerName, m.Shareholding, m.Officer}
REFERENCE_MODELS = {m.Region, m.Industry, m.CreditList, m.Agency, m.RatingScheme}

# Agency kinds allowed to enter each kind of record (None: any kind).
ENTERED_BY_KINDS: dict[type[Model], set[str] | None] = {
    m.CourtCase: {m.Agency.Kind.COURT},
    m.Penalty: set(m.Agency.Kind.values) - {m.Agency.Kind.COURT},
    m.Licence: set(m.Agency.Kind.values) - {m.Agency.Kind.COURT},
    m.ListEntry: None,
    m.Rating: None,
    m.AnnualReport: {m.Agency.Kind.MARKET_REGULATION},
    **filing_agency_kinds(),
}


def staff_agency(user) -> m.Agency | None:
    """The agency a staff account belongs to (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_staff_agency"):
        member = m.StaffMember.objects.select_related("agency").filter(user_id=user.pk).first()
        user._staff_agency = member.agency if member else None
    return user._staff_agency


def is_central(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def is_registrar(user) -> bool:
    agency = staff_agency(user)
    return agency is not None and agency.kind == m.Agency.Kind.MARKET_REGULATION


def owning_agency(record) -> m.Agency | None:
    path = AGENCY_PATHS.get(type(record))
    if path is None:
        return None
    value = record
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def may_act_for(user, agency: m.Agency | None) -> bool:
    if is_central(user):
        return True
    mine = staff_agency(user)
    return mine is not None and agency is not None and mine.pk == agency.pk


def may_review_for(user, agency: m.Agency | None) -> bool:
    """Whether ``user`` may decide what ``agency`` owns (an import batch, a
    registration change); what no agency owns is for central administrators."""
    return may_act_for(user, agency) if agency is not None else is_central(user)


def scope(queryset: QuerySet, user) -> QuerySet:
    """The rows of ``queryset`` that ``user`` may see."""
    model = queryset.model
    if is_central(user):
        return queryset
    if model in AGENCY_PATHS:
        agency = staff_agency(user)
        if agency is None:
            return queryset.none()
        return queryset.filter(**{AGENCY_PATHS[model]: agency})
    if model in REGISTRATION_MODELS or model in REFERENCE_MODELS:
        return queryset if staff_agency(user) else queryset.none()
    return queryset.none()


def may_view(user, model: type[Model], obj=None) -> bool:
    if is_central(user):
        return True
    if staff_agency(user) is None:
        return False
    if model in AGENCY_PATHS:
        return obj is None or may_act_for(user, owning_agency(obj))
    return model in REGISTRATION_MODELS or model in REFERENCE_MODELS


def may_add(user, model: type[Model]) -> bool:
    if is_central(user):
        return True
    agency = staff_agency(user)
    if agency is None:
        return False
    if model in REGISTRATION_MODELS:
        return is_registrar(user)
    if model in ENTERED_BY_KINDS:
        kinds = ENTERED_BY_KINDS[model]
        if model is m.Rating:
            return agency.rating_schemes.exists()
        return kinds is None or agency.kind in kinds
    return False


def may_change(user, model: type[Model], obj=None) -> bool:
    """Whether ``user`` may edit ``obj`` (or objects of ``model``): only drafts
    of agency-owned records are edited; what is pending, published or withdrawn
    changes through review and withdrawal only."""
    if model in REGISTRATION_MODELS:
        if is_central(user):
            return True
        if not is_registrar(user):
            return False
        if model is m.Company and obj is not None and obj.pk is not None:
            # A registration authority changes the companies it registers.
            return obj.registration_authority_id == staff_agency(user).pk
        if model is m.Person and obj is not None and obj.pk is not None:
            # A person is shown on the pages of companies of many authorities.
            return False
        return True
    if model in REFERENCE_MODELS:
        return is_central(user)
    if model not in AGENCY_PATHS or not may_view(user, model, obj):
        return False
    if obj is not None and hasattr(obj, "is_editable"):
        return obj.is_editable
    return True
