"""Unique company names with their pinyin, initials and English names.

A name is composed of parts (region, trade name, industry word, legal form);
pypinyin runs once per distinct part and the results are concatenated, since
running it on every full name would cost about 0.2 ms a name. Trade names are
drawn from curated characters, each with a fixed reading. Uniqueness: a name
already given is detected and the trade name drawn again, longer after a few
attempts; a counter-derived trade name ends the search in the worst case.
"""

from dataclasses import dataclass

from pypinyin import lazy_pinyin

from registry.demo.draws import chance, pick
from registry.demo.vocabulary import (
    PLACE_CHARACTER_READINGS,
    PLACE_READINGS,
    SURNAME_READINGS,
    TRADE_CHARACTERS,
)


class Pinyin:
    """Pinyin (lower case, no tones, no separator) and initials, cached per part."""

    def __init__(self):
        self.cache: dict[str, tuple[str, str]] = {}

    def __call__(self, part: str) -> tuple[str, str]:
        found = self.cache.get(part)
        if found is None:
            syllables = lazy_pinyin(part, errors="ignore")
            found = ("".join(syllables), "".join(s[0] for s in syllables if s))
            self.cache[part] = found
        return found

    def surname(self, surname: str) -> tuple[str, str]:
        reading = SURNAME_READINGS.get(surname)
        if reading is None:
            return self(surname)
        syllables = reading.split()
        return "".join(syllables), "".join(s[0] for s in syllables)

    def place(self, name: str) -> tuple[str, str]:
        """A place name's pinyin, with the readings places use (成都 du, 长沙 chang)."""
        key = "place:" + name
        found = self.cache.get(key)
        if found is None:
            fixed = next((r for p, r in PLACE_READINGS.items() if name.startswith(p)), None)
            syllables = lazy_pinyin(name, errors="ignore")
            if len(syllables) == len(name):
                syllables = [
                    PLACE_CHARACTER_READINGS.get(character, syllable)
                    for character, syllable in zip(name, syllables, strict=True)
                ]
            if fixed:
                head = fixed.split()
                syllables[: len(head)] = head
            found = ("".join(syllables), "".join(s[0] for s in syllables if s))
            self.cache[key] = found
        return found

    def join(self, parts) -> tuple[str, str]:
        pinyins, initials = [], []
        for part in parts:
            p, i = self(part)
            pinyins.append(p)
            initials.append(i)
        return "".join(pinyins), "".join(initials)


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    pinyin: str
    initials: str
    trade: str
    trade_pinyin: str


def _capitalised(pinyin: str) -> str:
    return pinyin[:1].upper() + pinyin[1:]


class Namer:
    """Composes names no other demo company has, from the parts it is given."""

    ATTEMPTS = 12

    def __init__(self, rng, pinyin: Pinyin, taken: set[str]):
        self.rng = rng
        self.pinyin = pinyin
        self.taken = taken
        self.characters = tuple(dict.fromkeys(TRADE_CHARACTERS))
        for character in self.characters:
            pinyin(character)
        self.fallbacks = 0

    def trade_name(self, length: int) -> str:
        rng, characters = self.rng, self.characters
        chosen = pick(rng, characters)
        while len(chosen) < length:
            character = pick(rng, characters)
            if character not in chosen:
                chosen += character
        return chosen

    def compose(self, before: str, after: tuple[str, ...], *, keep_trade: str = "") -> Name:
        """``before`` + trade name + ``after`` parts, unique, with its pinyin.

        ``keep_trade`` tries an existing trade name first (a renamed company
        keeping its 字号).
        """
        for attempt in range(self.ATTEMPTS):
            if keep_trade and attempt == 0:
                trade = keep_trade
            else:
                length = 2 if attempt < 4 and not chance(self.rng, 0.25) else 3 + attempt // 8
                trade = self.trade_name(length)
            name = before + trade + "".join(after)
            if name not in self.taken:
                return self._accept(name, before, trade, after)
        while True:  # practically never: a trade name from a counter
            self.fallbacks += 1
            number, trade = self.fallbacks, ""
            while number:
                number, digit = divmod(number, len(self.characters))
                trade += self.characters[digit]
            name = before + trade + "".join(after)
            if name not in self.taken:
                return self._accept(name, before, trade, after)

    def _accept(self, name, before, trade, after) -> Name:
        self.taken.add(name)
        trade_pinyin, trade_initials = self.pinyin.join(trade)
        head_pinyin, head_initials = self.pinyin.place(before) if before else ("", "")
        tail_pinyin, tail_initials = self.pinyin.join(after)
        return Name(
            name=name,
            pinyin=head_pinyin + trade_pinyin + tail_pinyin,
            initials=head_initials + trade_initials + tail_initials,
            trade=trade,
            trade_pinyin=trade_pinyin,
        )

    def claim(self, name: str) -> bool:
        """Reserve a name built elsewhere (a branch's); False when it is taken."""
        if name in self.taken:
            return False
        self.taken.add(name)
        return True

    def english(self, region_short: str, trade_pinyin: str, industry_en: str, form_en: str) -> str:
        """Hangzhou Huaxin Technology Co., Ltd."""
        region = _capitalised(self.pinyin.place(region_short)[0]) if region_short else ""
        words = (region, _capitalised(trade_pinyin), industry_en, form_en)
        return " ".join(word for word in words if word)
