import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.importing import KINDS, run_import


class Command(BaseCommand):
    help = (
        "Import agencies, companies, penalties, court cases, list entries or annual reports "
        "from a CSV "
        "(UTF-8, with or without BOM) or XLSX file. All rows or none: if any row is bad, "
        "nothing is written and every bad row is reported with its line, column and reason. "
        "Re-importing the same file changes nothing. Column formats: see README.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS), help="What the file holds.")
        parser.add_argument("file", help="Path to a .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report what would change, without writing anything.",
        )
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx"],
            help="File format, when the file name does not end in .csv or .xlsx.",
        )

    def handle(self, *args, kind, file, dry_run, format, **options):
        spec = KINDS[kind]
        self.stdout.write(f"Importing {kind} from {file}{' (dry run)' if dry_run else ''}…")
        started = time.perf_counter()
        # The change history of every row written names this command and the file.
        reason = f"import_records {kind} {Path(file).name}"
        result = run_import(kind, file, file_format=format, dry_run=dry_run, reason=reason)
        elapsed = time.perf_counter() - started
        if result.errors:
            for error in result.errors:
                self.stderr.write(self.style.ERROR(str(error)))
            bad_lines = len({e.line for e in result.errors})
            raise CommandError(
                f"{len(result.errors)} problem(s) on {bad_lines} line(s) of {result.rows} "
                f"row(s); nothing was imported. Columns for {kind}: {', '.join(spec.columns)}."
            )
        counts = result.counts
        summary = (
            f"{result.rows} row(s): {counts['created']} new, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, in {elapsed:.1f} s"
            f" ({result.rows / elapsed if elapsed else 0:,.0f} rows/s)."
        )
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run, nothing written. {summary}"))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported. {summary}"))
