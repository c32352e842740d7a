"""Pinyin forms of names, precomputed when a name is written so that search
can match ``huawei`` or ``hwjs`` without computing anything per request.

pypinyin is imported lazily: it costs about 57 MB per process, and web
workers that only read never need it.
"""

import re

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
    anything else passes through as it is."""
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors=lambda chars: [chars])


def join(parts: list[str]) -> str:
    """Syllables as one capitalised word, with an apostrophe before a syllable
    that starts with a vowel a, o or e (Xi'an, Chun'an)."""
    word = ""
    for part in parts:
        if word and part[:1] in ("a", "o", "e") and word[-1:].isalpha():
            word += "'"
        word += part
    return word[:1].upper() + word[1:]
