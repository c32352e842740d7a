from django.core.management.base import BaseCommand

from registry.models import Company, ListEntry, Penalty


class Command(BaseCommand):
    help = (
        "Show how much data the database holds: companies, penalties and current list "
        "entries. `make demo` uses --company-count to load the demo data only once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--company-count",
            action="store_true",
            help="Print only the number of companies, for scripts.",
        )

    def handle(self, *args, company_count, **options):
        companies = Company.objects.count()
        if company_count:
            self.stdout.write(str(companies))
            return
        self.stdout.write(f"Companies: {companies:,}")
        self.stdout.write(f"Administrative penalties: {Penalty.objects.count():,}")
        current = ListEntry.objects.filter(removed_on__isnull=True).count()
        self.stdout.write(f"Current list entries: {current:,}")
