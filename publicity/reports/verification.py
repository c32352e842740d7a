"""Is a credit report genuine, and is what it says still the record?"""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from publicity.models import IssuedReport
from publicity.reports.content import current_content
from registry.selectors.report import (
    canonical_bytes,
    changed_sections,
    compared_sections,
    content_sha256,
)


@dataclass(frozen=True)
class Verdict:
    """``genuine``: the kept content hashes to the kept hash. ``content``: the
    kept content read (None when it is not JSON any more). ``unchanged``: the
    company's record gives the same content today (None when the report is
    not genuine: there is nothing sound to compare). ``changed``: the titles
    of the sections that differ.

    A report issued in an earlier format of the content is compared on the
    sections both formats share and lay out alike (``unchanged`` and
    ``changed`` are about those); ``not_compared`` names the others (as the
    report has them, then those new since)."""

    genuine: bool
    content: dict[str, Any] | None
    unchanged: bool | None
    changed: list[str] = field(default_factory=list)
    not_compared: list[str] = field(default_factory=list)


def verify(issued: IssuedReport, *, today: datetime.date) -> Verdict:
    data = issued.content.encode("utf-8")
    genuine = content_sha256(data) == issued.sha256
    try:
        content = json.loads(data)
    except ValueError:
        content = None
    if not genuine or not isinstance(content, dict):
        return Verdict(
            genuine=False, content=content if isinstance(content, dict) else None, unchanged=None
        )
    now = current_content(
        issued.company.uscc,
        number=issued.number,
        issued_at=issued.issued_at,
        language=issued.language,
        today=today,
    )
    if now is None:  # pragma: no cover - companies are never deleted (PROTECT)
        return Verdict(genuine=True, content=content, unchanged=False)
    before, after, not_compared = compared_sections(content, now)
    if not not_compared and content_sha256(canonical_bytes(now)) == issued.sha256:
        return Verdict(genuine=True, content=content, unchanged=True)
    changed = changed_sections(before, after)
    return Verdict(
        genuine=True,
        content=content,
        unchanged=not changed if not_compared else False,
        changed=changed,
        not_compared=not_compared,
    )
