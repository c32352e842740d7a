"""Change history (django-simple-history): imports name the command, admin edits
name the user, the admin's History page shows old and new values."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from registry.models import Agency, Company, Penalty, PenaltyCategory
from tests import factories
from tests.registry.test_import_records import (
    AGENCIES,
    COMPANY_HEADER,
    PENALTY_HEADER,
    company_row,
    penalty_row,
    run,
    write,
)
from tests.staff import change_page_data

pytestmark = pytest.mark.django_db

NUMBER = "京海市监罚〔2025〕1号"


@pytest.fixture
def company(tmp_path):
    run("agencies", write(tmp_path, "agencies.csv", AGENCIES))
    code = factories.valid_code(10)
    run("companies", write(tmp_path, "companies.csv", COMPANY_HEADER + company_row(code)))
    return Company.objects.get(uscc=code)


def import_penalty(tmp_path, company, **row):
    path = write(tmp_path, "p.csv", PENALTY_HEADER + penalty_row(NUMBER, company.uscc, **row))
    run("penalties", path)
    return Penalty.objects.get(decision_number=NUMBER)


def history_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("registry").get_models()
        if model.__name__.startswith("Historical")
    }


def test_an_import_records_history_that_names_the_command_and_no_user(tmp_path, company):
    penalty = import_penalty(tmp_path, company)
    agency = Agency.objects.get(name="北京市海淀区市场监督管理局")
    assert agency.history.get().history_change_reason == "import_records agencies agencies.csv"
    created = company.history.get()
    assert created.history_type == "+" and created.history_user is None
    assert created.history_change_reason == "import_records companies companies.csv"
    record = penalty.history.get()
    assert record.history_type == "+" and record.history_user is None
    assert record.history_change_reason == "import_records penalties p.csv"
    categories = PenaltyCategory.history.filter(penalty_id=penalty.pk)
    assert sorted(categories.values_list("category", flat=True)) == ["confiscation", "fine"]
    assert {(c.history_change_reason, c.history_user) for c in categories} == {
        ("import_records penalties p.csv", None)
    }


def test_reimporting_an_unchanged_file_adds_no_history(tmp_path, company):
    import_penalty(tmp_path, company)
    before = history_counts()
    run("companies", str(tmp_path / "companies.csv"))
    import_penalty(tmp_path, company)
    assert history_counts() == before


def test_an_import_that_changes_a_value_records_old_and_new_values(tmp_path, company):
    import_penalty(tmp_path, company)
    first = list(PenaltyCategory.history.values_list("history_id", flat=True))
    penalty = import_penalty(tmp_path, company, fine="60000", category="fine")
    latest, previous = penalty.history.all()[:2]
    assert latest.history_type == "~" and latest.history_user is None
    assert latest.history_change_reason == "import_records penalties p.csv"
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(previous).changes}
    assert changes == {"fine_amount": (Decimal("50000.00"), Decimal("60000.00"))}
    # The categories are replaced as a set: both removed, "fine" added again.
    second = PenaltyCategory.history.exclude(history_id__in=first)
    assert sorted((c.history_type, c.category) for c in second) == [
        ("+", "fine"),
        ("-", "confiscation"),
        ("-", "fine"),
    ]
    assert {c.history_change_reason for c in second} == {"import_records penalties p.csv"}


def test_a_dry_run_records_no_history(tmp_path, company):
    before = history_counts()
    path = write(tmp_path, "p.csv", PENALTY_HEADER + penalty_row(NUMBER, company.uscc))
    run("penalties", path, "--dry-run")
    assert history_counts() == before


def test_an_admin_edit_records_the_user_and_the_history_page_shows_the_change(
    admin_client, admin_user
):
    # Only drafts are edited in the admin (published records are withdrawn).
    penalty = factories.PenaltyFactory(violation_facts="发布虚假广告", state="draft")
    url = reverse("admin:registry_penalty_change", args=[penalty.pk])
    data = change_page_data(admin_client.get(url))
    data["violation_facts"] = "销售过期食品"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = penalty.history.first()
    assert record.history_type == "~" and record.history_user == admin_user
    changes = record.diff_against(record.prev_record).changes
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("violation_facts", "发布虚假广告", "销售过期食品")
    ]

    page = admin_client.get(reverse("admin:registry_penalty_history", args=[penalty.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert admin_user.username in html
    assert "发布虚假广告" in html and "销售过期食品" in html


def test_the_history_page_shows_an_imports_reason_and_old_and_new_values(
    tmp_path, company, admin_client
):
    import_penalty(tmp_path, company)
    penalty = import_penalty(tmp_path, company, fine="60000")
    page = admin_client.get(reverse("admin:registry_penalty_history", args=[penalty.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "import_records penalties p.csv" in html
    assert "50000" in html and "60000" in html


def test_an_old_version_posted_back_from_the_history_changes_nothing(client):
    """The history shows old versions; posting one back (simple-history's
    revert, whose button is hidden) would make a published penalty a draft
    again past the services' review and withdrawal."""
    from tests.staff import form_data, login, make_staff

    bureau = factories.AgencyFactory()
    penalty = factories.PenaltyFactory(agency=bureau, state="draft", violation_facts="旧事实")
    draft = penalty.history.latest()
    penalty.state, penalty.violation_facts = "published", "新事实"
    penalty.save()
    login(client, make_staff(bureau, "bureau_staff"))
    old = reverse("admin:registry_penalty_simple_history", args=[penalty.pk, draft.history_id])

    shown = client.get(old)
    posted = client.post(old, form_data(shown.context["adminform"].form))

    assert shown.status_code == 200
    assert posted.status_code == 403
    penalty.refresh_from_db()
    assert (penalty.state, penalty.violation_facts) == ("published", "新事实")
