"""One write path: a bad record is refused, with the same message and nothing
written, through every channel that writes records:

- the admin's add form (the message next to the field),
- the admin's import (the line and column named, no import batch),
- ``manage.py import_records`` (the line and column named on stderr),
- a direct call of the service,
- approval of a draft that holds the bad value (entered under an older rule):
  the record stays pending and the reviewer reads why.

Each row's expected message is checked by fragments written by hand (dates
computed from the rules by hand, or the catalogue's text of the message).
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from registry import publicity_rules, services
from registry.models import (
    CaseParty,
    CourtCase,
    CreditList,
    ImportBatch,
    ListEntry,
    Penalty,
    PenaltyCategory,
)
from registry.models.base import RecordState
from tests import factories
from tests.staff import login, make_staff

pytestmark = pytest.mark.django_db


def zh(message: str) -> str:
    """The catalogue's Chinese for ``message``: the admin and the command
    speak the site's default language."""
    with translation.override("zh-hans"):
        return gettext(message)


# --- the good rows, one per kind, as import columns --------------------------------

GOOD = {
    "penalties": {
        "decision_number": "京海市监罚〔2026〕77号",
        "violation_type": "market_order",
        "violation_facts": "虚假宣传",
        "legal_basis": "《中华人民共和国反不正当竞争法》第八条",
        "penalty_category": "fine",
        "penalty_content": "罚款人民币五万元",
        "fine_amount": "50000",
        "decided_on": "2026-06-01",
        "severity": "general",
        "publicity_until": "",
        "simple_procedure": "false",
    },
    "list-entries": {
        "list_code": "dishonest_debtor",
        "reason": "有履行能力而拒不履行生效法律文书确定义务",
        "listed_on": "2026-04-01",
        "decision_number": "(2026)京0108执恢77号",
        "extended_until": "",
        "removed_on": "",
        "removal_reason": "",
    },
    "cases": {
        "case_number": "(2026)京0108民初77号",
        "case_type": "civil",
        "cause_of_action": "买卖合同纠纷",
        "filed_on": "2026-03-02",
        "defendants": "{uscc}",
    },
}
MODELS = {"penalties": Penalty, "list-entries": ListEntry, "cases": CourtCase}
ADMIN_NAMES = {"penalties": "penalty", "list-entries": "listentry", "cases": "courtcase"}


@dataclass
class Bad:
    id: str
    kind: str
    changes: dict  # import column -> value, over the good row
    column: str  # where the import names the problem
    field: str  # where the form and the service name it
    fragments: tuple  # found in the message of every channel
    # False where the database itself refuses such a draft (a named
    # constraint), so that no draft can hold the value to be approved.
    draft_possible: bool = True
    setup: dict = field(default_factory=dict)


BAD = [
    Bad(
        "penalty publicity past the maximum of its severity",
        "penalties",
        {"publicity_until": "2028-06-01"},
        "publicity_until",
        "publicity_until",
        # general: 3 to 12 months from 2026-06-01
        ("2026-09-01", "2027-06-01", "2028-06-01"),
    ),
    Bad(
        "food-safety penalty public for less than the one-year minimum",
        "penalties",
        {"violation_type": "food_safety", "publicity_until": "2026-12-01"},
        "publicity_until",
        "publicity_until",
        ("2027-06-01",),
    ),
    Bad(
        "simple-procedure warning given a publicity end",
        "penalties",
        {
            "penalty_category": "warning",
            "fine_amount": "",
            "penalty_content": "警告",
            "simple_procedure": "true",
            "publicity_until": "2026-09-01",
        },
        "publicity_until",
        "publicity_until",
        (
            zh(
                "A warning under the simple procedure is never published: leave the "
                "publicity end empty."
            ),
        ),
    ),
    Bad(
        "fine without an amount",
        "penalties",
        {"fine_amount": ""},
        "fine_amount",
        "fine_amount",
        (zh("A fine needs a fine amount."),),
    ),
    Bad(
        "negative fine",
        "penalties",
        {"fine_amount": "-5000"},
        "fine_amount",
        "fine_amount",
        (zh("An amount cannot be negative."),),
        draft_possible=False,
    ),
    Bad(
        "dishonest debtor extended by a hundred years",
        "list-entries",
        {"extended_until": "2125-04-01"},
        "extended_until",
        "extended_until",
        # listed 2026-04-01, expires after 2 years, extension 1 to 3 years
        ("2028-04-01", "2029-04-01", "2031-04-01"),
    ),
    Bad(
        "extension of an entry on a list that does not expire",
        "list-entries",
        {"list_code": "abnormal_operations", "extended_until": "2029-04-01"},
        "extended_until",
        "extended_until",
        (zh("Entries of this list do not expire: they cannot be extended."),),
    ),
    Bad(
        "second open entry of the company on the same list",
        "list-entries",
        {},
        "uscc",
        "company",
        ("(2025)京0108执恢1号", "2025-05-06"),
        draft_possible=False,
        setup={"open_entry": "(2025)京0108执恢1号"},
    ),
    Bad(
        "case number of another court",
        "cases",
        {"case_number": "(2026)沪0101民初77号"},
        "case_number",
        "case_number",
        ("沪0101", "京0108"),
    ),
    Bad(
        "case type against the case number",
        "cases",
        {"case_type": "criminal"},
        "case_type",
        "case_type",
        ("民初", "criminal"),
    ),
    Bad(
        "case without a party",
        "cases",
        {"defendants": ""},
        "defendants",
        "parties",
        (zh("A case needs at least one party."),),
    ),
]


# --- the agencies, their staff, the company --------------------------------------


@pytest.fixture
def bureau():
    return factories.AgencyFactory(name="北京市海淀区市场监督管理局")


@pytest.fixture
def court():
    return factories.CourtFactory(name="北京市海淀区人民法院", court_code="京0108")


@pytest.fixture
def company():
    return factories.CompanyFactory(name="北京甲乙商贸有限公司")


@pytest.fixture
def staff(bureau, court):
    """Two staff members of each agency (maker, checker), allowed to import."""
    people = {}
    for agency, prefix in ((bureau, "bureau"), (court, "court")):
        for role in ("maker", "checker"):
            user = make_staff(agency, f"{prefix}-{role}")
            user.user_permissions.add(
                *Permission.objects.filter(
                    codename__in=["import_penalty", "import_listentry", "import_courtcase"]
                )
            )
            people[(prefix, role)] = user
    return people


def agency_key(kind: str) -> str:
    return "bureau" if kind == "penalties" else "court"


def row_of(bad: Bad, company) -> dict:
    row = {**GOOD[bad.kind], **bad.changes}
    if bad.kind != "cases":
        row["uscc"] = company.uscc
    return {k: v.format(uscc=company.uscc) for k, v in row.items()}


def prepare(bad: Bad, company, court):
    if "open_entry" in bad.setup:
        factories.ListEntryFactory(
            credit_list=CreditList.objects.get(code="dishonest_debtor"),
            company=company,
            authority=court,
            listed_on=datetime.date(2025, 5, 6),
            decision_number=bad.setup["open_entry"],
        )


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Penalty, PenaltyCategory, ListEntry, CourtCase, CaseParty, ImportBatch)
    }


def has_fragments(text: str, bad: Bad) -> bool:
    return all(fragment in text for fragment in bad.fragments)


def as_csv(row: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


def day(value: str):
    return datetime.date.fromisoformat(value) if value else None


# --- the channels ------------------------------------------------------------------


def admin_form_data(bad: Bad, row: dict, company) -> dict:
    if bad.kind == "penalties":
        data = {
            key: row[key]
            for key in (
                "decision_number",
                "violation_type",
                "violation_facts",
                "legal_basis",
                "penalty_content",
                "fine_amount",
                "decided_on",
                "severity",
                "publicity_until",
            )
        }
        data["company"] = company.pk
        data["categories"] = row["penalty_category"].split(";")
        if row["simple_procedure"] == "true":
            data["simple_procedure"] = "on"
        return data
    if bad.kind == "list-entries":
        return {
            "credit_list": CreditList.objects.get(code=row["list_code"]).pk,
            "company": company.pk,
            "reason": row["reason"],
            "listed_on": row["listed_on"],
            "decision_number": row["decision_number"],
            "extended_until": row["extended_until"],
            "debtor-TOTAL_FORMS": "0",
            "debtor-INITIAL_FORMS": "0",
        }
    data = {
        "case_number": row["case_number"],
        "case_type": row["case_type"],
        "cause_of_action": row["cause_of_action"],
        "filed_on": row["filed_on"],
        "parties-TOTAL_FORMS": "1" if row["defendants"] else "0",
        "parties-INITIAL_FORMS": "0",
    }
    if row["defendants"]:
        data.update(
            {"parties-0-role": "defendant", "parties-0-name": company.name},
            **{"parties-0-company": company.pk},
        )
    return data


def service_call(bad: Bad, row: dict, company, bureau, court):
    if bad.kind == "penalties":
        return services.penalty_upsert(
            agency=bureau,
            decision_number=row["decision_number"],
            company=company,
            violation_type=row["violation_type"],
            violation_facts=row["violation_facts"],
            legal_basis=row["legal_basis"],
            categories=row["penalty_category"].split(";"),
            penalty_content=row["penalty_content"],
            decided_on=day(row["decided_on"]),
            fine_amount=Decimal(row["fine_amount"]) if row["fine_amount"] else None,
            publicity_until=day(row["publicity_until"]),
            severity=row["severity"],
            simple_procedure=row["simple_procedure"] == "true",
        )
    if bad.kind == "list-entries":
        return services.list_entry_upsert(
            credit_list=CreditList.objects.get(code=row["list_code"]),
            company=company,
            reason=row["reason"],
            listed_on=day(row["listed_on"]),
            decision_number=row["decision_number"],
            authority=court,
            extended_until=day(row["extended_until"]),
        )
    parties = (
        [services.PartyInput(role="defendant", name=company.name, company=company)]
        if row["defendants"]
        else []
    )
    return services.court_case_upsert(
        case_number=row["case_number"],
        court=court,
        parties=parties,
        case_type=row["case_type"],
        cause_of_action=row["cause_of_action"],
        filed_on=day(row["filed_on"]),
    )


def draft_holding(bad: Bad, row: dict, company, bureau, court, maker):
    """A pending record holding the bad value, as entered under an older rule."""
    review = {
        "state": RecordState.PENDING,
        "entered_by": maker,
        "submitted_by": maker,
    }
    if bad.kind == "penalties":
        penalty = factories.PenaltyFactory(
            agency=bureau,
            company=company,
            decision_number=row["decision_number"],
            violation_type=row["violation_type"],
            penalty_content=row["penalty_content"],
            fine_amount=Decimal(row["fine_amount"]) if row["fine_amount"] else None,
            decided_on=day(row["decided_on"]),
            publicity_until=day(row["publicity_until"]),
            severity=row["severity"],
            simple_procedure=row["simple_procedure"] == "true",
            **review,
        )
        penalty.categories.all().delete()
        for code in row["penalty_category"].split(";"):
            PenaltyCategory.objects.create(penalty=penalty, category=code)
        return penalty
    if bad.kind == "list-entries":
        return factories.ListEntryFactory(
            credit_list=CreditList.objects.get(code=row["list_code"]),
            company=company,
            authority=court,
            listed_on=day(row["listed_on"]),
            decision_number=row["decision_number"],
            extended_until=day(row["extended_until"]),
            **review,
        )
    case = factories.CourtCaseFactory(
        court=court,
        case_number=row["case_number"],
        case_type=row["case_type"],
        **review,
    )
    if row["defendants"]:
        factories.CasePartyFactory(case=case, company=company)
    return case


# --- the test ------------------------------------------------------------------------


@pytest.mark.parametrize("bad", BAD, ids=lambda bad: bad.id)
def test_a_bad_record_is_refused_alike_by_every_channel_and_nothing_is_written(
    bad, client, tmp_path, company, bureau, court, staff
):
    prepare(bad, company, court)
    row = row_of(bad, company)
    before = counts()
    maker = staff[(agency_key(bad.kind), "maker")]
    name = ADMIN_NAMES[bad.kind]

    # 1. The admin's add form: the message next to the field, nothing saved.
    login(client, maker)
    response = client.post(
        reverse(f"admin:registry_{name}_add"), admin_form_data(bad, row, company)
    )
    assert response.status_code == 200, f"{bad.id}: the admin saved it"
    form = response.context["adminform"].form
    if bad.field in form.fields:
        shown = " ".join(form.errors.get(bad.field, []))
    else:  # a case's parties: the inline's own errors
        formset = response.context["inline_admin_formsets"][0].formset
        shown = " ".join(formset.non_form_errors())
    assert has_fragments(shown, bad), f"{bad.id}: admin form says {form.errors!r}"
    assert counts() == before

    # 2. The admin's import: the line and column named, no batch.
    upload = SimpleUploadedFile(f"{name}.csv", as_csv(row).encode(), content_type="text/csv")
    response = client.post(reverse(f"admin:registry_{name}_import"), {"import_file": upload})
    result = response.context["result"]
    named = [e for e in result.errors if e.line == 2 and e.column == bad.column]
    assert named and has_fragments(named[0].message, bad), f"{bad.id}: {result.errors!r}"
    assert "confirm_form" not in response.context
    assert counts() == before

    # 3. The import command: the same, on stderr.
    path = tmp_path / "records.csv"
    agency_column = {"penalties": "authority", "list-entries": "authority", "cases": "court"}
    path.write_text(
        as_csv(
            {**row, agency_column[bad.kind]: (bureau if bad.kind == "penalties" else court).name}
        ),
        encoding="utf-8",
    )
    stderr = io.StringIO()
    with translation.override("zh-hans"), pytest.raises(CommandError):
        call_command("import_records", bad.kind, str(path), stderr=stderr)
    line = next((text for text in stderr.getvalue().splitlines() if bad.column in text), "")
    assert has_fragments(line, bad), f"{bad.id}: {stderr.getvalue()}"
    assert counts() == before

    # 4. The service itself.
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        service_call(bad, row, company, bureau, court)
    assert has_fragments(" ".join(refused.value.message_dict.get(bad.field, [])), bad)
    assert counts() == before

    # 5. Approval of a draft holding the value: refused, still pending.
    if not bad.draft_possible:
        return
    draft = draft_holding(bad, row, company, bureau, court, maker)
    checker = staff[(agency_key(bad.kind), "checker")]
    login(client, checker)
    response = client.post(reverse(f"admin:registry_{name}_approve", args=[draft.pk]), follow=True)
    said = " ".join(str(message) for message in response.context["messages"])
    assert has_fragments(said, bad), f"{bad.id}: approval says {said!r}"
    draft.refresh_from_db()
    assert draft.state == RecordState.PENDING
    assert not type(draft).objects.public(datetime.date(2026, 12, 1)).filter(pk=draft.pk).exists()


def test_a_draft_made_invalid_by_a_later_rule_change_is_refused_at_approval(
    client, company, bureau, staff, monkeypatch
):
    """Entered and submitted under the rules of the day; the rule changes; the
    colleague's approval is refused with the new bounds."""
    maker, checker = staff[("bureau", "maker")], staff[("bureau", "checker")]
    login(client, maker)
    row = row_of(BAD[0], company)
    data = admin_form_data(BAD[0], {**row, "publicity_until": "2027-06-01"}, company)
    assert client.post(reverse("admin:registry_penalty_add"), data).status_code == 302
    penalty = Penalty.objects.get(decision_number=row["decision_number"])
    client.post(reverse("admin:registry_penalty_submit", args=[penalty.pk]))
    penalty.refresh_from_db()
    assert penalty.state == RecordState.PENDING

    # General penalties are now public for 3 to 6 months.
    monkeypatch.setitem(publicity_rules.PENALTY_PUBLICITY_MONTHS, "general", (3, 6))
    login(client, checker)
    response = client.post(
        reverse("admin:registry_penalty_approve", args=[penalty.pk]), follow=True
    )
    said = " ".join(str(message) for message in response.context["messages"])
    assert "2026-12-01" in said and "2027-06-01" in said
    penalty.refresh_from_db()
    assert penalty.state == RecordState.PENDING


def test_a_rating_grade_outside_its_scheme_is_refused_next_to_the_grade(client, bureau, company):
    from tests.factories_company_page import RatingSchemeFactory

    scheme = RatingSchemeFactory(agency=bureau, grades=["A", "B", "M", "C", "D"])
    maker = make_staff(bureau, "rater")
    login(client, maker)
    response = client.post(
        reverse("admin:registry_rating_add"),
        {
            "scheme": scheme.pk,
            "company": company.pk,
            "grade": "Z",
            "period": "2025",
            "rated_on": "2026-04-01",
        },
    )
    assert response.status_code == 200
    said = " ".join(response.context["adminform"].form.errors["grade"])
    assert "Z" in said and "A, B, M, C, D" in said
    with pytest.raises(ValidationError) as refused:
        services.record_check(
            factories_rating(scheme, company, grade="Z", state=RecordState.PENDING)
        )
    assert "A, B, M, C, D" in " ".join(refused.value.message_dict["grade"])


def factories_rating(scheme, company, **values):
    from registry.models import Rating

    return Rating(
        scheme=scheme, company=company, period="2025", rated_on=datetime.date(2026, 4, 1), **values
    )


def test_only_a_draft_is_deleted_and_a_published_record_is_not(client, bureau, company, staff):
    maker = staff[("bureau", "maker")]
    draft = factories.PenaltyFactory(
        agency=bureau, company=company, state=RecordState.DRAFT, entered_by=maker
    )
    published = factories.PenaltyFactory(agency=bureau, company=company)
    with pytest.raises(ValidationError):
        services.record_delete(record=published, user=maker)
    draft_id = draft.pk
    services.record_delete(record=draft, user=maker)
    assert list(Penalty.objects.values_list("pk", flat=True)) == [published.pk]
    assert Penalty.history.filter(id=draft_id, history_type="-").get().history_user == maker
