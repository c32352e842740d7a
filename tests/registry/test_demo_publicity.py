"""The demo data obeys the publication rules: agencies' publicity ends inside
the legal bounds, and every escalated company's representative restricted."""

from io import StringIO

import pytest
from django.core.management import call_command

from registry import publicity_rules as rules
from registry.models import ListEntry, Penalty, Restriction

pytestmark = pytest.mark.django_db


def test_demo_penalties_and_restrictions_follow_the_rules():
    call_command("seed_demo", companies=1500, seed=3, stdout=StringIO())

    with_end = Penalty.objects.filter(publicity_until__isnull=False)
    assert with_end.exists()
    for penalty in with_end.prefetch_related("categories"):
        rules.validate_publicity_until(
            penalty.publicity_until,
            decided_on=penalty.decided_on,
            severity=penalty.severity,
            violation_type=penalty.violation_type,
        )

    restrictions = Restriction.objects.select_related("source_entry__credit_list", "company")
    assert restrictions.exists()
    for restriction in restrictions:
        entry = restriction.source_entry
        assert entry.credit_list.code == "abnormal_operations" and entry.removed_on is None
        assert restriction.person_id == restriction.company.legal_representative_id
        assert restriction.starts_on >= rules.escalation_due_on(entry.listed_on)
        assert restriction.ends_on == rules.restriction_ends_on(restriction.starts_on)
        assert ListEntry.objects.filter(
            company=restriction.company,
            credit_list__code="serious_violation",
            listed_on=restriction.starts_on,
        ).exists()

    # The command finds nothing left to do for what the seeder escalated.
    out = StringIO()
    call_command("escalate_abnormal_operations", "--dry-run", stdout=out)
    planned = [line for line in out.getvalue().splitlines() if "abnormal-operations entry" in line]
    escalated = {r.source_entry.decision_number for r in restrictions}
    assert not [line for line in planned if any(number in line for number in escalated)]
