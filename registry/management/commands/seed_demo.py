"""``manage.py seed_demo``: fill an empty register with plausible demo data.

See ``registry/demo/`` for what is generated and ``bench/README.md`` for how
fast. The same ``--seed`` and ``--companies`` give the same data on an empty
register, whatever ``--batch-size``.
"""

import datetime as dt
import time
from contextlib import nullcontext

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from registry import changes
from registry.demo.seeder import ReferenceDataMissing, Seeder
from registry.demo.tables import MODELS, RECORD_MODELS
from registry.demo.writer import Writer
from registry.models import Company

DEFAULT_AS_OF = dt.date(2026, 10, 31)
EARLIEST_AS_OF = dt.date(2017, 1, 1)  # the records start in 2015-2016


class Command(BaseCommand):
    help = (
        "Seed the register with deterministic demo data: companies with their people, "
        "shareholders, officers, former names and branches, and about three public records "
        "each (penalties, licences, court cases, credit-list entries, ratings). Refuses a "
        "register that already has companies unless --append is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--companies", type=int, default=1000, help="How many companies (default 1000)."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Random seed (default 1): the same seed and --companies give the same data.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5000,
            help=(
                "Companies generated and written at a time (default 5000); no effect on the "
                "data. On PostgreSQL each batch is committed on its own, on SQLite the whole run "
                "is one transaction."
            ),
        )
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=DEFAULT_AS_OF,
            help=(
                f"The day the data are as of (default {DEFAULT_AS_OF}): no date lies after it. "
                "Fixed rather than today, so that a seed gives the same data on any day."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Generate everything, write nothing, and print what would be written.",
        )
        parser.add_argument(
            "--no-statistics",
            action="store_true",
            help="Do not compute the statistics page's summaries at the end (refresh_statistics).",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help=(
                "Add to a register that already has companies. New names, codes and document "
                "numbers avoid those in the database, so the data then depend on what is there."
            ),
        )

    def handle(
        self, *args, companies, seed, batch_size, as_of, dry_run, append, no_statistics, **options
    ):
        if companies < 1 or batch_size < 1:
            raise CommandError("--companies and --batch-size must be at least 1.")
        if as_of < EARLIEST_AS_OF:
            raise CommandError(f"--as-of must be {EARLIEST_AS_OF} or later.")
        existing = Company.objects.count()
        if existing and not append:
            raise CommandError(
                f"The register already has {existing:,} companies. Seed into an empty database, "
                "or give --append to add to it (the data will then differ from a seed into an "
                "empty register)."
            )
        try:
            seeder = Seeder(seed=seed, as_of=as_of, append=append)
        except ReferenceDataMissing as error:
            raise CommandError(str(error)) from error
        verbose = options["verbosity"] >= 1
        # SQLite: one transaction for the whole run. PostgreSQL: one per batch, so that
        # the server does not queue a deferred foreign-key check for every row of a
        # million-company run until the end; an interrupted run keeps whole batches.
        per_batch = connection.vendor == "postgresql"
        writer = Writer()
        totals = dict.fromkeys(MODELS, 0)
        started = time.monotonic()
        done = 0
        # Rows are announced to listening web processes once per batch
        # (registry.changes): a trigger per row would triple the time.
        with (
            nullcontext() if dry_run else changes.quiet(),
            nullcontext() if dry_run or per_batch else transaction.atomic(),
        ):
            while done < companies:
                size = min(batch_size, companies - done)
                batch = seeder.batch(size)
                if not dry_run:
                    with transaction.atomic() if per_batch else nullcontext():
                        writer.write(batch, seeder.ids)
                        changes.announce_everything()
                done += size
                for model, count in batch.counts().items():
                    totals[model] += count
                if verbose and companies > size:
                    self._progress(done, companies, totals, time.monotonic() - started)
        self._summary(totals, companies, time.monotonic() - started, dry_run, verbose)
        if not dry_run and not no_statistics:
            # The statistics page shows figures at once (it is otherwise refreshed hourly).
            call_command("refresh_statistics", stdout=self.stdout, verbosity=options["verbosity"])

    def _progress(self, done, total, totals, elapsed):
        rate = done / elapsed if elapsed else 0
        eta = (total - done) / rate if rate else 0
        records = sum(totals[m] for m in RECORD_MODELS)
        self.stdout.write(
            f"{done:>10,}/{total:,} companies ({done / total:4.0%}), {records:,} records, "
            f"{sum(totals.values()):,} rows; {rate:,.0f} companies/s, ETA {_duration(eta)}"
        )
        self.stdout.flush()  # progress shows at once when the output goes to a file or pipe

    def _summary(self, totals, companies, elapsed, dry_run, verbose):
        records = sum(totals[m] for m in RECORD_MODELS)
        rows = sum(totals.values())
        if verbose:
            for model, count in totals.items():
                self.stdout.write(f"  {model.__name__:<20} {count:>12,}")
        verb = "Would seed" if dry_run else "Seeded"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {companies:,} companies and {records:,} records "
                f"({records / companies:.2f} per company; {rows:,} rows) in {elapsed:.1f} s."
            )
        )


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"
