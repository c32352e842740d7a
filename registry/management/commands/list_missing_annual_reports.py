import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from registry import filing_rule


class Command(BaseCommand):
    help = (
        "List on the abnormal-operations list (ground 1) every company in operation without "
        "its annual report for the previous year, from 1 July (registry/filing_rule.py says "
        "who must report). Idempotent and safe to run daily: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be done, without writing anything.",
        )
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="Run as of this date (default: today).",
        )

    def handle(self, *args, dry_run, today, **options):
        if today:
            try:
                today = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(
                    f"--today must be a date like 2026-07-01, not {today!r}."
                ) from None
        else:
            today = timezone.localdate()
        year = filing_rule.overdue_year(today)
        steps = filing_rule.plan(today)
        listed = 0
        for n, step in enumerate(steps, 1):
            if not dry_run and not step.note:
                with transaction.atomic():
                    filing_rule.carry_out(step)
            listed += not step.note
            self.stdout.write(step.describe(dry_run))
            if n % 1000 == 0:
                self.stderr.write(f"{n} of {len(steps)} done")
        summary = f"as of {today}: {listed} company(ies) without their {year} annual report."
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run, nothing written {summary}"))
        elif listed:
            self.stdout.write(self.style.SUCCESS(f"Listed {summary}"))
        else:
            self.stdout.write(f"Nothing to do {summary}")
