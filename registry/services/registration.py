"""Registration data: agencies, companies and people."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from registry import pinyin
from registry.models import (
    Agency,
    Company,
    FormerName,
    Industry,
    Officer,
    Person,
    Region,
    Shareholding,
)
from registry.services.saving import Outcome, _save, code_normalize_or_error

# --- agencies ---------------------------------------------------------------


def level_for_region(region: Region | None) -> str:
    if region is None:
        return Agency.Level.NATIONAL
    return {
        Region.Level.PROVINCE: Agency.Level.PROVINCIAL,
        Region.Level.PREFECTURE: Agency.Level.PREFECTURE,
        Region.Level.COUNTY: Agency.Level.COUNTY,
    }[region.level]


@transaction.atomic
def agency_upsert(
    *,
    name: str,
    kind: str,
    name_en: str = "",
    region: Region | None = None,
    level: str = "",
    credit_code: str = "",
    court_code: str = "",
    change_reason: str = "",
    entered_by=None,
) -> Outcome:
    values = {
        "name_en": name_en,
        "kind": kind,
        "region": region,
        "level": level or level_for_region(region),
        "credit_code": code_normalize_or_error(credit_code, "credit_code") if credit_code else None,
        "court_code": court_code,
    }
    entry = {"fields": {}, "user": entered_by} if entered_by is not None else None
    return _save(Agency, {"name": name.strip()}, values, change_reason, entry)


# --- companies ---------------------------------------------------------------


@transaction.atomic
def company_upsert(
    *,
    code: str,
    name: str,
    entity_type: str,
    name_en: str = "",
    legal_representative_name: str = "",
    registered_capital: Decimal | None = None,
    currency: str = "CNY",
    established_on: date | None = None,
    term_start: date | None = None,
    term_end: date | None = None,
    status: str = Company.Status.IN_OPERATION,
    address: str = "",
    region: Region | None = None,
    industry: Industry | None = None,
    business_scope: str = "",
    registration_authority: Agency | None = None,
    change_reason: str = "",
    entered_by=None,
) -> Outcome:
    """``entered_by`` given: written for that user through the admin's import
    (history names them; an existing company with other values is refused)."""
    code = code_normalize_or_error(code)
    name = name.strip()
    values = {
        "name": name,
        "name_en": name_en,
        **name_spellings(name),
        "entity_type": entity_type,
        "legal_representative_name": legal_representative_name,
        "registered_capital": registered_capital,
        "currency": currency or "CNY",
        "established_on": established_on,
        "term_start": term_start or established_on,
        "term_end": term_end,
        "status": status,
        "address": address,
        "region": region,
        "industry": industry,
        "business_scope": business_scope,
        "registration_authority": registration_authority,
    }
    entry = {"fields": {}, "user": entered_by} if entered_by is not None else None
    return _save(Company, {"uscc": code}, values, change_reason, entry)


@transaction.atomic
def person_create(*, name: str, id_masked: str = "") -> Person:
    return person_save(person=Person(name=name, id_masked=id_masked), user=None)


def name_spellings(name: str) -> dict:
    """The pinyin and initials search matches a company's name by."""
    return {"name_pinyin": pinyin.full(name), "name_initials": pinyin.initials(name)}


def _save_by(obj, user) -> None:
    obj.full_clean()
    if user is not None:
        obj._history_user = user
    obj.save()


@transaction.atomic
def company_save(*, company: Company, user) -> Company:
    """Save a company entered or changed by hand: its credit code
    normalised and checked, its name's pinyin and initials derived."""
    company.uscc = code_normalize_or_error(company.uscc)
    company.name = company.name.strip()
    for field, value in name_spellings(company.name).items():
        setattr(company, field, value)
    _save_by(company, user)
    return company


@transaction.atomic
def person_save(*, person: Person, user) -> Person:
    """Save a person entered or changed by hand, with the pinyin of the name."""
    person.name = person.name.strip()
    person.name_pinyin = pinyin.full(person.name)
    _save_by(person, user)
    return person


@transaction.atomic
def agency_save(*, agency: Agency, user) -> Agency:
    """Save an agency entered or changed by a central administrator: its
    credit code normalised and checked, its level from its region if none."""
    if agency.credit_code:
        agency.credit_code = code_normalize_or_error(agency.credit_code, "credit_code")
    else:
        agency.credit_code = None
    agency.level = agency.level or level_for_region(agency.region)
    _save_by(agency, user)
    return agency


@transaction.atomic
def reference_save(*, obj, user):
    """Save reference data (a list, a rating scheme, a region, an industry)
    changed by a central administrator, validated, with its history."""
    _save_by(obj, user)
    return obj


# A company's details entered on its page: former names, shareholdings, officers.
REGISTRATION_DETAILS = (FormerName, Shareholding, Officer)


@transaction.atomic
def registration_detail_save(*, detail, user):
    """Save a former name, shareholding or officer of a company."""
    if not isinstance(detail, REGISTRATION_DETAILS):
        raise TypeError(f"not a registration detail: {type(detail).__name__}")
    _save_by(detail, user)
    return detail


@transaction.atomic
def registration_detail_delete(*, detail, user) -> None:
    if not isinstance(detail, REGISTRATION_DETAILS):
        raise TypeError(f"not a registration detail: {type(detail).__name__}")
    if user is not None:
        detail._history_user = user
    detail.delete()
