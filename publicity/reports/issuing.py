"""Issuing a credit report: the one write of ``publicity.reports``."""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from publicity.models import IssuedReport
from publicity.reports.content import report_content
from registry.selectors.company import company_report
from registry.selectors.report import canonical_bytes, content_sha256

# Letters and digits that cannot be mistaken for each other when read aloud
# or copied from paper (no 0/O, 1/I/L, U); as objections' reference numbers.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 10  # 29**10, about 4 * 10**14 numbers a day: not to be guessed
PREFIX = "CR"
COMPACT_LENGTH = len(PREFIX) + len("20261203") + RANDOM_LENGTH


def new_number(day: datetime.date) -> str:
    """A report number such as ``CR20261203-K7QF3-MWD9X``: the day of issue,
    then ten random characters."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{PREFIX}{day:%Y%m%d}-{body[:5]}-{body[5:]}"


def normalize_number(text: str) -> str | None:
    """What a person typed (any case, spaces or dashes anywhere) as stored,
    or None when it cannot be a report number."""
    compact = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(compact) != COMPACT_LENGTH or not compact.startswith(PREFIX):
        return None
    day, body = compact[2:10], compact[10:]
    if not day.isdigit() or any(ch not in ALPHABET for ch in body):
        return None
    return f"{PREFIX}{day}-{body[:5]}-{body[5:]}"


def report_issue(
    *, uscc: str, language: str, now: datetime.datetime | None = None
) -> IssuedReport | None:
    """Issue a report on the company with this (normalised) credit code, in
    ``language`` ("zh-hans" or "en"), as of ``now``: its number, canonical
    content and SHA-256 are kept. None when no company has the code."""
    now = (now or timezone.now()).replace(microsecond=0)
    report = company_report(uscc, timezone.localdate(now), language=language)
    if report is None:
        return None
    for _attempt in range(3):
        number = new_number(timezone.localdate(now))
        content = canonical_bytes(
            report_content(report, number=number, issued_at=now, language=language)
        )
        issued = IssuedReport(
            number=number,
            company=report.company,
            language=language,
            issued_at=now,
            content=content.decode("utf-8"),
            sha256=content_sha256(content),
        )
        try:
            with transaction.atomic():
                issued.save()
        except IntegrityError:
            # Another report drew the same number (about one chance in 10**14): draw again.
            continue
        return issued
    raise RuntimeError("Three report numbers drawn in a row were taken.")
