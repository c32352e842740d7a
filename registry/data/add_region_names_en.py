#!/usr/bin/env python3
"""Fill regions.csv's ``name_en`` column with each division's English name
(``registry.place_names.place_name_en``: Hanyu Pinyin, generic part translated).

Run from the repository root, with the project's environment (pypinyin):

    .venv/bin/python registry/data/add_region_names_en.py [registry/data/regions.csv]

The file is rewritten in place with the columns ``code,name,name_en,level,parent_code``;
running it again gives the same file.
"""

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from registry.place_names import place_name_en

COLUMNS = ["code", "name", "name_en", "level", "parent_code"]


def main(path: Path) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["name_en"] = place_name_en(row["name"])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row[column] for column in COLUMNS} for row in rows)
    print(f"{len(rows)} rows, name_en filled")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "registry/data/regions.csv"))
