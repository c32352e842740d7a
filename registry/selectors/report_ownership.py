"""The credit report's "Who stands behind the company" section: the company
page's shareholding tree (``registry.selectors.ownership``) as plain data in
the report's language, so it is hashed and drawn from what was kept.

The section is ``{"key": "ownership", "title", "fields": [], "records": [],
"empty", "tree"}``; ``tree`` is ``{"up_title", "up", "up_more", "up_empty",
"down_title", "down", "down_more", "down_empty"}`` or null when the company
has neither shareholders nor holdings (``empty`` says so). Each node of
``up`` (shareholders, then theirs) and ``down`` (holdings) is ``{"name",
"code", "kind", "status", "share", "lists", "reference", "note",
"children", "more"}``: every value a string (``reference`` "", "cycle" or
"repeat", ``note`` its words; ``more`` the "and N more" line or ""), but
``lists`` (names of the open lists the company is on) and ``children``.
Run under ``translation.override``: the words are the company page's.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry.models import Company
from registry.names import display_name
from registry.selectors.ownership import CYCLE, REPEAT, Ownership, Tie


def ownership_section(tree: Ownership, *, language: str, money) -> dict[str, Any]:
    """The section of ``tree`` (a company's); ``money(amount, currency)``
    writes an amount as the other sections do."""
    section = {
        "key": "ownership",
        "title": str(_("Who stands behind the company")),
        "fields": [],
        "records": [],
        "empty": str(_("No shareholders and no shares in other companies recorded.")),
        "tree": None,
    }
    if tree.up or tree.down:
        section["tree"] = {
            "up_title": str(_("Shareholders, and theirs")),
            "up": [_node(tie, "up", language, money) for tie in tree.up],
            "up_more": _more(tree.more_up, "up"),
            "up_empty": str(_("No shareholders recorded.")),
            "down_title": str(_("Holds shares in")),
            "down": [_node(tie, "down", language, money) for tie in tree.down],
            "down_more": _more(tree.more_down, "down"),
            "down_empty": str(_("No shares in other companies recorded.")),
        }
    return section


def _node(tie: Tie, direction: str, language: str, money) -> dict[str, Any]:
    company = tie.company
    if company is not None:
        name, code, kind = display_name(company, language=language), company.uscc, "company"
        status = (
            "" if company.status == Company.Status.IN_OPERATION else company.get_status_display()
        )
    else:
        name, code, kind = tie.person.name, tie.person.id_masked or "", str(_("person"))
        status = ""
    shares = []
    if tie.share_percent is not None:
        shares.append(f"{tie.share_percent:.2f}%")
    if tie.subscribed_amount is not None:
        shares.append(money(tie.subscribed_amount, tie.currency))
    note = ""
    if tie.reference == CYCLE:
        note = str(_("(circular shareholding: not expanded again)"))
    elif tie.reference == REPEAT:
        note = str(_("(shown elsewhere in this tree: not expanded again)"))
    return {
        "name": name,
        "code": code,
        "kind": kind,
        "status": str(status),
        "share": " · ".join(shares),
        "lists": [display_name(entry.credit_list, language=language) for entry in tie.open_entries],
        "reference": tie.reference,
        "note": note,
        "children": [_node(child, direction, language, money) for child in tie.children],
        "more": _more(tie.more, direction),
    }


def _more(count: int, direction: str) -> str:
    if not count:
        return ""
    if direction == "up":
        text = ngettext(
            "and %(counter)s more shareholder, not shown here",
            "and %(counter)s more shareholders, not shown here",
            count,
        )
    else:
        text = ngettext(
            "and %(counter)s more holding, not shown here",
            "and %(counter)s more holdings, not shown here",
            count,
        )
    return text % {"counter": count}
