"""Server-rendered SVG charts (pygal) of the statistics page's tables.

A chart is served at an address of its own and shown with ``<img>``: its
numbers are in the data table beside it (the accessible source of truth),
its description in visible text that the image points to. pygal writes its
styles inside the SVG (a ``<style>`` element and a ``style`` attribute),
which the site's policy refuses on a page: the SVG is therefore its own
document, sent with a policy of its own that allows exactly those styles by
their hashes and nothing else (no script, no load of any kind;
``svg_policy``). No script is kept (``js=[]``, and pygal's configuration
script removed): an SVG shown as an image could not run one anyway.
"""

import base64
import functools
import hashlib
import html
import re

from django.utils.translation import gettext as _

from registry.selectors.statistics import Table

# Colours told apart with the common colour blindnesses (Okabe and Ito).
COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#000000",
    "#F0E442",
    "#999999",
)
# pygal is imported when the first chart is drawn, not when a worker starts.


@functools.cache
def _style():
    from pygal.style import Style

    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#0b0c0c",
        foreground_strong="#0b0c0c",
        foreground_subtle="#b1b4b6",
        opacity="1",
        opacity_hover="1",
        colors=COLOURS,
        font_family="'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif",
        title_font_size=20,
        label_font_size=14,
        major_label_font_size=14,
        legend_font_size=14,
        value_font_size=14,
        no_data_font_size=24,
    )


WIDTH = 720
STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
SCRIPT = re.compile(r"<script\b[^>]*/>|<script\b[^>]*>.*?</script>", re.S)


def _config(**options):
    return {
        "js": [],
        "no_prefix": True,
        "style": _style(),
        "width": WIDTH,
        "truncate_label": -1,
        "truncate_legend": -1,
        "no_data_text": _("No records"),
        **options,
    }


def svg(table: Table, *, title: str, kind: str) -> str:
    """The SVG of ``table``: ``kind`` "bar" (one value per row, rows along
    the bottom: months), "hbar" (one value per row, largest at the top) or
    "stacked" (months along the bottom, one coloured part per column)."""
    import pygal

    labels = [label for _key, label, _values in table.rows]
    if kind == "hbar":
        chart = pygal.HorizontalBar(
            **_config(height=110 + 30 * max(len(labels), 2), show_legend=False)
        )
        # pygal draws the first row at the bottom: the largest goes last.
        chart.x_labels = list(reversed(labels))
        chart.add(table.columns[0][1], [values[0] for *_r, values in reversed(table.rows)])
    else:
        months = len(labels)
        options = {
            "height": 400 + (24 * len(table.columns) if kind == "stacked" else 0),
            "x_label_rotation": -45,
            "show_minor_x_labels": months <= 12,
            "x_labels_major_every": 1 if months <= 12 else 3,
            "show_legend": kind == "stacked",
            "legend_at_bottom": True,
            "legend_at_bottom_columns": 1,
        }
        chart = (pygal.StackedBar if kind == "stacked" else pygal.Bar)(**_config(**options))
        chart.x_labels = labels
        for index, (_key, label) in enumerate(table.columns):
            chart.add(label, [values[index] for *_r, values in table.rows])
    chart.title = title
    # pygal writes its configuration as a script even with js=[]: taken out
    # (XML escapes "<" in text, so no "</script>" can hide inside one).
    return SCRIPT.sub("", chart.render(is_unicode=True))


def _hash(text: str) -> str:
    digest = hashlib.sha256(html.unescape(text).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def svg_policy(document: str) -> str:
    """A Content-Security-Policy for ``document`` alone: nothing loads,
    nothing runs; its own styles are allowed by their hashes."""
    elements = sorted({_hash(text) for text in STYLE_ELEMENT.findall(document)})
    attributes = sorted({_hash(text) for text in STYLE_ATTRIBUTE.findall(document)})
    parts = ["default-src 'none'", "style-src " + " ".join(elements or ["'none'"])]
    if attributes:
        parts.append("style-src-attr 'unsafe-hashes' " + " ".join(attributes))
    parts.append("frame-ancestors 'self'")
    return "; ".join(parts)
