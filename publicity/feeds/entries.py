"""Feed entries: what one line of a feed says about one public record, and
where the record is shown: its own page (``get_absolute_url``: a penalty's,
a licence's, a court case's, a list entry's), else the company page at its
anchor (a rating, a registration change).

Builders take records already read through ``public(today)`` (by the feeds or
by ``registry.selectors``) and return plain :class:`Entry` values; they run
no query. Titles are in the language of the page: on English pages a name
with an English form reads "English (中文)", the Chinese being the name of
record.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.names import is_english
from registry.selectors.timeline import Event, Kind


@dataclass(frozen=True)
class Entry:
    key: str  # stable and unique on the site: the entry's id is tag:<host>,2026:<key>
    title: str
    link: str  # the path of the record's own page, or of the company page with its anchor
    published: datetime.datetime
    updated: datetime.datetime
    summary: str = ""
    id: str = ""  # filled in by the feed, which knows the host


def both_names(obj, field: str = "name") -> str:
    """``obj``'s name as plain text: on English pages "English (中文)" where
    there is an English name, else the Chinese alone."""
    chinese = getattr(obj, field, "") or ""
    english = getattr(obj, f"{field}_en", "") or ""
    if english and is_english():
        return f"{english} ({chinese})"
    return chinese


def moment(day: datetime.date) -> datetime.datetime:
    """The start of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _updated(day: datetime.date, record) -> datetime.datetime:
    """When the record last changed, never before its own date."""
    start = moment(day)
    changed = getattr(record, "updated_at", None)
    return max(start, changed) if changed else start


def _on_page(company, anchor: str) -> str:
    return f"{reverse('publicity:company-detail', args=[company.uscc])}#{anchor}"


def _of(record, title: str, with_company: bool) -> str:
    """``title`` after the name of the record's subject: its company, else
    the name on the record (a person's)."""
    if not with_company:
        return title
    name = both_names(record.company) if record.company_id else record.subject_name
    return f"{name}: {title}"


def penalty_entry(penalty, *, with_company: bool = True) -> Entry:
    fine = f" · ¥{penalty.fine_amount:,.2f}" if penalty.fine_amount else ""
    title = f"{_('Administrative penalty')} {penalty.decision_number}{fine}"
    return Entry(
        key=f"penalty/{penalty.pk}",
        title=_of(penalty, title, with_company),
        link=penalty.get_absolute_url(),
        published=moment(penalty.decided_on),
        updated=_updated(penalty.decided_on, penalty),
        summary=f"{both_names(penalty.agency)}: {penalty.penalty_content}",
    )


def listing_entry(entry, list_name: str, *, with_company: bool = True) -> Entry:
    """The entry's inclusion on its list."""
    title = _("Put on the %(list)s") % {"list": list_name}
    return Entry(
        key=f"list-entry/{entry.pk}",
        title=_of(entry, f"{title} ({entry.decision_number})", with_company),
        link=entry.get_absolute_url(),
        published=moment(entry.listed_on),
        updated=moment(entry.listed_on),
        summary=entry.reason,
    )


def removal_entry(entry, list_name: str, *, with_company: bool = True) -> Entry:
    """The entry's removal from its list (only for removed entries)."""
    title = _("Removed from the %(list)s") % {"list": list_name}
    number = entry.removal_decision_number or entry.decision_number
    return Entry(
        key=f"list-entry/{entry.pk}/removed",
        title=_of(entry, f"{title} ({number})", with_company),
        link=entry.get_absolute_url(),
        published=moment(entry.removed_on),
        updated=_updated(entry.removed_on, entry),
        summary=entry.removal_reason or "",
    )


def list_entries(entry, list_name: str, *, with_company: bool = True) -> list[Entry]:
    """The inclusion, and the removal where there was one."""
    found = [listing_entry(entry, list_name, with_company=with_company)]
    if entry.removed_on:
        found.append(removal_entry(entry, list_name, with_company=with_company))
    return found


def licence_entry(licence, *, with_company: bool = True) -> Entry:
    title = f"{_('Licence granted:')} {licence.licence_name}"
    return Entry(
        key=f"licence/{licence.pk}",
        title=_of(licence, title, with_company),
        link=licence.get_absolute_url(),
        published=moment(licence.decided_on),
        updated=_updated(licence.decided_on, licence),
        summary=" · ".join(x for x in (licence.decision_number, licence.content) if x),
    )


def case_entry(case, *, step: str = "filed", company=None) -> Entry:
    """A court case filed or decided (``step``), linked to the case's page; in
    a feed of ``company``'s (when given) titled without the parties, else with
    the names of the companies among them."""
    label = _("Court case filed:") if step == "filed" else _("Court case decided:")
    day = case.filed_on if step == "filed" else case.decided_on
    title = f"{label} {case.case_number}"
    if company is None:
        companies = [party.company for party in case.parties.all() if party.company_id]
        if companies:
            title = f"{'、'.join(both_names(c) for c in companies[:3])}: {title}"
    return Entry(
        key=f"court-case/{case.pk}/{step}",
        title=title,
        link=case.get_absolute_url(),
        published=moment(day),
        updated=_updated(day, case),
        summary=case.cause_of_action if company is None else "",
    )


def timeline_entry(company, event: Event) -> Entry | None:
    """A company feed's entry for an event of the company page's timeline;
    None for the kinds a feed leaves to the registration changes (the
    founding, former names)."""
    record = event.record
    if event.kind == Kind.PENALTY:
        return penalty_entry(record, with_company=False)
    if event.kind == Kind.LISTED:
        return listing_entry(record, record.list_name, with_company=False)
    if event.kind == Kind.REMOVED:
        return removal_entry(record, record.list_name, with_company=False)
    if event.kind == Kind.LICENCE:
        return licence_entry(record, with_company=False)
    if event.kind in (Kind.CASE_FILED, Kind.CASE_DECIDED):
        step = "filed" if event.kind == Kind.CASE_FILED else "decided"
        return case_entry(record, step=step, company=company)
    if event.kind == Kind.RATED:
        key, anchor = f"rating/{record.pk}", f"rating-{record.pk}"
        title = _("Rated %(grade)s for %(period)s") % {
            "grade": record.grade,
            "period": record.period,
        }
        title = f"{title} ({both_names(record.scheme)})"
    else:
        return None
    return Entry(
        key=key,
        title=title,
        link=_on_page(company, anchor),
        published=moment(event.date),
        updated=_updated(event.date, record),
    )


def change_entry(company, change: dict) -> Entry:
    """One changed registration fact (``registry.selectors.company.registration_changes``)."""
    old, new = change["old"] or "–", change["new"] or "–"
    return Entry(
        key=f"company/{company.uscc}/change/{change['changed_at'].timestamp():.6f}/{change['field']}",
        title=f"{_('Change history')}: {change['label']}",
        link=_on_page(company, "changes"),
        published=change["changed_at"],
        updated=change["changed_at"],
        summary=f"{old} → {new}",
    )


def newest(entries, limit: int) -> list[Entry]:
    """The ``limit`` newest entries, newest first (ties by key, so the order
    is stable)."""
    return sorted(entries, key=lambda e: (e.published, e.key), reverse=True)[:limit]
