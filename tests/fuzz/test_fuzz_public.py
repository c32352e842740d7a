"""Property-based fuzzing of the public site (hypothesis): every public page's
GET parameters, every path converter and every public form, in both
languages. Whatever is sent, no answer is a 5xx, no HTML answer echoes a
value unescaped (``conftest.CheckedClient``), and a form stores nothing
invalid. The seed corpus (``strategies.CORPUS``) is sent whole to every
parameter first; hypothesis then draws more, derandomized so that a run is
repeatable (``FUZZ_RANDOM=1`` explores afresh)."""

import urllib.parse

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from publicity.browse_filters import CourtCaseFilterSet, ListEntryFilterSet, PenaltyFilterSet
from publicity.filters import CompanySearchFilter
from publicity.forms import SearchForm
from registry.models import Objection, RepairApplication
from tests.factories import (
    CasePartyFactory,
    CourtCaseFactory,
    ListEntryFactory,
    PenaltyFactory,
    PersonFactory,
    region,
)
from tests.factories_browse import freeze_today
from tests.factories_company_page import LicenceFactory
from tests.fuzz import strategies as fuzz
from tests.fuzz.conftest import CheckedClient
from tests.fuzz.strategies import SETTINGS

languages = st.sampled_from(["", "/en"])


@pytest.fixture
def world(db, time_machine):
    gen = freeze_today(time_machine)
    next(gen)
    penalty = PenaltyFactory(company__region=region("330106"))
    company = penalty.company
    LicenceFactory(company=company, agency=penalty.agency)
    case = CourtCaseFactory()
    CasePartyFactory(case=case, company=company)
    entry = ListEntryFactory(company=company)
    person = PersonFactory()
    company.legal_representative = person
    company.save()
    yield {
        "company": company,
        "penalty": penalty,
        "agency": penalty.agency,
        "court": case.court,
        "entry": entry,
        "person": person,
        "list": entry.credit_list.code,
    }
    translation.deactivate()


def names_of(*sources) -> list[str]:
    found = []
    for source in sources:
        for name in getattr(source, "base_filters", None) or getattr(source, "base_fields", {}):
            if name not in found:
                found.append(name)
    return found


SEARCH = names_of(SearchForm, CompanySearchFilter) + ["page", "format"]
PENALTIES = names_of(PenaltyFilterSet) + ["page", "format"]
CASES = names_of(CourtCaseFilterSet) + ["page", "format"]
LIST = names_of(ListEntryFilterSet) + ["view", "page", "format"]
RECORDS = ["records", "format", "page"]


def pages(world) -> dict[str, tuple[str, list[str], dict]]:
    """Each public page: its path, its parameters and good values for some."""
    company, agency, court = world["company"], world["agency"], world["court"]
    good = {
        "province": ["330000", "110000"],
        "city": ["330100"],
        "authority": [str(agency.pk)],
        "court": [str(court.pk)],
        "format": ["csv", "xlsx", "html"],
        "records": ["penalties", "licences", "court_cases", "list_entries", "ratings"],
        "view": ["current", "removals"],
        "q": ["有限公司", company.uscc, company.name[:3]],
        "page": ["1", "2", "999"],
    }
    return {
        "home": ("/", ["q"], good),
        "search": ("/search/", SEARCH, good),
        "penalties": ("/penalties/", PENALTIES, good),
        "cases": ("/cases/", CASES, good),
        "list": (f"/lists/{world['list']}/", LIST, good),
        "lists": ("/lists/", ["page"], good),
        "agency": (f"/agencies/{agency.pk}/", RECORDS, good),
        "court": (f"/agencies/{court.pk}/", RECORDS, good),
        "company": (f"/companies/{company.uscc}/", RECORDS, good),
        "person": (f"/people/{world['person'].pk}/", ["page"], good),
        "data": ("/data/", ["page"], good),
        "penalty feed": ("/penalties/feed/", PENALTIES, good),
        "follow": ("/follow/", ["reference"], good),
    }


@pytest.fixture
def public(fuzz_client):
    fuzz_client.suite = "public GET"
    return fuzz_client


def test_every_parameter_of_every_page_survives_the_seed_corpus(world, public):
    for _name, (path, names, _good) in pages(world).items():
        for name in names:
            for value in fuzz.CORPUS:
                public.get(path, {name: value})
            for raw in fuzz.INVALID_UTF8:
                public.get(f"{path}?{name}={raw}")


PAGE_NAMES = [
    "home", "search", "penalties", "cases", "list", "lists", "agency", "court",
    "company", "person", "data", "penalty feed", "follow",
]  # fmt: skip


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_drawn_parameters_never_break_a_page(world, public, name):
    path, names, good = pages(world)[name]

    @SETTINGS
    @given(query=fuzz.params(names, good), language=languages)
    def one(query, language):
        public.get(language + path, query)

    one()


def test_path_converters_take_anything(world, public):
    public.suite = "paths"

    @SETTINGS
    @given(segment=fuzz.path_segment(), language=languages)
    def one(segment, language):
        for template in (
            "/companies/{}/",
            "/companies/{}/feed/",
            "/people/{}/",
            "/people/{}/feed/",
            "/agencies/{}/",
            "/agencies/{}/feed/",
            "/lists/{}/",
            "/lists/{}/feed/",
            "/objections/{}/",
            "/credit-repair/{}/",
            "/objections/penalty/{}/new/",
            "/objections/{}/1/new/",
            "/credit-repair/penalties/{}/new/",
            "/data/dumps/{}",
        ):
            public.get(language + template.format(segment))
        public.get(f"/sitemap-{segment}-1.xml")
        public.get(f"/sitemap-companies-{segment}.xml")

    one()
    # Numbers past what the database's integer columns hold.
    for big in ("9" * 30, str(2**63), str(2**31), "0", "00001"):
        for template in ("/people/{}/", "/agencies/{}/", "/objections/penalty/{}/new/",
                         "/credit-repair/penalties/{}/new/", "/sitemap-companies-{}.xml",
                         "/people/{}/feed/", "/agencies/{}/feed/"):  # fmt: skip
            public.get(template.format(big))


# --- The public forms ---------------------------------------------------------------

FORMS = {
    "objection": (Objection, ["grounds", "description", "contact", "website"]),
    "repair": (RepairApplication, ["applicant", "evidence", "contact", "website"]),
}


def form_path(kind, world) -> str:
    if kind == "objection":
        return f"/objections/penalty/{world['penalty'].pk}/new/"
    return f"/credit-repair/penalties/{world['penalty'].pk}/new/"


def good_form(kind) -> dict:
    if kind == "objection":
        return {"grounds": "wrong", "description": "处罚决定书中的日期有误。", "contact": "a@b.cn"}
    return {"applicant": "张三", "evidence": "已履行全部义务。", "contact": "a@b.cn"}


def stored_text_is_clean(model) -> None:
    """Nothing stored holds a control character or a replacement character."""
    bad = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\x7f", "\ufffd"}
    for row in model.objects.all():
        for field in row._meta.concrete_fields:
            value = getattr(row, field.attname)
            if isinstance(value, str):
                assert not (set(value) & bad), (field.name, value)


@pytest.mark.parametrize("kind", list(FORMS))
def test_the_public_forms_store_nothing_invalid(world, fuzz_client, kind):
    fuzz_client.suite = "forms"
    model, names = FORMS[kind]
    path = form_path(kind, world)
    known = {name: [value] for name, value in good_form(kind).items()}
    known["website"] = [""]
    # The good form goes through, so that what is drawn next is measured against it.
    assert fuzz_client.post(path, good_form(kind)).status_code == 302

    @SETTINGS
    @given(data=fuzz.params(names, known), language=languages)
    def one(data, language):
        before = model.objects.count()
        response = fuzz_client.post(language + path, data)
        after = model.objects.count()
        assert after - before in (0, 1)
        if after > before:
            assert response.status_code in (302, 303), response.status_code
        stored_text_is_clean(model)

    one()
    good = good_form(kind)
    for value in fuzz.CORPUS:
        for name in names:
            fuzz_client.post(path, {**good, name: value})
            if name in good:  # the value inside otherwise good text
                fuzz_client.post(path, {**good, name: f"{good[name]}{value}{good[name]}"})
    stored_text_is_clean(model)


def test_a_form_posted_in_another_charset_is_a_clear_refusal(world, fuzz_client):
    client = CheckedClient(enforce_csrf_checks=True)
    client.suite = "forms"
    client.cookies["csrftoken"] = "x" * 32
    body = urllib.parse.urlencode({"description": "é"}, encoding="latin-1")
    for path in (form_path("objection", world), form_path("repair", world), "/admin/login/"):
        response = client.post(
            path, body, content_type="application/x-www-form-urlencoded; charset=latin-1"
        )
        assert response.status_code == 400
