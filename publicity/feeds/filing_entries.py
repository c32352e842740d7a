"""Company feed entries for spot checks, pledges, court orders, mortgages and
deregistration notices (the timeline events of ``registry.selectors.filings``),
linked to their rows on the company page. No query."""

from django.utils.translation import gettext as _

from publicity.feeds.entries import Entry, _on_page, _updated, moment
from registry.selectors.filings import Kind

# Event kind → (key word and anchor word, title prefix)
WORDS = {
    Kind.SPOT_CHECK: ("spot-check", "Spot check:"),
    Kind.PLEDGED: ("pledge", "Equity pledged:"),
    Kind.PLEDGE_CANCELLED: ("pledge", "Equity pledge cancelled:"),
    Kind.JUDICIAL: ("judicial", ""),
    Kind.MORTGAGED: ("mortgage", "Chattel mortgage registered:"),
    Kind.IP_PLEDGED: ("ip-pledge", "IP pledge registered:"),
    Kind.NOTICE: ("deregistration", "Notice of simplified deregistration"),
}


def filing_entry(company, event) -> Entry | None:
    if event.kind not in WORDS:
        return None
    record = event.record
    word, prefix = WORDS[event.kind]
    if event.kind == Kind.SPOT_CHECK:
        title = f"{_(prefix)} {record.get_result_display()}"
    elif event.kind == Kind.PLEDGED:
        title = f"{_(prefix)} {record.pledgor_name} → {record.pledgee_name}"
    elif event.kind == Kind.JUDICIAL:
        title = f"{record.get_kind_display()}: {record.subject_name} ({record.notice_number})"
    elif event.kind == Kind.NOTICE:
        title = f"{_(prefix)} ({record.starts_on:%Y-%m-%d} – {record.ends_on:%Y-%m-%d})"
    else:
        title = f"{_(prefix)} {record.registration_number}"
    step = "/cancelled" if event.kind == Kind.PLEDGE_CANCELLED else ""
    return Entry(
        key=f"{word}/{record.pk}{step}",
        title=title[:1].upper() + title[1:],
        link=_on_page(company, f"{word}-{record.pk}"),
        published=moment(event.date),
        updated=_updated(event.date, record),
    )
