"""Loading the reference data files in ``registry/data/`` (see SOURCES.md there).

Used by the data migration; kept apart so that the loaders can be read and
tested on their own.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(filename: str) -> list[dict]:
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_regions(Region) -> int:
    rows = read_rows("regions.csv")
    by_code = {}
    # Parents come before their children when taken level by level.
    for level in ("province", "prefecture", "county"):
        batch = [
            Region(
                code=row["code"],
                name=row["name"],
                name_en=row.get("name_en", ""),
                level=row["level"],
                parent=by_code.get(row["parent_code"]) if row["parent_code"] else None,
            )
            for row in rows
            if row["level"] == level
        ]
        for region in Region.objects.bulk_create(batch, batch_size=1000):
            by_code[region.code] = region
    # SQLite and PostgreSQL both return primary keys from bulk_create; look
    # them up again where a backend did not.
    if any(r.pk is None for r in by_code.values()):
        raise RuntimeError("bulk_create returned no primary keys")
    return len(by_code)


def load_industries(Industry) -> int:
    rows = read_rows("industries.csv")
    sections = {}
    for row in rows:
        if row["level"] == "section":
            sections[row["code"]] = Industry.objects.create(
                code=row["code"], name=row["name"], name_en=row["name_en"], level="section"
            )
    Industry.objects.bulk_create(
        [
            Industry(
                code=row["code"],
                name=row["name"],
                name_en=row["name_en"],
                level="division",
                parent=sections[row["parent_code"]],
            )
            for row in rows
            if row["level"] == "division"
        ]
    )
    return len(rows)


def load_credit_lists(CreditList) -> int:
    rows = read_rows("credit_lists.csv")
    for row in rows:
        CreditList.objects.update_or_create(
            code=row["code"],
            defaults={
                **{k: v for k, v in row.items() if not k.endswith("_months") and k != "code"},
                "min_term_months": int(row["min_term_months"]) if row["min_term_months"] else None,
                "max_term_months": int(row["max_term_months"]) if row["max_term_months"] else None,
            },
        )
    return len(rows)


def fill_region_names_en(Region) -> int:
    """Set every region's ``name_en`` from regions.csv (migration 0017: the
    regions loaded before the file had English names)."""
    names = {row["code"]: row["name_en"] for row in read_rows("regions.csv")}
    regions = list(Region.objects.filter(code__in=names))
    for region in regions:
        region.name_en = names[region.code]
    Region.objects.bulk_update(regions, ["name_en"], batch_size=1000)
    return len(regions)
