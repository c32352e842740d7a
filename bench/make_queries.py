"""How ``bench/queries.tsv`` was made (kept for the record; the benchmark reads
the committed file, so that every run measures the same mix):

    DATABASE_URL=... .venv/bin/python bench/make_queries.py > bench/queries.tsv

From a register seeded with ``seed_demo --seed 1``: 1- to 4-character Chinese
fragments from rare to very common (by how many names hold them), pinyin in
full and by initials, English words, fragments of former names, people's
names, whole credit codes and code prefixes. Fixed random seed.
"""

import os
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "publicity.settings")

import django

django.setup()

from registry.models import Company, FormerName, Person  # noqa: E402

rng = random.Random(1)
SAMPLE = 50_000


def spread(counter: Counter, n: int) -> list[str]:
    """N keys from the rarest to the most common, evenly by rank."""
    ranked = [key for key, _count in counter.most_common()]
    step = max(1, len(ranked) // n)
    picked = ranked[::step][:n]
    return sorted(set(picked + ranked[:2]), key=lambda k: -counter[k])


def main():
    names = list(Company.objects.order_by("?").values_list("name", flat=True)[:SAMPLE])
    rows = []
    for length, n in ((1, 10), (2, 12), (3, 10), (4, 10)):
        grams = Counter()
        for name in names:
            grams.update({name[i : i + length] for i in range(len(name) - length + 1)})
        rows += [(f"chinese-{length}", g) for g in spread(grams, n)]
    sample = rng.sample(names, 6)
    for name in sample:  # fragments of no particular frequency, and whole names
        start = rng.randrange(max(1, len(name) - 4))
        rows.append(("chinese-fragment", name[start : start + rng.choice((2, 3, 4, 5))]))
    rows += [("chinese-whole-name", name) for name in sample[:3]]
    companies = list(
        Company.objects.filter(pk__in=[rng.randrange(1, 900_000) for _ in range(40)])
        .exclude(name_en="")
        .values_list("name_pinyin", "name_initials", "name_en", "uscc")
    )
    others = list(
        Company.objects.filter(pk__in=[rng.randrange(1, 900_000) for _ in range(12)]).values_list(
            "name_pinyin", "name_initials", "uscc", "legal_representative_name"
        )
    )
    for pinyin, initials, _code, _representative in others[:8]:
        start = rng.randrange(0, max(1, len(pinyin) - 12))
        rows.append(("pinyin-full", pinyin[start : start + rng.choice((4, 6, 8, 12))]))
        rows.append(("pinyin-initials", initials[: rng.choice((2, 3, 4))]))
    rows += [("pinyin-full", p) for p in ("beijing", "keji", "youxiangongsi")]
    rows += [("pinyin-initials", p) for p in ("yxgs", "kj")]
    words = Counter()
    for _pinyin, _initials, english, _code in companies:
        words.update(w.strip(",.") for w in english.split() if len(w.strip(",.")) >= 3)
    rows += [("english", w) for w in spread(words, 8)]
    former = list(FormerName.objects.order_by("?").values_list("name", flat=True)[:6])
    for name in former:
        start = rng.randrange(max(1, len(name) - 4))
        rows.append(("former-name", name[start : start + 4]))
    rows += [("former-name", name) for name in former[:2]]
    people = list(Person.objects.order_by("?").values_list("name", "name_pinyin")[:6])
    rows += [("person", name) for name, _pinyin in people]
    rows += [("person-pinyin", pinyin) for _name, pinyin in people[:2]]
    rows += [("legal-representative", o[3]) for o in others[:3]]
    codes = [o[2] for o in others]
    rows += [("credit-code", code) for code in codes[:4]]
    for code in codes[4:10]:
        rows.append(("credit-code-prefix", code[: rng.choice((4, 6, 8, 10, 12))]))
    print("# kind\tquery (bench/make_queries.py; read by bench/web.py)")
    seen = set()
    for kind, query in rows:
        if query and query not in seen:
            seen.add(query)
            print(f"{kind}\t{query}")


if __name__ == "__main__":
    main()
