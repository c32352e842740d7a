import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registry import escalation


class Command(BaseCommand):
    help = (
        "Move companies that have stayed on the abnormal-operations list for three years onto "
        "the serious-violation list, and record the three-year restriction on their legal "
        "representative. Idempotent and safe to run daily: a second run changes nothing."
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
                    f"--today must be a date like 2026-05-10, not {today!r}."
                ) from None
        else:
            today = timezone.localdate()
        steps = escalation.plan(today)
        for step in steps:
            if not dry_run:
                escalation.carry_out(step)
            self.stdout.write(step.describe(dry_run))
        listed = sum(step.list_company for step in steps)
        restricted = sum(step.restrict is not None for step in steps)
        summary = (
            f"as of {today}: {listed} company(ies) to the serious-violation list, "
            f"{restricted} restriction(s) on legal representatives."
        )
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run, nothing written {summary}"))
        elif steps:
            self.stdout.write(self.style.SUCCESS(f"Escalated {summary}"))
        else:
            self.stdout.write(f"Nothing to do {summary}")
