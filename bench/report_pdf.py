"""The credit report's PDF on a seeded database: its time (median of N) and
the process's peak resident memory, against the company page's HTML in the
same process.

    DATABASE_URL=postgres://... .venv/bin/python bench/report_pdf.py [--records 50] [--runs 10]

The database must be migrated and seeded (``manage.py seed_demo --companies N``).
The company measured is the one with the fewest records (penalties, licences,
list entries, ratings) at or above ``--records`` (``--uscc`` names one
instead); when none has that many, the one with the most gets copies of its
own penalties up to ``--records``. Everything runs in one transaction that is
rolled back at the end: the reports issued and any records copied leave no
trace. Each request goes through the whole Django stack (middleware, view,
WeasyPrint) with the page cache and the rate limits off.

Printed: the company and its public records; the company page's median time;
the PDF's first time (fonts loaded and cached by the process), median and
slowest of the rest, and its size; peak RSS (``ru_maxrss``) after the HTML
pages and after the PDFs.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {
    "SECRET_KEY": "bench-secret-key",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "localhost",
    "PUBLIC_CACHE_SECONDS": "0",
    "COMPANY_PAGE_CACHE_SECONDS": "0",
    "REPORT_RATE_LIMIT": "0",
    "PLAIN_STATIC_STORAGE": "true",
}

COUNT_SQL = """
SELECT c.uscc, n.records FROM (
    SELECT company_id, count(*) AS records FROM (
        SELECT company_id FROM registry_penalty WHERE company_id IS NOT NULL
        UNION ALL SELECT company_id FROM registry_licence
        UNION ALL SELECT company_id FROM registry_listentry WHERE company_id IS NOT NULL
        UNION ALL SELECT company_id FROM registry_rating
    ) AS records GROUP BY company_id
) AS n JOIN registry_company c ON c.id = n.company_id
ORDER BY (n.records >= %s) DESC, abs(n.records - %s), c.id LIMIT 1
"""


def peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KB on Linux


def timed(client, path) -> tuple[float, bytes]:
    started = time.perf_counter()
    response = client.get(path)
    seconds = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    return seconds, response.content


def pick_company(wanted: int, uscc: str | None):
    from django.db import connection

    from registry.models import Company

    if uscc:
        return Company.objects.get(uscc=uscc)
    with connection.cursor() as cursor:
        cursor.execute(COUNT_SQL, [wanted, wanted])
        row = cursor.fetchone()
    if row is None:
        sys.exit("No company has records: seed the database first.")
    return Company.objects.get(uscc=row[0])


def fill_to(company, wanted: int, today) -> int:
    """Copies of the company's public penalties until its report holds
    ``wanted`` records; the public records it has then."""
    from registry.models import Penalty
    from registry.selectors.company import company_report

    report = company_report(company.uscc, today)
    have = sum(
        len(records)
        for records in (report.penalties, report.licences, report.cases, report.list_entries)
    ) + len(report.ratings)
    model = next(iter(Penalty.objects.public(today).filter(company=company)[:1]), None)
    if model is None:
        model = Penalty.objects.public(today).filter(company__isnull=False).first()
    for n in range(max(0, wanted - have)):
        model.pk = model.id = None
        model._state.adding = True
        model.company = company
        model.subject_name = company.name
        model.decision_number = f"基准〔2026〕{n + 1}号"
        model.save()
    return max(have, wanted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50, help="public records of the company")
    parser.add_argument("--runs", type=int, default=10, help="PDFs and pages measured")
    parser.add_argument("--uscc", help="the company to measure (else chosen, see above)")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a seeded database.")
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "publicity.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    client = Client(HTTP_HOST="localhost")
    with transaction.atomic():
        company = pick_company(options.records, options.uscc)
        records = fill_to(company, options.records, timezone.localdate())
        page = reverse("publicity:company-detail", args=[company.uscc])
        pdf = reverse("publicity:company-report-pdf", args=[company.uscc])
        print(f"{company.uscc} {company.name}: {records} public records")

        timed(client, page)  # the first: imports and caches
        pages = [timed(client, page)[0] for _ in range(options.runs)]
        rss_html = peak_rss_mb()
        first, document = timed(client, pdf)
        pdfs = [timed(client, pdf)[0] for _ in range(options.runs)]
        rss_pdf = peak_rss_mb()
        transaction.set_rollback(True)

    page_ms, pdf_ms = statistics.median(pages) * 1000, statistics.median(pdfs) * 1000
    print(f"company page (HTML): median {page_ms:7.1f} ms")
    print(
        f"credit report (PDF): first {first * 1000:7.1f} ms, median {pdf_ms:7.1f} ms, "
        f"slowest {max(pdfs) * 1000:7.1f} ms, {len(document) / 1024:.0f} KB, "
        f"{pdf_ms / page_ms:.1f}x the page"
    )
    print(f"peak RSS: {rss_html} MB after the pages, {rss_pdf} MB after the PDFs")


if __name__ == "__main__":
    main()
