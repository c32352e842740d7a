"""Reads with readable names. Every public page builds on ``public()``: the
publication rules (publicity windows, withdrawals) are filled in there, so
that no page can show what the rules hide."""

import datetime

from django.db import models
from django.utils import timezone


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


# Only published records reach the public: not drafts, not records waiting for
# review, not withdrawn ones (see registry.models.base.RecordState).
PUBLISHED = models.Q(state="published")


class PenaltyQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        """What the public may see on ``today`` (the request's date).

        Not published: a warning-only penalty under the simple procedure, and
        a penalty past the publicity end date its agency set."""
        from registry.models.penalty import PenaltyCategory

        other_than_warning = PenaltyCategory.objects.filter(penalty=models.OuterRef("pk")).exclude(
            category=PenaltyCategory.Category.WARNING
        )
        return (
            self.filter(PUBLISHED)
            .exclude(models.Q(simple_procedure=True) & ~models.Exists(other_than_warning))
            .filter(
                models.Q(publicity_until__isnull=True)
                | models.Q(publicity_until__gte=_today(today))
            )
        )


class LicenceQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        return self.filter(PUBLISHED)


class CourtCaseQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        return self.filter(PUBLISHED)

    def involving(self, company):
        return self.filter(parties__company=company).distinct()


class ListEntryQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        return self.filter(PUBLISHED)

    def open(self):
        return self.filter(removed_on__isnull=True)

    def removed(self):
        return self.filter(removed_on__isnull=False)


class RatingQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        return self.filter(PUBLISHED)
