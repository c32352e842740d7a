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

``format`` names the content's layout. A report issued in an earlier format
still verifies (its stored bytes still hash to its hash), but a content built
today cannot hash the same: ``compared_sections`` then compares only the
sections both formats share and lay out alike (``REWORDED`` names, per
earlier format, the sections laid out differently since), and names those
it leaves out, so "changed since issue" is never claimed for a change of
format alone.

Plain data in, plain data out: the PDF, the verification page and the
stored row (``publicity.models.IssuedReport``) are the site's.
"""

import datetime
import hashlib
import json
from typing import Any

from django.utils import translation

from registry.selectors.company import CompanyReport
from registry.selectors.ownership import company_ownership
from registry.selectors.report_ownership import ownership_section
from registry.selectors.report_sections import money, report_sections

# 2: the status section is the company page's status box (verdict, facts by
# severity); "Who stands behind the company" (the shareholding tree) added.
# 3: annual reports, and the spot checks, pledges, court orders on equity,
# mortgages, IP pledges and deregistration notices the company has
# (registry.selectors.report_filings).
FORMAT = "credit-report/3"
# Per earlier format: the sections whose layout changed since (not compared).
REWORDED = {"credit-report/1": frozenset({"status"}), "credit-report/2": frozenset()}
LANGUAGES = ("zh-hans", "en")


def report_content(
    report: CompanyReport,
    *,
    number: str,
    issued_at: datetime.datetime,
    language: str,
    status: dict[str, Any],
) -> dict[str, Any]:
    """The content of the report numbered ``number`` on ``report`` (a
    company's report read in ``language``), issued at ``issued_at``.
    ``status``: the status box in words, ``{"verdict": str, "facts":
    [{"tone", "severity", "text"}]}`` (the site words it with the company
    page's templates: ``publicity.reports.content``)."""
    if language not in LANGUAGES:
        raise ValueError(f"A report is in one of {LANGUAGES}, not {language!r}.")
    company = report.company
    tree = company_ownership(
        company, company.shareholdings.all(), report.today, open_entries=report.open_entries
    )
    with translation.override(language):
        ownership = ownership_section(tree, language=language, money=money)
        sections = report_sections(report, language=language, status=status, ownership=ownership)
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


def compared_sections(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """``before`` (as issued) and ``after`` (as today) cut to the sections
    that can be compared, and the titles (as ``before`` has them) of those
    left out: none when both are in the same format; else the sections only
    one format has, and those laid out differently since ``before``'s."""
    if before.get("format") == after.get("format"):
        return before, after, []
    reworded = REWORDED.get(before.get("format"), frozenset())
    old_keys = {section["key"] for section in before.get("sections", [])}
    new_keys = {section["key"] for section in after.get("sections", [])}
    shared = (old_keys & new_keys) - reworded
    left_out = [
        section["title"] for section in before.get("sections", []) if section["key"] not in shared
    ]
    left_out += [
        section["title"] for section in after.get("sections", []) if section["key"] not in old_keys
    ]

    def cut(content):
        return {
            **content,
            "sections": [s for s in content.get("sections", []) if s["key"] in shared],
        }

    return cut(before), cut(after), left_out


def _refuse_floats(value) -> None:
    if isinstance(value, float):
        raise TypeError("A report's content holds no floats: write amounts as strings.")
    if isinstance(value, dict):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)
