"""Reading a company's read model (``registry.models.CompanyDocument``).

``read(code)`` gives the company as ``registry.selectors.company_graph.load``
read it when the row was built, or None when there is no row or it may no
longer be right; the company page then reads the tables. A row is used only
when all of these hold:

- it was built with this code's layout (``LAYOUT``: the content's format,
  Django's version and the schema's migrations);
- the company's version (``registry.selectors.company_version``: its row and
  every row of its records, objections, annual reports, filings, names,
  shareholders, officers and branches) is the one it was built at: any write
  to the company since makes the page read the tables until the row is built
  again (``manage.py refresh_company_documents --follow`` does it within a
  second or so of the write's announcement);
- no reference data (agencies, credit lists, rating schemes) changed since it
  was built (read at most every ``COMPANY_DOCUMENT_REFERENCE_SECONDS``);
- it is at most ``COMPANY_DOCUMENT_MAX_AGE_DAYS`` old: what no version tells
  (the own name of a shareholder or an officer) shows within that.

The content is read where the request reads (a replica, with
``DATABASE_REPLICA_URLS``), as is the version it is checked against.
"""

import datetime
import functools
import hashlib
import io
import pickle
import time
import zlib
from pathlib import Path

import django
from django.conf import settings
from django.db import connections, router
from django.db.models import Max, QuerySet
from django.utils import timezone

from registry.models import Agency, CompanyDocument, CreditList, RatingScheme
from registry.selectors import company_version

# Bumped by hand whenever company_graph.load reads something else.
CONTENT_FORMAT = "company-graph/2"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
DICTIONARY = Path(__file__).resolve().parent.parent / "data" / "company_documents.zdict"
REFERENCE_MODELS = (Agency, CreditList, RatingScheme)
_reference = {"read_at": -1.0, "changed_at": None}
REFERENCE_MARGIN = datetime.timedelta(minutes=1)


@functools.cache
def layout() -> str:
    """What the content's shape depends on: its format, Django's version (it
    pickles model instances), the schema (the names of the migrations) and
    the dictionary it is compressed with."""
    names = sorted(path.name for path in MIGRATIONS.glob("0*.py"))
    schema = hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
    words = hashlib.sha256(dictionary()).hexdigest()[:16]
    return f"{CONTENT_FORMAT}|django {django.get_version()}|{schema}|{words}"


@functools.cache
def dictionary() -> bytes:
    """zlib's preset dictionary for the content (``DICTIONARY``): what most
    companies' pickles share (class and field names, agencies, common
    values), so that each row keeps only what is its own: about 2.1 kB a
    company instead of 3.9. Made by ``manage.py train_document_dictionary``."""
    return DICTIONARY.read_bytes()


def read(code: str, *, version: str | None = None):
    """The company with this (normalised) credit code as its read model holds
    it, or None (no row, or one that may no longer be right). ``version``:
    the company's, when the caller has just read it (else it is read here)."""
    if not settings.COMPANY_DOCUMENTS:
        return None
    connection = connections[router.db_for_read(CompanyDocument)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT version, layout, built_at, content FROM {CompanyDocument._meta.db_table} "
            "WHERE uscc = %s",
            [code],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    stored, built_with, built_at, content = row
    if isinstance(built_at, str):  # SQLite without converters
        built_at = datetime.datetime.fromisoformat(built_at)
    if timezone.is_naive(built_at):
        built_at = timezone.make_aware(built_at, datetime.UTC)
    if built_with != layout() or not current(built_at):
        return None
    if stored != (version or company_version.of(code)):
        return None
    return decode(content)


def current(built_at: datetime.datetime) -> bool:
    """Built recently enough, and well after the last change to reference
    data: a row's time is stamped when it is saved, and its transaction may
    commit a little later (``REFERENCE_MARGIN``)."""
    oldest = timezone.now() - datetime.timedelta(days=settings.COMPANY_DOCUMENT_MAX_AGE_DAYS)
    changed = reference_changed_at()
    return built_at >= oldest and (changed is None or built_at > changed + REFERENCE_MARGIN)


def reference_changed_at() -> datetime.datetime | None:
    """When reference data last changed, read at most every
    ``COMPANY_DOCUMENT_REFERENCE_SECONDS`` in this process."""
    now = time.monotonic()
    if now - _reference["read_at"] >= settings.COMPANY_DOCUMENT_REFERENCE_SECONDS:
        stamps = [
            model.objects.aggregate(last=Max("updated_at"))["last"] for model in REFERENCE_MODELS
        ]
        _reference["changed_at"] = max((s for s in stamps if s is not None), default=None)
        _reference["read_at"] = now
    return _reference["changed_at"]


def forget_reference():
    """Read the reference data's last change again at the next read."""
    _reference["read_at"] = -1.0


class _Pickler(pickle.Pickler):
    """Keeps a prefetched query set as its rows: the query behind it is not
    needed to read them again (and holds more than the company's own)."""

    def reducer_override(self, obj):
        if isinstance(obj, QuerySet):
            return _prefetched, (obj.model, obj._result_cache)
        return NotImplemented


def _prefetched(model, rows):
    """A query set holding ``rows`` already, as ``prefetch_related`` leaves it."""
    rows_set = model._base_manager.all()
    rows_set._result_cache = rows
    rows_set._prefetch_done = True
    return rows_set


def pickled(company) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(company)
    return buffer.getvalue()


def encode(company) -> bytes:
    compressor = zlib.compressobj(6, zdict=dictionary())
    return compressor.compress(pickled(company)) + compressor.flush()


def decode(content) -> object:
    # Content written by this site's own refresh (never by a client): pickle
    # is what Django's own database and Redis cache backends store as well.
    decompressor = zlib.decompressobj(zdict=dictionary())
    return pickle.loads(decompressor.decompress(bytes(content)) + decompressor.flush())
