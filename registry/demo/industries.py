"""Industry words for company names and business scopes, by GB/T 4754-2017
division, and how often each division occurs.

The words live in ``registry/demo/data/``:

- ``division_weights.csv`` (use, division, weight): rough shares of registered
  market entities for each use. ``company`` is the general mix (wholesale and
  retail, business services and technology services dominate; divisions 91-97,
  public administration, never register companies); ``shop`` the individual
  businesses, ``cooperative`` the farmers' co-operatives, ``partnership`` and
  ``state_owned`` those entity types.
- ``industry_words.csv`` (use, division, word, word_en): the industry word of a
  name (科技, 贸易, 建筑工程...) with its English; for shops the shop word
  (便利店, 餐馆...), for co-operatives the produce (蔬菜种植...). The first
  ``company`` word of a manufacturing division (13-43) is a plain product word,
  fit to precede 厂 (factory).
- ``business_scopes.csv`` (section, kind, item): items of a business scope per
  GB/T 4754 section, general or needing a licence.
"""

import csv
from functools import cache
from pathlib import Path

from registry.demo.draws import Weighted

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(filename: str) -> list[dict]:
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def division_weights(use: str) -> Weighted:
    """Draws a division code for one use (company, shop, cooperative...)."""
    return Weighted(
        (row["division"], float(row["weight"]))
        for row in _rows("division_weights.csv")
        if row["use"] == use
    )


@cache
def words(use: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """Division code → its (Chinese, English) words for one use, in file order."""
    table: dict[str, list[tuple[str, str]]] = {}
    for row in _rows("industry_words.csv"):
        if row["use"] == use:
            table.setdefault(row["division"], []).append((row["word"], row["word_en"]))
    return {code: tuple(items) for code, items in table.items()}


def manufacturing_weights() -> Weighted:
    """Manufacturing divisions only (13-43): the factories of entity type ``other``."""
    general = division_weights("company")
    return Weighted(
        (code, weight)
        for code, weight in zip(general.items, _differences(general.cum), strict=True)
        if 13 <= int(code) <= 43
    )


def _differences(cumulative) -> list[float]:
    previous, out = 0.0, []
    for value in cumulative:
        out.append(value - previous)
        previous = value
    return out


@cache
def business_scope_items() -> dict[tuple[str, str], tuple[str, ...]]:
    """(section letter, 'general' or 'licensed') → scope items, in file order."""
    table: dict[tuple[str, str], list[str]] = {}
    for row in _rows("business_scopes.csv"):
        table.setdefault((row["section"], row["kind"]), []).append(row["item"])
    return {key: tuple(items) for key, items in table.items()}


def section_of(division: str) -> str:
    """The GB/T 4754-2017 section letter of a two-digit division."""
    number = int(division)
    for letter, last in _SECTION_ENDS:
        if number <= last:
            return letter
    raise ValueError(f"not a GB/T 4754-2017 division: {division}")


_SECTION_ENDS = (
    ("A", 5), ("B", 12), ("C", 43), ("D", 46), ("E", 50), ("F", 52), ("G", 60), ("H", 62),
    ("I", 65), ("J", 69), ("K", 70), ("L", 72), ("M", 75), ("N", 79), ("O", 82), ("P", 83),
    ("Q", 85), ("R", 90), ("S", 96), ("T", 97),
)  # fmt: skip
