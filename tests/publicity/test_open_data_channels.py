"""Every open-data channel reads what the page reads: for a grid of filters,
the penalties page, its CSV, its Atom feed and the API list the same
penalties; the court cases page, its CSV and the API the same cases; a
list's page (current entries and removals), its CSV and the API the same
entries. A withdrawn record, one past its publicity period and a draft are in
none of them."""

import csv
import datetime
import io
import re
from decimal import Decimal

import feedparser
import pytest
from django.urls import reverse

from registry.models import PenaltyCategory
from registry.models.base import RecordState, WithdrawalKind
from tests.factories import AgencyFactory, CompanyFactory, PenaltyFactory, region
from tests.factories_browse import freeze_today

PENALTIES = reverse("publicity:penalty-list")
FEED = reverse("publicity:penalty-feed")
API = "/api/v1/penalties/"

# Each a set of filters, by the penalties page's own parameter names.
GRID = [
    {},
    {"province": "330000"},
    {"province": "330000", "city": "330100"},
    {"violation_type": "food_safety"},
    {"category": "warning"},
    {"fine_min": "10000"},
    {"fine_max": "9999.99"},
    {"fine_min": "5000", "fine_max": "60000"},
    {"decided_from": "2025-05-01", "decided_to": "2025-08-31"},
    {"province": "110000", "violation_type": "market_order", "fine_min": "1"},
    # The keyword: a fragment of the company's name, the beginning of a
    # decision number (as printed, or typed with other brackets).
    {"q": "钱塘渠道"},
    {"q": "钱塘渠道", "category": "fine"},
    {"q": "渠道罚〔2025〕4"},
    {"q": "渠道罚(2025)5"},
]
# Company names by place: a keyword finds the companies of one place.
NAMED = {"bj": "京华", "hz": "钱塘", "nb": "甬江"}


@pytest.fixture(autouse=True)
def today(db, time_machine):
    yield from freeze_today(time_machine)


@pytest.fixture
def world():
    """Penalties of companies in Beijing, Hangzhou and Ningbo, with different
    violations, categories, fines and dates; and three that must never show."""
    agency = AgencyFactory(name="测试市场监督管理局")
    places = {"bj": region("110108"), "hz": region("330106"), "nb": region("330212")}
    rows = [
        ("bj", "market_order", "fine", "50000", "2025-06-01"),
        ("bj", "food_safety", "fine", "8000", "2025-07-15"),
        ("hz", "food_safety", "warning", None, "2025-05-10"),
        ("hz", "market_order", "fine", "120000", "2025-09-20"),
        ("nb", "production_safety", "fine", "9999.99", "2025-08-31"),
        ("nb", "market_order", "confiscation", "5000", "2025-04-30"),
    ]
    for n, (place, violation, category, fine, decided) in enumerate(rows):
        penalty = PenaltyFactory(
            agency=agency,
            company=CompanyFactory(region=places[place], name=f"{NAMED[place]}渠道{n}商贸有限公司"),
            decision_number=f"渠道罚〔2025〕{n + 1}号",
            violation_type=violation,
            fine_amount=Decimal(fine) if fine else None,
            decided_on=datetime.date.fromisoformat(decided),
            severity="serious",
        )
        penalty.categories.all().delete()
        PenaltyCategory.objects.create(penalty=penalty, category=category)
    hidden = {
        "withdrawn": {
            "state": RecordState.WITHDRAWN,
            "withdrawn_on": datetime.date(2025, 10, 1),
            "withdrawal_kind": WithdrawalKind.CORRECTED,
            "withdrawal_reason": "更正",
        },
        "draft": {"state": RecordState.DRAFT},
        "expired": {"decided_on": datetime.date(2023, 1, 5), "severity": "minor"},
    }
    for name, fields in hidden.items():
        penalty = PenaltyFactory(
            agency=agency,
            company=CompanyFactory(region=places["hz"]),
            decision_number=f"不应公示〔2025〕{name}号",
            violation_type="food_safety",
            fine_amount=Decimal("20000"),
            **{"decided_on": datetime.date(2025, 7, 1), "severity": "serious", **fields},
        )
        penalty.categories.all().delete()
        PenaltyCategory.objects.create(penalty=penalty, category="fine")
    return agency


NUMBER = re.compile(r"(渠道罚〔2025〕\d+号|不应公示〔2025〕\w+号)")


def on_page(client, filters) -> set[str]:
    response = client.get(PENALTIES, filters)
    assert response.status_code == 200
    return set(NUMBER.findall(response.content.decode()))


def in_csv(client, filters) -> set[str]:
    response = client.get(PENALTIES, {**filters, "format": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body)))
    return {row["decision_number"] for row in rows}


def in_feed(client, filters) -> set[str]:
    response = client.get(FEED, filters)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    return {m for entry in feed.entries for m in NUMBER.findall(entry.title + entry.summary)}


def in_api(client, filters) -> set[str]:
    found, url, params = set(), API, {**filters, "page_size": 100}
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        found |= {record["decision_number"] for record in body["results"]}
        url, params = body.get("next"), {}
    return found


@pytest.mark.parametrize(
    "filters", GRID, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()) or "none"
)
def test_the_same_filters_give_the_same_penalties_on_every_channel(client, world, filters):
    page = on_page(client, filters)
    assert in_csv(client, filters) == page
    assert in_feed(client, filters) == page
    assert in_api(client, filters) == page
    assert not any(number.startswith("不应公示") for number in page)


def test_the_grid_is_not_comparing_empty_answers(client, world):
    sizes = [len(on_page(client, filters)) for filters in GRID]
    assert sizes[0] == 6 and all(size < 6 for size in sizes[1:]) and all(sizes)


# --- court cases: the page, its CSV and the API ------------------------------------

CASES = reverse("publicity:case-list")
CASE_GRID = [
    {},
    {"case_type": "civil"},
    {"cause": "买卖"},
    {"province": "110000"},
    {"province": "310000", "case_type": "civil"},
    {"filed_from": "2025-01-01"},
    {"filed_to": "2025-01-01", "case_type": "civil"},
    {"q": "买卖渠道"},  # a party's name
    {"q": "（2024）沪0115"},  # the beginning of a case number, typed with full-width brackets
]


@pytest.fixture
def cases():
    from tests.factories import CasePartyFactory, CourtCaseFactory, CourtFactory

    beijing = CourtFactory(name="北京市海淀区人民法院", region=region("110108"))
    shanghai = CourtFactory(
        name="上海市浦东新区人民法院", region=region("310115"), court_code="沪0115"
    )
    made = []
    for n, (court, case_type, cause, filed) in enumerate(
        [
            (beijing, "civil", "买卖合同纠纷", datetime.date(2024, 3, 1)),
            (beijing, "enforcement", "借款合同纠纷", datetime.date(2025, 2, 1)),
            (shanghai, "civil", "买卖合同纠纷", datetime.date(2025, 5, 1)),
            (shanghai, "administrative", "行政处罚", None),
        ]
    ):
        case = CourtCaseFactory(
            court=court, case_type=case_type, cause_of_action=cause, filed_on=filed
        )
        CasePartyFactory(case=case, company=CompanyFactory(name=f"{cause[:2]}渠道{n}有限公司"))
        made.append(case)
    draft = CourtCaseFactory(court=beijing, state=RecordState.DRAFT, case_type="civil")
    CasePartyFactory(case=draft)
    return made, draft


def case_numbers_in(text, cases) -> set[str]:
    return {case.case_number for case in cases if case.case_number in text}


@pytest.mark.parametrize(
    "filters", CASE_GRID, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()) or "none"
)
def test_the_same_filters_give_the_same_cases_on_the_page_its_csv_and_the_api(
    client, cases, filters
):
    made, draft = cases
    everything = [*made, draft]
    page = client.get(CASES, filters)
    assert page.status_code == 200
    shown = case_numbers_in(page.content.decode(), everything)

    response = client.get(CASES, {**filters, "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    in_csv = {row["case_number"] for row in csv.DictReader(io.StringIO(body))}

    found, url, params = set(), "/api/v1/cases/", {**filters, "page_size": 100}
    while url:
        answer = client.get(url, params)
        assert answer.status_code == 200, answer.content
        found |= {record["case_number"] for record in answer.json()["results"]}
        url, params = answer.json().get("next"), {}

    assert shown and in_csv == shown and found == shown
    assert draft.case_number not in shown
    if filters:
        assert len(shown) < len(made)


# --- a list's entries and removals: the page, its CSV and the API -------------------


@pytest.fixture
def listed():
    """Current entries and removals of the abnormal-operations list in
    Beijing, Hangzhou and Ningbo by two authorities; an entry removed more
    than a year ago; and a draft, a withdrawn entry and another list's entry,
    which the list's page never shows."""
    from tests.factories import ListEntryFactory, credit_list

    beijing = AgencyFactory(name="北京市海淀区市场监督管理局")
    hangzhou = AgencyFactory(name="杭州市西湖区市场监督管理局")
    places = {"bj": region("110108"), "hz": region("330106"), "nb": region("330212")}
    rows = [
        # number, place, listed by, listed on, removed on, removed by
        ("现〔2025〕1号", "bj", beijing, "2025-04-01", None, None),
        ("现〔2025〕2号", "hz", hangzhou, "2025-06-10", None, None),
        ("现〔2025〕3号", "nb", hangzhou, "2025-09-01", None, None),
        ("现〔2025〕4号", "hz", beijing, "2024-12-15", None, None),
        ("移〔2025〕1号", "bj", beijing, "2024-05-01", "2025-10-01", hangzhou),
        ("移〔2025〕2号", "hz", hangzhou, "2024-07-01", "2025-03-01", hangzhou),
        ("移〔2025〕3号", "nb", beijing, "2024-02-01", "2025-07-20", beijing),
    ]
    made = []
    for number, place, authority, listed_on, removed_on, remover in rows:
        made.append(
            ListEntryFactory(
                company=CompanyFactory(
                    region=places[place], name=f"{NAMED[place]}名录第{len(made)}有限公司"
                ),
                decision_number=number,
                authority=authority,
                listed_on=datetime.date.fromisoformat(listed_on),
                removed_on=datetime.date.fromisoformat(removed_on) if removed_on else None,
                removal_authority=remover,
                removal_reason="已补报年度报告并公示" if removed_on else "",
            )
        )
    made.append(
        ListEntryFactory(
            decision_number="藏〔2025〕旧号",
            authority=beijing,
            company=CompanyFactory(region=places["bj"]),
            listed_on=datetime.date(2023, 1, 1),
            removed_on=datetime.date(2024, 11, 1),
            removal_authority=beijing,
            removal_reason="已补报年度报告并公示",
        )
    )
    made.append(
        ListEntryFactory(
            decision_number="藏〔2025〕草号",
            authority=beijing,
            company=CompanyFactory(region=places["bj"]),
            state=RecordState.DRAFT,
        )
    )
    made.append(
        ListEntryFactory(
            decision_number="藏〔2025〕撤号",
            authority=beijing,
            company=CompanyFactory(region=places["bj"]),
            state=RecordState.WITHDRAWN,
            withdrawn_on=datetime.date(2025, 10, 1),
            withdrawal_kind=WithdrawalKind.CORRECTED,
            withdrawal_reason="更正",
        )
    )
    made.append(
        ListEntryFactory(
            decision_number="藏〔2025〕他号",
            authority=beijing,
            company=CompanyFactory(region=places["bj"]),
            credit_list=credit_list("serious_violation"),
        )
    )
    return {
        "code": "abnormal_operations",
        "beijing": beijing,
        "hangzhou": hangzhou,
        # The page's removals table names the company, not the decision.
        "by_company": {entry.company.get_absolute_url(): entry.decision_number for entry in made},
    }


def entry_grid(listed):
    return [
        {},
        {"province": "110000"},
        {"province": "330000", "city": "330200"},
        {"authority": str(listed["beijing"].pk)},
        {"authority": str(listed["hangzhou"].pk)},
        {"date_from": "2025-05-01"},
        {"date_to": "2025-06-30", "province": "330000"},
        {"q": "钱塘名录"},
        {"q": "名录", "province": "110000"},
    ]


def entries_on_every_channel(client, listed, view, filters):
    prefix = "现" if view == "current" else "移"
    code = listed["code"]
    url = reverse("publicity:list-detail", args=[code])
    page = client.get(url, {**filters, "view": view})
    assert page.status_code == 200
    html = page.content.decode()
    shown = {
        number
        for link, number in listed["by_company"].items()
        if f'href="{link}"' in html and number.startswith(prefix)
    }
    response = client.get(url, {**filters, "view": view, "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    in_csv = {row["decision_number"] for row in csv.DictReader(io.StringIO(body))}
    found, api = set(), f"/api/v1/lists/{code}/entries/"
    params = {**filters, "view": view, "page_size": 100}
    while api:
        answer = client.get(api, params)
        assert answer.status_code == 200, answer.content
        found |= {record["decision_number"] for record in answer.json()["results"]}
        api, params = answer.json().get("next"), {}
    return shown, in_csv, found


@pytest.mark.parametrize("view", ["current", "removals"])
def test_the_same_filters_give_the_same_list_entries_on_the_page_its_csv_and_the_api(
    client, listed, view
):
    sizes = []
    for filters in entry_grid(listed):
        shown, in_csv, in_api = entries_on_every_channel(client, listed, view, filters)
        assert in_csv == shown, filters
        assert in_api == shown, filters
        assert not any(number.startswith("藏") for number in shown | in_csv | in_api)
        sizes.append(len(shown))
    # Not comparing empty answers: every filter narrows, none empties.
    assert sizes[0] in (3, 4) and all(0 < size < sizes[0] for size in sizes[1:]), sizes


def test_list_entry_api_page_filters_need_a_view(client, listed):
    answer = client.get(f"/api/v1/lists/{listed['code']}/entries/", {"province": "110000"})
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["province"]
    bad_view = client.get(f"/api/v1/lists/{listed['code']}/entries/", {"view": "all"})
    assert bad_view.status_code == 400 and list(bad_view.json()["errors"]) == ["view"]
    bad_authority = client.get(
        f"/api/v1/lists/{listed['code']}/entries/", {"view": "current", "authority": "999999"}
    )
    assert bad_authority.status_code == 400
    assert list(bad_authority.json()["errors"]) == ["authority"]
    everything = client.get("/api/v1/list-entries/", {"page_size": 100}).json()["results"]
    numbers = {record["decision_number"] for record in everything}
    # Without a view: every public entry of every list, the old removal included
    # while it is public; never the draft or the withdrawn one.
    assert "藏〔2025〕他号" in numbers and "现〔2025〕1号" in numbers
    assert not {"藏〔2025〕草号", "藏〔2025〕撤号"} & numbers


@pytest.mark.parametrize(
    "view, keyword, expected",
    [
        ("current", "现〔2025〕2", {"现〔2025〕2号"}),
        ("current", "现[2025]3", {"现〔2025〕3号"}),
        ("removals", "移(2025)", {"移〔2025〕1号", "移〔2025〕2号", "移〔2025〕3号"}),
        ("removals", "现〔2025〕", set()),
    ],
)
def test_a_decision_number_finds_the_same_list_entries_on_every_channel(
    client, listed, view, keyword, expected
):
    shown, in_csv, in_api = entries_on_every_channel(client, listed, view, {"q": keyword})

    assert shown == in_csv == in_api == expected
