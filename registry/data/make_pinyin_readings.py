#!/usr/bin/env python3
"""Write ``pinyin_readings.txt``: the toneless readings that ``registry.pinyin.syllables``
gives English pages, taken from pypinyin (``lazy_pinyin``, ``Style.NORMAL``,
``v_to_u=True``), so that a web worker reads them from a few MB of strings
instead of importing pypinyin's dictionaries (about 55 MB a process).

Run from the repository root, with the project's environment (pypinyin), after
pypinyin is upgraded (tests/registry/test_pinyin_readings.py says when):

    .venv/bin/python registry/data/make_pinyin_readings.py [registry/data/pinyin_readings.txt]

The file: a comment line; the character class of the characters pypinyin
reads (its ``RE_HANS``); then pypinyin's phrases, then the single characters,
each section sorted, one ``text<TAB>syllables`` a line (syllables separated by
spaces), the sections apart by an empty line.
"""

import sys
from pathlib import Path

PATH = Path(__file__).resolve().parent / "pinyin_readings.txt"


def lines() -> list[str]:
    import pypinyin
    from pypinyin import Style
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS
    from pypinyin.converter import UltimateConverter

    convert = UltimateConverter(v_to_u=True).convert
    pattern = RE_HANS.pattern
    assert pattern.startswith("^(?:[") and pattern.endswith("])+$"), pattern
    characters = pattern[len("^(?:") : -len(")+$")]

    def reading(text: str) -> str:
        syllables = [s[0] for s in convert(text, Style.NORMAL, False, "default", True)]
        assert len(syllables) == len(text) and not any(" " in s for s in syllables), text
        return " ".join(syllables)

    singles = sorted(c for c in map(chr, PINYIN_DICT) if RE_HANS.match(c))
    return [
        f"# pypinyin {pypinyin.__version__}: registry/data/make_pinyin_readings.py",
        characters,
        *(f"{phrase}\t{reading(phrase)}" for phrase in sorted(PHRASES_DICT)),
        "",
        *(f"{char}\t{reading(char)}" for char in singles),
    ]


def main(path: Path) -> None:
    written = lines()
    path.write_text("\n".join(written) + "\n", encoding="utf-8")
    print(f"{len(written) - 3} readings written to {path}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PATH)
