"""Writes the bulk dumps of everything public today (registry.open_data.dumps)."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registry.open_data import dumps


class Command(BaseCommand):
    help = (
        "Writes everything public on a day as gzip CSV and JSON Lines, one pair per record "
        "kind, with manifest.json and fields.json, into DIR/<date>, and points DIR/latest at it."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="Where dumps are kept (DUMPS_DIR).")
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--kind", action="append", dest="kinds", help="Only this kind.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be written.")

    def handle(self, *args, directory, today, kinds, dry_run, **options):
        root = Path(directory or settings.DUMPS_DIR)
        today = today or timezone.localdate()
        try:
            if dry_run:
                for name in dumps.planned(today, kinds):
                    self.stdout.write(str(root / name))
                return
            target = dumps.export(root, today, kinds)
        except ValueError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            # A full disk, a directory not writable: said in one line. The dump
            # being written is removed; the previous one and ``latest`` stay.
            kept = dumps.latest(root)
            was = f" {kept[0]} and latest are unchanged." if kept else " Nothing was written."
            reason = error.strerror or str(error)
            message = f"Could not write the dump of {today} in {root}: {reason}.{was}"
            raise CommandError(message) from error
        _, manifest = dumps.latest(root)
        for item in manifest["files"]:
            self.stdout.write(f"{item['name']}: {item['rows']} rows, {item['bytes']} bytes")
        self.stdout.write(f"Wrote {target}.")
