"""Reads with readable names. Every public page builds on ``public()``: the
publication rules (publicity windows, withdrawals) are filled in there, so
that no page can show what the rules hide."""

import datetime

from django.db import models
from django.utils import timezone

from registry import public_on, publicity_rules


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


# Only published records reach the public: not drafts, not records waiting for
# review, not withdrawn ones (see registry.models.base.RecordState).
PUBLISHED = models.Q(state="published")


class PenaltyQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        """What the public may see on ``today`` (the request's date).

        Not published: a warning-only penalty under the simple procedure, and
        a penalty past its publicity end (``publicity_ends_on``: the agency's
        ``publicity_until`` inside the legal bounds, else the maximum for its
        severity and violation type; see registry.publicity_rules)."""
        return (
            self.filter(PUBLISHED)
            .exclude(_never_published_penalty(self.model))
            .filter(publicity_ends_on__gte=_today(today))
        )

    def ever_public(self):
        """Published penalties whatever their publicity window: those the
        public sees or saw once (not never-published warnings, drafts,
        records waiting for review or withdrawn ones). What the statistics
        count: a count shows no record's content."""
        return self.filter(PUBLISHED).exclude(_never_published_penalty(self.model))

    def shown_or_gone(self):
        """Published or withdrawn, whatever the day, never-published warnings
        left out: what a company's read model holds (the day's rules are
        applied when it is read: registry.public_on)."""
        return self.filter(state__in=public_on.SHOWN_OR_GONE).exclude(
            _never_published_penalty(self.model)
        )

    def no_longer_public(self, today: datetime.date | None = None):
        """Records the public saw once but no longer sees, with ``gone_because``:
        "ended" (publicity period over) or the withdrawal kind. Never-published
        warnings, drafts and records waiting for review are not among them."""
        return _gone(
            self.exclude(_never_published_penalty(self.model)),
            models.Q(PUBLISHED, publicity_ends_on__lt=_today(today)),
        )


def _never_published_penalty(penalty_model):
    """A simple-procedure penalty imposing only unpublished categories (a
    warning). The category model is reached through the penalty's relation,
    so that this module imports no model."""
    categories = penalty_model._meta.get_field("categories").related_model
    other_than_warning = categories.objects.filter(penalty=models.OuterRef("pk")).exclude(
        category__in=publicity_rules.UNPUBLISHED_SIMPLE_PROCEDURE_CATEGORIES
    )
    return models.Q(simple_procedure=True) & ~models.Exists(other_than_warning)


def _gone(queryset, ended: models.Q):
    """``queryset`` narrowed to records no longer public, annotated with why."""
    withdrawn = models.Q(state="withdrawn")
    return queryset.filter(ended | withdrawn).annotate(
        gone_because=models.Case(
            models.When(withdrawn, then=models.F("withdrawal_kind")),
            default=models.Value("ended"),
            output_field=models.CharField(),
        )
    )


class LicenceQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        return self.filter(PUBLISHED)

    def no_longer_public(self, today: datetime.date | None = None):
        return _gone(self, models.Q(pk__in=[]))


class CourtCaseQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        return self.filter(PUBLISHED)

    def no_longer_public(self, today: datetime.date | None = None):
        return _gone(self, models.Q(pk__in=[]))

    def involving(self, company):
        return self.filter(parties__company=company).distinct()


def _list_entry_public(today: datetime.date) -> models.Q:
    """Public on ``today`` by the list rules (registry.publicity_rules), as SQL
    conditions on the stored dates: the thresholds are computed here from the
    request's date, so the rules need no stored end date (and the removal
    period setting may change without rewriting rows)."""
    from django.conf import settings

    default_days = settings.REMOVED_LIST_ENTRY_PUBLICITY_DAYS

    def removed_within(days: int) -> models.Q:
        return models.Q(removed_on__gte=today - datetime.timedelta(days=days))

    special = publicity_rules.REMOVED_PUBLICITY_DAYS_BY_LIST
    after_removal = models.Q(removed_on__isnull=True) | (
        removed_within(default_days) & ~models.Q(credit_list__code__in=list(special))
    )
    for code, days in special.items():
        after_removal |= removed_within(days) & models.Q(credit_list__code=code)
    not_expired = models.Q()
    for code, months in publicity_rules.EXPIRING_LISTS.items():
        # listed_on + months >= today, i.e. listed_on >= today - months.
        not_expired &= ~models.Q(credit_list__code=code) | (
            models.Q(listed_on__gte=publicity_rules.add_months(today, -months))
            | models.Q(extended_until__gte=today)
        )
    return after_removal & not_expired


class ListEntryQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        """Open entries, and removed ones for a while after their removal
        (REMOVED_LIST_ENTRY_PUBLICITY_DAYS); a dishonest debtor's entry expires
        two years after listing unless extended."""
        return self.filter(PUBLISHED).filter(_list_entry_public(_today(today)))

    def no_longer_public(self, today: datetime.date | None = None):
        return _gone(self, models.Q(PUBLISHED) & ~_list_entry_public(_today(today)))

    def open(self):
        return self.filter(removed_on__isnull=True)

    def removed(self):
        return self.filter(removed_on__isnull=False)


class RatingQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        return self.filter(PUBLISHED)

    def no_longer_public(self, today: datetime.date | None = None):
        return _gone(self, models.Q(pk__in=[]))
