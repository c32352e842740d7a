"""The day's rules for records already loaded (registry.public_on) pick the
same records as the query sets' ``public(today)`` and ``no_longer_public``,
for every kind of record the company page shows, on days either side of
every date the records hold (and of the dates the rules derive from them)."""

import datetime
import random
from io import StringIO

import pytest
from django.core.management import call_command

from registry import public_on
from registry import publicity_rules as rules
from registry.models import (
    AnnualReport,
    ChattelMortgage,
    CourtCase,
    DeregistrationNotice,
    EquityPledge,
    IpPledge,
    JudicialAssistance,
    Licence,
    ListEntry,
    Penalty,
    Rating,
    SpotCheck,
)

pytestmark = pytest.mark.django_db

# model: (what a read model loads, the rule applied to it)
KINDS = {
    Penalty: (lambda: Penalty.objects.shown_or_gone(), public_on.penalty),
    Licence: (None, public_on.published),
    ListEntry: (lambda: _loaded(ListEntry).select_related("credit_list"), public_on.list_entry),
    Rating: (None, public_on.published),
    CourtCase: (None, public_on.published),
    AnnualReport: (None, public_on.annual_report),
    SpotCheck: (None, public_on.published),
    EquityPledge: (None, public_on.published),
    ChattelMortgage: (None, public_on.published),
    IpPledge: (None, public_on.published),
    JudicialAssistance: (None, public_on.judicial),
    DeregistrationNotice: (None, public_on.notice),
}
# Kinds whose records leave public view with a reason (the page's count).
GONE = (Penalty, Licence, ListEntry, Rating, CourtCase)


def _loaded(model):
    return model.objects.filter(state__in=public_on.SHOWN_OR_GONE)


def _days(records, count=40) -> list[datetime.date]:
    """Days either side of every date the records hold, of a removal's end of
    publicity and of an expiring listing's end; a fixed sample of them."""
    days = set()
    for record in records:
        for field in record._meta.concrete_fields:
            value = getattr(record, field.attname)
            if type(value) is datetime.date:
                for edge in (
                    value,
                    value + datetime.timedelta(days=365),
                    rules.add_months(value, 24),
                ):
                    days.update(edge + datetime.timedelta(days=d) for d in (-1, 0, 1))
    return sorted(random.Random(7).sample(sorted(days), min(count, len(days))))


@pytest.fixture
def register():
    call_command("seed_demo", companies=400, seed=11, no_statistics=True, stdout=StringIO())
    # Withdrawn records of each kind that counts them (the demo has removals
    # from every list, and extended dishonest-debtor entries, of its own).
    for model in GONE:
        model.objects.filter(
            pk__in=model.objects.filter(state="published").values("pk")[:3]
        ).update(
            state="withdrawn",
            withdrawn_on=datetime.date(2026, 6, 1),
            withdrawal_kind="corrected",
            withdrawal_reason="Entered twice.",
        )


def test_every_kind_is_public_on_the_same_days_both_ways(register):
    for model, (loaded, rule) in KINDS.items():
        records = list((loaded or (lambda m=model: _loaded(m)))())
        assert records, f"the demo has no {model.__name__}"
        for day in _days(records):
            in_python = {record.pk for record in records if rule(record, day)}
            in_sql = set(model.objects.public(day).values_list("pk", flat=True))
            assert in_python == in_sql, (model.__name__, day)


def test_records_leave_public_view_for_the_same_reasons_both_ways(register):
    rules_by_model = {model: KINDS[model] for model in GONE}
    for model, (loaded, rule) in rules_by_model.items():
        records = list((loaded or (lambda m=model: _loaded(m)))())
        assert any(record.state == "withdrawn" for record in records)
        for day in _days(records, count=15):
            in_python = {
                record.pk: reason
                for record in records
                if (reason := public_on.gone_because(record, rule(record, day))) is not None
            }
            in_sql = dict(model.objects.no_longer_public(day).values_list("pk", "gone_because"))
            assert in_python == in_sql, (model.__name__, day)
