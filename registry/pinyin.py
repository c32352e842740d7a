"""Pinyin forms of names, precomputed when a name is written so that search
can match ``huawei`` or ``hwjs`` without computing anything per request; and
the toneless syllables of the names English pages show.

pypinyin is imported lazily: it costs about 55 MB per process (its phrases and
characters as Python lists and strings), and web workers that only read never
need it. English pages read the same syllables from
``registry/data/pinyin_readings.txt`` (made from pypinyin by
``registry/data/make_pinyin_readings.py``), kept as a few strings and offsets:
about 3 MB.
"""

import re
from array import array
from bisect import bisect_left
from functools import cache
from io import StringIO
from pathlib import Path

READINGS = Path(__file__).resolve().parent / "data" / "pinyin_readings.txt"

_LATIN_OR_DIGIT = re.compile(r"[a-z0-9]+")


def _syllables(name: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL, errors="default")]


def full(name: str) -> str:
    """``杭州华鑫科技有限公司`` → ``hangzhouhuaxinkejiyouxiangongsi``."""
    return "".join(_keep(s) for s in _syllables(name))


def initials(name: str) -> str:
    """``杭州华鑫科技有限公司`` → ``hzhxkjyxgs``; Latin words keep their first letter."""
    out = []
    for syllable in _syllables(name):
        kept = _keep(syllable)
        if kept:
            out.append(kept[0])
    return "".join(out)


def _keep(text: str) -> str:
    return "".join(_LATIN_OR_DIGIT.findall(text.lower()))


def syllables(text: str) -> list[str]:
    """Toneless syllables, one a Chinese character (ü kept: 吕 → lü);
    anything else passes through as it is. The same as pypinyin's
    ``lazy_pinyin(text, v_to_u=True, errors=lambda chars: [chars])``: runs of
    characters cut into its phrases by its forward maximum matching, a phrase
    read as a whole, any other character alone."""
    if not text:
        return [""]
    readings = _readings()
    out = []
    for chinese, other in readings.runs.findall(text):
        if other:
            out.append(other)
            continue
        for word, phrase in _words(chinese, readings.phrases):
            if phrase is None:
                out.extend(readings.characters.get(c, c) for c in word)
            else:
                out.extend(readings.phrases.value(phrase).split(" "))
    return out


def _words(run: str, phrases: "_Sorted") -> list[tuple[str, int | None]]:
    """pypinyin's forward maximum matching (``pypinyin.seg.mmseg.seg``): the
    longest phrase the text starts with while the text is the start of some
    phrase; else one character (or every character, at the end of the run).
    Each word with the phrase's place in ``phrases``, None for characters."""
    words = []
    while run:
        longest, found, at = 0, None, 0
        for end in range(1, len(run) + 1):
            at, starts, whole = phrases.prefix(run[:end], at)
            if not starts:
                if longest:
                    words.append((run[:longest], found))
                    run = run[longest:]
                else:
                    words.append((run[0], None))
                    run = run[1:]
                break
            if whole:
                longest, found = end, at
        else:
            if not longest:
                words.extend((c, None) for c in run)
                break
            words.append((run[:longest], found))
            run = run[longest:]
    return words


class _Sorted:
    """Sorted keys and their values, each kind in one string, found by bisection."""

    def __init__(self, lines):
        keys, values = StringIO(), StringIO()
        key_starts, value_starts = array("I", [0]), array("I", [0])
        for line in lines:
            key, value = line.rstrip("\n").split("\t")
            key_starts.append(key_starts[-1] + keys.write(key))
            value_starts.append(value_starts[-1] + values.write(value))
        self.keys, self.values = keys.getvalue(), values.getvalue()
        self.key_starts, self.value_starts = key_starts, value_starts
        self.size = len(key_starts) - 1

    def key(self, i: int) -> str:
        return self.keys[self.key_starts[i] : self.key_starts[i + 1]]

    def value(self, i: int) -> str:
        return self.values[self.value_starts[i] : self.value_starts[i + 1]]

    def prefix(self, text: str, lo: int = 0) -> tuple[int, bool, bool]:
        """Where ``text`` is or would be (from ``lo`` on), whether some key
        starts with it, and whether one is it."""
        i = bisect_left(range(self.size), text, lo, key=self.key)
        key = self.key(i) if i < self.size else ""
        return i, key.startswith(text), key == text

    def get(self, text: str, default=None):
        i, _, whole = self.prefix(text)
        return self.value(i) if whole else default


class _Readings:
    def __init__(self, path: Path):
        with open(path, encoding="utf-8") as lines:
            lines.readline()  # the comment
            chinese = lines.readline().rstrip("\n")
            self.runs = re.compile(f"({chinese}+)|((?:(?!{chinese}).)+)", re.S)
            self.phrases = _Sorted(iter(lines.readline, "\n"))
            self.characters = _Sorted(iter(lines.readline, ""))


@cache
def _readings() -> _Readings:
    return _Readings(READINGS)


def join(parts: list[str]) -> str:
    """Syllables as one capitalised word, with an apostrophe before a syllable
    that starts with a vowel a, o or e (Xi'an, Chun'an)."""
    word = ""
    for part in parts:
        if word and part[:1] in ("a", "o", "e") and word[-1:].isalpha():
            word += "'"
        word += part
    return word[:1].upper() + word[1:]
