"""Builds companies' read models (registry.services.company_documents)."""

import select
import time

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import F

from registry import changes
from registry.models import Company
from registry.services import company_documents

# Seconds the follower gathers announcements before building what they name.
GATHER_SECONDS = 0.5


class Command(BaseCommand):
    help = (
        "Builds the read models the company page reads in one query: by default for the "
        "companies whose model is missing, no longer usable or out of date (run it daily, "
        "and after a bulk load); --all for every company; --codes for some; --follow to "
        "build those out of date, then each company whose change is announced "
        "(PostgreSQL; run it beside the site)."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="every company")
        which.add_argument("--codes", nargs="+", metavar="CODE", help="these credit codes")
        which.add_argument(
            "--follow",
            action="store_true",
            help="build those out of date, then each company whose change is announced",
        )
        parser.add_argument("--batch", type=int, default=company_documents.BATCH)
        parser.add_argument(
            "--for-seconds",
            type=float,
            default=0,
            help="with --follow: stop after this many seconds (default: never)",
        )
        parser.add_argument(
            "--part",
            metavar="K/N",
            help="only the companies whose id is K modulo N: N processes build in parallel",
        )

    def handle(self, *args, **options):
        if options["codes"]:
            built = company_documents.build_codes(options["codes"])
            self.stdout.write(self.style.SUCCESS(f"Built {built:,} read models."))
            return
        companies = Company.objects.all()
        if options["part"]:
            part, _slash, parts = options["part"].partition("/")
            if not (part.isdigit() and parts.isdigit() and int(part) < int(parts)):
                raise CommandError("--part is K/N with 0 <= K < N, e.g. 0/2 and 1/2.")
            companies = companies.alias(part=F("pk") % int(parts)).filter(part=int(part))
        if options["all"]:
            ids = list(companies.order_by("pk").values_list("pk", flat=True))
        else:
            ids = company_documents.out_of_date(companies)
        if options["follow"]:
            self._follow(ids, options)
        else:
            self._build(ids, options)

    def _build(self, ids, options):
        started = time.perf_counter()
        total = len(ids)
        verbose = options["verbosity"] >= 1

        def progress(done):
            if verbose and (done % 50_000 < options["batch"] or done == total):
                rate = done / max(time.perf_counter() - started, 1e-9)
                self.stdout.write(f"  {done:,} of {total:,} ({rate:,.0f} a second)")

        built = company_documents.build_ids(ids, batch=options["batch"], progress=progress)
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Built {built:,} read models in {seconds:.1f} s."))

    def _follow(self, ids, options):
        """Listen first, then build ``ids``, then what is announced: no change
        falls between the two."""
        if connection.vendor != "postgresql":
            raise CommandError("--follow needs PostgreSQL (changes are announced with NOTIFY).")
        params = changes.listener_params(connection)
        with psycopg.connect(**params, autocommit=True) as listener:
            listener.execute(f"LISTEN {changes.CHANNEL}")
            self._build(ids, options)
            self.stdout.write("Following announced changes.")
            self.stdout.flush()
            seconds = options["for_seconds"]
            stop_at = time.monotonic() + seconds if seconds else None
            while stop_at is None or time.monotonic() < stop_at:
                codes, everything = self._gather(listener, stop_at)
                if everything:
                    # Reference data, or a bulk load that named no company.
                    self._build(list(Company.objects.values_list("pk", flat=True)), options)
                elif codes:
                    company_documents.build_codes(codes)

    def _gather(self, listener, stop_at):
        """The codes announced within GATHER_SECONDS of the first one, and
        whether anything at all may have changed ("*"); nothing when
        ``stop_at`` (a monotonic time, or None) comes first."""
        codes, everything = set(), False
        deadline = None
        while True:
            end = deadline if deadline is not None else stop_at
            if end is not None and time.monotonic() >= end:
                break
            wait = None if end is None else max(end - time.monotonic(), 0)
            ready, _w, _x = select.select([listener.pgconn.socket], [], [], wait)
            if not ready:
                break
            listener.pgconn.consume_input()
            while (notify := listener.pgconn.notifies()) is not None:
                kind, _sep, code = notify.extra.decode().partition(":")
                if kind == "c":
                    codes.add(code)
                elif kind == changes.EVERYTHING:
                    everything = True
                if deadline is None and (codes or everything):
                    deadline = time.monotonic() + GATHER_SECONDS
        return codes, everything
