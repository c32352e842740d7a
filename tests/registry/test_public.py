"""public(): what the pages may show."""

import datetime

import pytest

from registry.models import Penalty
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 1)


def public_ids(today=DAY):
    return set(Penalty.objects.public(today).values_list("pk", flat=True))


def test_a_warning_under_the_simple_procedure_is_never_published():
    hidden = factories.PenaltyFactory(simple_procedure=True, categories=["warning"])
    shown = factories.PenaltyFactory(simple_procedure=True, categories=["warning", "fine"])
    ordinary_warning = factories.PenaltyFactory(categories=["warning"])
    assert public_ids() == {shown.pk, ordinary_warning.pk}
    assert hidden.pk not in public_ids()


def test_a_penalty_leaves_public_view_after_its_publicity_end_date():
    penalty = factories.PenaltyFactory(
        decided_on=datetime.date(2025, 6, 1), publicity_until=datetime.date(2026, 3, 1)
    )
    assert penalty.pk in public_ids(datetime.date(2026, 3, 1))
    assert penalty.pk not in public_ids(datetime.date(2026, 3, 2))
    assert Penalty.objects.filter(pk=penalty.pk).exists()
