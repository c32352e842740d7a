from registry.models.annual import AnnualReport, AnnualReportAmendment
from registry.models.company import Company, FormerName, Officer, Person, Shareholding
from registry.models.court import CaseParty, CourtCase
from registry.models.deregistration import DeregistrationNotice, DeregistrationObjection
from registry.models.documents import CompanyDocument
from registry.models.filings import (
    ChattelMortgage,
    EquityPledge,
    IpPledge,
    JudicialAssistance,
    SpotCheck,
)
from registry.models.imports import ImportBatch
from registry.models.lists import DishonestDebtor, ListEntry, Rating, RatingScheme
from registry.models.penalty import Licence, Penalty, PenaltyCategory
from registry.models.redress import Objection, RepairApplication
from registry.models.reference import Agency, CreditList, Industry, Region
from registry.models.registration_changes import RegistrationChange
from registry.models.restrictions import Restriction
from registry.models.staff import RemovalRequest, StaffMember
from registry.models.statistics import AgencyRank, MonthlyCount, PeriodFigure, StatisticsRefresh

__all__ = [
    "Agency",
    "AgencyRank",
    "AnnualReport",
    "AnnualReportAmendment",
    "CaseParty",
    "ChattelMortgage",
    "Company",
    "CompanyDocument",
    "CourtCase",
    "CreditList",
    "DeregistrationNotice",
    "DeregistrationObjection",
    "DishonestDebtor",
    "EquityPledge",
    "FormerName",
    "ImportBatch",
    "Industry",
    "IpPledge",
    "JudicialAssistance",
    "Licence",
    "ListEntry",
    "MonthlyCount",
    "Objection",
    "Officer",
    "Penalty",
    "PeriodFigure",
    "PenaltyCategory",
    "Person",
    "Rating",
    "RatingScheme",
    "Region",
    "RegistrationChange",
    "RemovalRequest",
    "RepairApplication",
    "Restriction",
    "Shareholding",
    "SpotCheck",
    "StaffMember",
    "StatisticsRefresh",
]
