"""Makes the statistics page's summaries again (registry.statistics.refresh)."""

from django.core.management.base import BaseCommand

from registry.statistics.refresh import refresh


class Command(BaseCommand):
    help = (
        "Computes the summaries behind /statistics/ from the record tables and replaces the "
        "old ones in one transaction (the page keeps showing the old figures until then). "
        "Idempotent: run it on a schedule, e.g. hourly from cron."
    )

    def handle(self, *args, **options):
        if options["verbosity"] >= 1:
            self.stdout.write("Computing the statistics summaries...")
        result = refresh()
        self.stdout.write(
            self.style.SUCCESS(
                f"Statistics refreshed: {result.rows:,} summary rows in {result.seconds:.1f} s "
                f"(periods {', '.join(result.periods)})."
            )
        )
