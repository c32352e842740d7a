"""Building companies' read models (``registry.models.CompanyDocument``).

``build(companies)`` reads the companies of a query set in batches
(``registry.selectors.company_graph.load``: one query per kind of record for
a whole batch) and writes one row per company, each batch in one
transaction. The company's version is read first, in the same snapshot as
the records on PostgreSQL (repeatable read), so a row never claims a version
newer than its content: a write that lands meanwhile makes the row
out of date, never wrong.

``manage.py refresh_company_documents`` calls it: for every company, for
those whose row is missing, no longer usable or out of date
(``out_of_date``), for given codes, or for each company whose change is
announced (``--follow``).
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from registry.models import Company, CompanyDocument
from registry.selectors import company_documents, company_graph, company_version

BATCH = 500


def build(companies, *, batch: int = BATCH, progress=None) -> int:
    """Build the read models of the companies of the query set ``companies``;
    the number built. ``progress(n)`` is called after each batch."""
    return build_ids(list(companies.order_by("pk").values_list("pk", flat=True)), batch, progress)


def build_ids(ids, batch: int = BATCH, progress=None) -> int:
    """Build the read models of the companies with these ids."""
    done = 0
    for start in range(0, len(ids), batch):
        done += _build_batch(ids[start : start + batch])
        if progress is not None:
            progress(done)
    return done


def build_codes(codes) -> int:
    """Build the read models of the companies with these credit codes (codes
    no company has are left alone)."""
    return build(Company.objects.filter(uscc__in=list(codes)))


def stale():
    """Companies whose read model is missing or would not be used."""
    oldest = timezone.now() - datetime.timedelta(days=settings.COMPANY_DOCUMENT_MAX_AGE_DAYS)
    usable = CompanyDocument.objects.filter(
        company=OuterRef("pk"),
        uscc=OuterRef("uscc"),
        layout=company_documents.layout(),
        built_at__gte=oldest,
    )
    company_documents.forget_reference()
    changed = company_documents.reference_changed_at()
    if changed is not None:
        usable = usable.filter(built_at__gt=changed + company_documents.REFERENCE_MARGIN)
    return Company.objects.filter(~Q(Exists(usable)))


def out_of_date(companies=None, *, chunk: int = 2000) -> list[int]:
    """Ids of the companies (of the query set ``companies``, else all) whose
    read model is missing or would not be used (``stale``), or whose
    version moved since it was built (a change the follower did not build:
    one version query per company)."""
    companies = Company.objects.all() if companies is None else companies
    ids = set(stale().filter(pk__in=companies.values("pk")).values_list("pk", flat=True))
    rows = (
        CompanyDocument.objects.filter(company__in=companies.values("pk"))
        .order_by("company_id")
        .values_list("company_id", "uscc", "version")
    )
    for company_id, code, version in rows.iterator(chunk_size=chunk):
        if company_id not in ids and company_version.of(code) != version:
            ids.add(company_id)
    return sorted(ids)


def _build_batch(ids) -> int:
    """One batch in one transaction. Two builders may write the same company
    at once (the daily run beside ``--follow``, or two runs): each deletes the
    rows it sees, then the one that inserts second finds the other's row,
    committed meanwhile, and its batch is made again, in a new transaction
    that sees it."""
    for attempt in range(ATTEMPTS):
        try:
            return _write_batch(ids)
        except IntegrityError:
            if connection.in_atomic_block or attempt == ATTEMPTS - 1:
                raise
    return 0  # pragma: no cover - the loop returns or raises


# Attempts at a batch that another builder wrote at the same time.
ATTEMPTS = 3


def _write_batch(ids) -> int:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        built_at = timezone.now()
        companies = company_graph.load(Company.objects.filter(pk__in=ids))
        versions = {company.pk: company_version.of(company.uscc) for company in companies}
        rows = [
            CompanyDocument(
                company_id=company.pk,
                uscc=company.uscc,
                version=versions[company.pk],
                layout=company_documents.layout(),
                built_at=built_at,
                content=company_documents.encode(company),
            )
            for company in companies
        ]
        codes = [company.uscc for company in companies]
        CompanyDocument.objects.filter(Q(company_id__in=ids) | Q(uscc__in=codes)).delete()
        CompanyDocument.objects.bulk_create(rows)
    return len(rows)
