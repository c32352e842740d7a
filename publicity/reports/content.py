"""A credit report's canonical content as the site builds it: the registry's
(``registry.selectors.report.report_content``) with the company page's
status box worded by the page's own templates, so the report and the page
say the same in the same words (one source: status_verdict.html,
status_tone.html and status_fact.html, read as plain text)."""

import datetime
import html
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags

from registry.selectors import report as canonical
from registry.selectors.company import CompanyReport, company_report
from registry.selectors.status import CALM, status_of

SPACES = re.compile(r"\s+")


def plain(markup: str) -> str:
    """A template's HTML as the text a reader sees: no tags, entities read,
    runs of white space as one space."""
    return SPACES.sub(" ", html.unescape(strip_tags(markup))).strip()


def status_words(report: CompanyReport, *, language: str) -> dict[str, Any]:
    """The status box of ``report`` in ``language``: ``verdict`` (the verdict
    line) and ``facts``, each ``{"tone", "severity", "text"}`` (severity: the
    page's word, "" for a calm fact), in the page's order."""
    status = report.status or status_of(report)
    context = {"status": status, "company": report.company, "plain": True}
    with translation.override(language):
        verdict = plain(
            render_to_string(
                "publicity/company/status_verdict.html", {**context, "fact": status.verdict}
            )
        )
        facts = [
            {
                "tone": fact.tone,
                "severity": ""
                if fact.tone == CALM
                else plain(render_to_string("publicity/company/status_tone.html", {"fact": fact})),
                "text": plain(
                    render_to_string(
                        "publicity/company/status_fact.html", {**context, "fact": fact}
                    )
                ),
            }
            for fact in status.facts
        ]
    return {"verdict": verdict, "facts": facts}


def report_content(
    report: CompanyReport, *, number: str, issued_at: datetime.datetime, language: str
) -> dict[str, Any]:
    """The content of the report numbered ``number`` on ``report``, issued at
    ``issued_at``, in ``language``."""
    return canonical.report_content(
        report,
        number=number,
        issued_at=issued_at,
        language=language,
        status=status_words(report, language=language),
    )


def current_content(
    uscc: str, *, number: str, issued_at: datetime.datetime, language: str, today: datetime.date
) -> dict[str, Any] | None:
    """The content a report with this header would hold if issued ``today``;
    None when no company has the code."""
    report = company_report(uscc, today, language=language)
    if report is None:
        return None
    return report_content(report, number=number, issued_at=issued_at, language=language)
