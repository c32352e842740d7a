"""The credit report's canonical content (信用报告): what a report shows, as
plain data that hashes the same on every machine.

A report is the company page's content on the day it is issued
(``company_report``), laid out as sections of labelled values in the
report's language (``report_sections``), under a header naming the report
(its number, when it was issued, its language). ``canonical_bytes`` writes it
as JSON with sorted keys, fixed separators and UTF-8, holding only strings,
integers, booleans, null, lists and objects: amounts are strings
("¥12,345.00"), dates ISO strings, never a float. Its SHA-256
(``content_sha256``) is the report's fingerprint, printed on the paper.

Whether a company's record changed since a report was issued: build the
content afresh with the report's own header (``report_content``) and compare
the hashes; ``changed_sections`` names the sections that differ.

Plain data in, plain data out: the PDF, the verification page and the
stored row (``publicity.models.IssuedReport``) are the site's.
"""

import datetime
import hashlib
import json
from typing import Any

from django.utils import translation

from registry.selectors.company import CompanyReport, company_report
from registry.selectors.report_sections import report_sections

FORMAT = "credit-report/1"
LANGUAGES = ("zh-hans", "en")


def report_content(
    report: CompanyReport, *, number: str, issued_at: datetime.datetime, language: str
) -> dict[str, Any]:
    """The content of the report numbered ``number`` on ``report`` (a
    company's report read in ``language``), issued at ``issued_at``."""
    if language not in LANGUAGES:
        raise ValueError(f"A report is in one of {LANGUAGES}, not {language!r}.")
    company = report.company
    with translation.override(language):
        sections = report_sections(report, language=language)
    return {
        "format": FORMAT,
        "report": {
            "number": number,
            "issued_at": issued_instant(issued_at),
            "language": language,
        },
        "company": {"uscc": company.uscc, "name": company.name, "name_en": company.name_en},
        "sections": sections,
    }


def current_content(
    uscc: str, *, number: str, issued_at: datetime.datetime, language: str, today: datetime.date
) -> dict[str, Any] | None:
    """The content a report with this header would hold if issued ``today``;
    None when no company has the code."""
    report = company_report(uscc, today, language=language)
    if report is None:
        return None
    return report_content(report, number=number, issued_at=issued_at, language=language)


def issued_instant(moment: datetime.datetime) -> str:
    """An issue time as written in the content: ISO 8601 in UTC, to the second."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat()


def canonical_bytes(content: dict[str, Any]) -> bytes:
    """The content as the bytes that are hashed: JSON, keys sorted, no spaces,
    characters as themselves (UTF-8). Refuses floats: their text is not the
    same everywhere."""
    _refuse_floats(content)
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def content_sha256(data: bytes) -> str:
    """The SHA-256 of the canonical bytes, as 64 lower-case hexadecimal digits."""
    return hashlib.sha256(data).hexdigest()


def changed_sections(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The titles (as ``after`` has them) of the sections that differ between
    two contents, in ``after``'s order; a section that was dropped is named by
    its title in ``before``."""
    old = {section["key"]: section for section in before.get("sections", [])}
    new = {section["key"]: section for section in after.get("sections", [])}
    titles = [
        section["title"]
        for key, section in new.items()
        if canonical_bytes(section) != canonical_bytes(old.get(key, {}))
    ]
    titles += [section["title"] for key, section in old.items() if key not in new]
    return titles


def _refuse_floats(value) -> None:
    if isinstance(value, float):
        raise TypeError("A report's content holds no floats: write amounts as strings.")
    if isinstance(value, dict):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)
