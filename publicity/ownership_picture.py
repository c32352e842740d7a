"""The shareholding tree (``registry.selectors.ownership``) as an SVG picture,
drawn on the server into the page.

A layered tree: for a company, its shareholders above it (the farthest level
at the top), the company in the middle, the companies it holds shares in
below; for a person, the person at the top and the holdings below. Each level
is a row, each tie a box (a company square-cornered, a person rounded) joined
to the box it belongs to; the ties of one box sit side by side in the order of
the boxes above, so no two joins cross. A box holds the name (on two lines at
most, the whole name in the box's own ``<title>``), the share, and the credit
lists the company is on now; a company shown a second time is drawn with a
dashed border and says why; "N more" boxes stand for the ties not shown.

The page's Content-Security-Policy refuses inline styles and scripts
(``publicity/security_headers.py``): colours, lines and fonts are SVG
presentation attributes, and the picture scales by its ``viewBox`` (the site's
stylesheet gives it ``max-width: 100%``). It is an image (``role="img"``,
named by its ``<title>`` and described by its ``<desc>``); the nested list
beside it is the same content for reading and for screen readers.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry.names import display_name, is_english
from registry.selectors.ownership import CYCLE, Ownership

SLOT = 200  # horizontal room of a box
BOX_W, BOX_H = 188, 62
ROW = 104  # vertical room of a row
MARGIN = 8
FONT_SIZE = 13
LINE_HEIGHT = 17
TEXT_WIDTH = BOX_W - 14
FONTS = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'Source Han Sans SC', sans-serif"
NO_LINE_START = set("、，。；：）)")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
INK, GREY, BRAND, BLACK_LIST = "#0b0c0c", "#505a5f", "#8b1a1a", "#942514"


@dataclass
class _Box:
    name: str  # the whole name, for the box's <title>
    lines: list[str]  # the name, on one or two lines
    detail: str  # the share, a reference, the lists: on the lines left
    kind: str  # "subject", "company", "person" or "more"
    parent: "_Box | None" = None
    dashed: bool = False
    black_listed: bool = False
    x: float = 0
    y: float = 0
    children: list["_Box"] = field(default_factory=list)


def picture(tree: Ownership, *, title: str, desc: str, dom_id: str) -> SafeString:
    """The SVG markup of ``tree``, named ``title`` and described by ``desc``;
    ``dom_id`` prefixes the ids of its title and description."""
    if tree.company is not None:
        subject = _box(display_name(tree.company), "", "subject")
        subject.black_listed = _black_listed(tree.open_entries)
        subject.detail = _lists(tree.open_entries)
    else:
        subject = _box(tree.person.name, tree.person.id_masked, "subject")
    up = _rows(subject, tree.up, tree.more_up, _more_shareholders)
    down = _rows(subject, tree.down, tree.more_down, _more_holdings)
    rows = [*reversed(up), [subject], *down]
    width = max(len(row) for row in rows) * SLOT + 2 * MARGIN
    height = len(rows) * ROW - (ROW - BOX_H) + 2 * MARGIN
    for r, row in enumerate(rows):
        left = (width - len(row) * SLOT) / 2 + (SLOT - BOX_W) / 2
        for i, box in enumerate(row):
            box.x, box.y = left + i * SLOT, MARGIN + r * ROW
    joins = [_join(box, above=r < len(up)) for r, row in enumerate(rows) for box in row]
    boxes = [_drawn(box) for row in rows for box in row]
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'font-family="{fonts}" font-size="{size}" class="ownership-picture__svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<g fill="none" stroke="{grey}" stroke-width="1.5">{joins}</g>{boxes}</svg>',
        w=_n(width),
        h=_n(height),
        id=dom_id,
        fonts=FONTS,
        size=FONT_SIZE,
        title=title,
        desc=desc,
        grey=GREY,
        joins=mark_safe("".join(join for join in joins if join)),  # made by format_html
        boxes=mark_safe("".join(boxes)),  # made by format_html
    )


def _rows(subject, ties, more, more_label):
    """The rows of boxes going away from the subject, nearest first."""
    rows = []
    groups = [(subject, ties, more)]
    while groups:
        row, next_groups = [], []
        for parent, group, count in groups:
            for tie in group:
                box = _tie_box(tie)
                box.parent = parent
                row.append(box)
                if tie.children or tie.more:
                    next_groups.append((box, tie.children, tie.more))
            if count:
                more_box = _box(more_label(count), "", "more")
                more_box.parent, more_box.dashed = parent, True
                row.append(more_box)
        if row:
            rows.append(row)
        groups = next_groups
    return rows


def _tie_box(tie):
    if tie.company is not None:
        name, kind = display_name(tie.company), "company"
    else:
        name, kind = tie.person.name, "person"
    parts = []
    if tie.share_percent is not None:
        parts.append(f"{tie.share_percent:.2f}%")
    if tie.reference:
        parts.append(_("circular shareholding") if tie.reference == CYCLE else _("shown elsewhere"))
    if tie.open_entries:
        parts.append(_lists(tie.open_entries))
    box = _box(name, " · ".join(parts), kind)
    box.dashed = bool(tie.reference)
    box.black_listed = _black_listed(tie.open_entries)
    return box


def _box(name, detail, kind):
    return _Box(name=name, lines=_wrapped(name), detail=detail, kind=kind)


def _lists(entries):
    names = dict.fromkeys(display_name(entry.credit_list) for entry in entries)
    return (", " if is_english() else "、").join(names)


def _marked(text):
    """`` lang="zh-Hans"`` for a Chinese name on an English page (a name is
    quoted as written), else nothing."""
    return mark_safe(' lang="zh-Hans"') if is_english() and CJK.search(text) else ""


def _named(box):
    """The box's ``<title>``: its name and detail; on an English page a
    Chinese name alone, marked as Chinese, with the detail as its ``<desc>``."""
    if not _marked(box.name):
        return format_html("<title>{}</title>", f"{box.name} {box.detail}".strip())
    if not box.detail:
        return format_html('<title lang="zh-Hans">{}</title>', box.name)
    return format_html('<title lang="zh-Hans">{}</title><desc>{}</desc>', box.name, box.detail)


def _black_listed(entries):
    return any(entry.credit_list.kind == "black" for entry in entries)


def _more_shareholders(count):
    return ngettext("%(count)s more shareholder", "%(count)s more shareholders", count) % {
        "count": count
    }


def _more_holdings(count):
    return ngettext("%(count)s more holding", "%(count)s more holdings", count) % {"count": count}


def _join(box, *, above):
    """The line from the box to the one it belongs to: down from a box above
    it, up from a box below it."""
    parent = box.parent
    if parent is None:
        return ""
    x1, x2 = box.x + BOX_W / 2, parent.x + BOX_W / 2
    if above:
        y1, y2 = box.y + BOX_H, parent.y
    else:
        y1, y2 = box.y, parent.y + BOX_H
    middle = (y1 + y2) / 2
    return format_html('<path d="M{} {}V{}H{}V{}"/>', _n(x1), _n(y1), _n(middle), _n(x2), _n(y2))


def _drawn(box):
    stroke, width = GREY, 1.5
    if box.kind == "subject":
        stroke, width = BRAND, 3
    if box.black_listed:
        stroke, width = BLACK_LIST, 3
    fill = "#f3f2f1" if box.kind in ("person", "more") else "#ffffff"
    corner = 22 if box.kind == "person" else 2
    # Three lines in a box: a name on one line leaves two to the detail.
    details = [] if not box.detail else [box.detail]
    if details and len(box.lines) == 1:
        details = _wrapped(box.detail)
    lines = [*box.lines, *details]
    top = box.y + (BOX_H - LINE_HEIGHT * len(lines)) / 2 + FONT_SIZE
    bold = mark_safe(' font-weight="bold"') if box.kind == "subject" else ""
    texts = format_html_join(
        "",
        '<text x="{}" y="{}" fill="{}"{}{}>{}</text>',
        (
            (
                _n(box.x + BOX_W / 2),
                _n(top + i * LINE_HEIGHT),
                INK if i < len(box.lines) else GREY,
                bold if i < len(box.lines) else "",
                _marked(line) if i < len(box.lines) else "",
                _clipped(line),
            )
            for i, line in enumerate(lines)
        ),
    )
    return format_html(
        '<g text-anchor="middle">{}'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}" stroke="{}" '
        'stroke-width="{}"{}/>{}</g>',
        _named(box),
        _n(box.x),
        _n(box.y),
        BOX_W,
        BOX_H,
        corner,
        fill,
        stroke,
        width,
        mark_safe(' stroke-dasharray="5 3"') if box.dashed else "",
        texts,
    )


def _width(text):
    """The width of ``text`` at the font size, roughly: a Chinese character
    is a square, a capital or a digit a little over half of one, other
    Latin characters a little under."""
    return FONT_SIZE * sum(
        1 if ord(c) >= 0x2E80 else 0.62 if c.isupper() or c.isdigit() else 0.48 for c in text
    )


def _wrapped(text):
    """The text on one line, or two of about the same width (a Latin text
    broken at a space); cut with an ellipsis past that (the whole text is in
    the box's title)."""
    total = _width(text)
    if total <= TEXT_WIDTH:
        return [text]
    spaces = [i for i, c in enumerate(text) if c == " " and _width(text[:i]) <= TEXT_WIDTH]
    if spaces:
        cut = min(spaces, key=lambda i: max(_width(text[:i]), _width(text[i + 1 :])))
        return [text[:cut], _clipped(text[cut + 1 :])]
    goal = min(total / 2, TEXT_WIDTH)
    cut = 0
    while _width(text[:cut]) < goal and _width(text[: cut + 1]) <= TEXT_WIDTH:
        cut += 1
    # No line starts with a comma or a closing bracket.
    while text[cut : cut + 1] in NO_LINE_START and _width(text[: cut + 1]) <= TEXT_WIDTH:
        cut += 1
    return [text[:cut], _clipped(text[cut:])]


def _clipped(text):
    if _width(text) <= TEXT_WIDTH:
        return text
    while text and _width(text + "…") > TEXT_WIDTH:
        text = text[:-1]
    return text + "…"


def _n(number):
    """A coordinate, short: ``12`` rather than ``12.0``."""
    return f"{number:.1f}".rstrip("0").rstrip(".")
