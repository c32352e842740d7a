"""The company page's "change history": registration changes with their
dates and old and new values, newest first, never who made them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registry import services
from tests.factories import valid_code

pytestmark = pytest.mark.django_db

CODE = valid_code(777)


def register(**changes):
    """Write the company through the services, as every channel does."""
    values = {
        "code": CODE,
        "name": "北京星河科技有限公司",
        "entity_type": "limited_liability",
        "legal_representative_name": "王五",
        "registered_capital": Decimal("1000000"),
        "address": "北京市海淀区中关村大街1号",
        "business_scope": "软件开发",
        **changes,
    }
    return services.company_upsert(**values).obj


def dated(company, *days):
    """Give the company's history rows, oldest first, the dates ``days``."""
    rows = list(company.history.order_by("history_date", "history_id"))
    assert len(rows) == len(days)
    for row, day in zip(rows, days, strict=True):
        moment = datetime.datetime.combine(
            day, datetime.time(10), tzinfo=timezone.get_current_timezone()
        )
        type(row).objects.filter(pk=row.pk).update(history_date=moment)


def page(client, company, language=""):
    prefix = "/en" if language == "en" else ""
    return client.get(f"{prefix}{reverse('publicity:company-detail', args=[company.uscc])}")


def section(html):
    match = re.search(r'<section aria-labelledby="changes">.*?</section>', html, re.S)
    return match.group(0) if match else ""


def rows_of(html):
    """(date, label, before, after) of each row of the change history."""
    cells = re.findall(r'<tr class="change">(.*?)</tr>', section(html), re.S)
    out = []
    for cell in cells:
        texts = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", cell, re.S)
        ]
        out.append(tuple(texts))
    return out


def test_changes_are_listed_with_dates_old_and_new_values_newest_first(client):
    register()
    register(name="北京银河科技有限公司", registered_capital=Decimal("5000000"))
    company = register(
        name="北京银河科技有限公司",
        registered_capital=Decimal("5000000"),
        status="in_liquidation",
        address="北京市朝阳区建国路8号",
    )
    dated(company, datetime.date(2019, 5, 1), datetime.date(2022, 3, 4), datetime.date(2025, 7, 9))
    response = page(client, company, "en")
    assert rows_of(response.content.decode()) == [
        ("2025-07-09", "Registered address", "北京市海淀区中关村大街1号", "北京市朝阳区建国路8号"),
        ("2025-07-09", "Status", "in operation", "in liquidation"),
        ("2022-03-04", "Name", "北京星河科技有限公司", "北京银河科技有限公司"),
        ("2022-03-04", "Registered capital", "¥1,000,000.00", "¥5,000,000.00"),
    ]


def test_a_change_of_legal_representative_scope_and_type_is_listed_too(client):
    register()
    company = register(
        legal_representative_name="赵六",
        business_scope="软件开发；技术咨询",
        entity_type="joint_stock",
    )
    labels = [row[1] for row in rows_of(page(client, company, "en").content.decode())]
    assert labels == ["Legal representative", "Business scope", "Entity type"]


def test_no_section_when_nothing_changed(client):
    company = register()
    register()  # the same values again: no change, no history row
    html = page(client, company).content.decode()
    assert section(html) == "" and 'href="#changes"' not in html


def test_who_made_a_change_is_never_shown(client):
    clerk = get_user_model().objects.create_user(username="clerk.zhang", first_name="张科员")
    register()
    company = register(name="北京银河科技有限公司")
    company.history.update(history_user=clerk, history_change_reason="录入人 clerk.zhang")
    html = page(client, company).content.decode()
    assert section(html)
    assert "clerk.zhang" not in html and "张科员" not in html


def test_the_history_costs_one_query_whatever_its_length(client):
    register()
    company = register(name="名称1")
    with CaptureQueriesContext(connection) as short:
        page(client, company)
    for n in range(2, 12):
        register(name=f"名称{n}", address=f"地址{n}")
    with CaptureQueriesContext(connection) as long:
        response = page(client, company)
    assert len(rows_of(response.content.decode())) == 1 + 2 * 10
    assert len(long.captured_queries) == len(short.captured_queries)
    history_queries = [q for q in long.captured_queries if "historicalcompany" in q["sql"]]
    assert len(history_queries) == 1


def test_labels_are_in_chinese_on_the_chinese_page(client):
    register()
    company = register(status="revoked")
    html = page(client, company).content.decode()
    assert "变更记录" in section(html)
    assert rows_of(html)[0][2:] == ("存续", "吊销")
