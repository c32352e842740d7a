"""Identifiers for demo data: organisation codes, credit codes, masked ID numbers.

Unique organisation codes come from a counter passed through a bijective
mixing (affine maps modulo the size of the code space, with the digits reversed
between them), so that consecutive companies get unrelated-looking
codes that can never collide, without remembering the codes already issued.
"""

from registry.uscc import ALPHABET, with_check_character

# GB 11714-1997: weights of the eight body characters of an organisation code.
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100-2015 position 2 under registration authority 9 (market regulation).
ENTITY_TYPE_CHARACTER = {"individual_business": "2", "farmers_cooperative": "3"}

# GB 11643-1999: weights of the 17 digits of a citizen ID number, and the check characters.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECKS = "10X98765432"


def org_code_value(character: str) -> int:
    """GB 11714 value of a character: digits as themselves, A=10 ... Z=35."""
    if character.isdigit():
        return int(character)
    return ord(character) - ord("A") + 10


def org_code_check(body: str) -> str:
    """GB 11714 check character of an eight-character organisation code body."""
    total = sum(org_code_value(c) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


class Mixer:
    """A bijection of ``range(base ** width)`` chosen by the random generator."""

    def __init__(self, rng, base: int, width: int):
        self.base, self.width, self.size = base, width, base**width
        self.rounds = tuple((self._unit(rng), int(rng.random() * self.size)) for _ in range(3))

    def _unit(self, rng) -> int:
        """A multiplier coprime with the size, so that multiplying is a bijection."""
        factors = [p for p in (2, 3, 5, 31) if self.base % p == 0]
        while True:
            candidate = int(rng.random() * self.size) | 1
            if all(candidate % p for p in factors):
                return candidate

    def digits(self, number: int) -> list[int]:
        out = []
        for _ in range(self.width):
            number, digit = divmod(number, self.base)
            out.append(digit)
        return out  # least significant first

    def __call__(self, counter: int) -> list[int]:
        if not 0 <= counter < self.size:
            raise OverflowError("the code space is used up")
        value = counter
        for index, (multiplier, offset) in enumerate(self.rounds):
            value = (multiplier * value + offset) % self.size
            if index < len(self.rounds) - 1:
                # Reversing the digits moves the fast-changing low digits to the top.
                reversed_value = 0
                for digit in self.digits(value):
                    reversed_value = reversed_value * self.base + digit
                value = reversed_value
        return self.digits(value)


class OrgCodes:
    """Unique nine-character organisation codes (eight plus the GB 11714 check).

    Three series that never overlap: companies registered before the 2015
    credit-code reform keep a numeric code not starting with 00; newer ones get
    the ``MA`` series of the reform; government bodies get numeric codes
    starting with 00 (as many real ones do). Agencies having a series of their
    own, the companies' codes do not depend on which agencies already exist.
    Codes in ``taken`` (already in the database) are skipped.
    """

    def __init__(self, rng, taken=frozenset()):
        self.mixers = {
            "numeric": Mixer(rng, 10, 8),
            "reformed": Mixer(rng, len(ALPHABET), 6),
            "government": Mixer(rng, 10, 6),
        }
        self.counters = dict.fromkeys(self.mixers, 0)
        self.taken = taken

    def next(self, *, reformed: bool) -> str:
        """A company's code."""
        return self._next("reformed" if reformed else "numeric")

    def government(self) -> str:
        """A government body's code."""
        return self._next("government")

    def _next(self, series: str) -> str:
        while True:
            counter = self.counters[series]
            self.counters[series] = counter + 1
            digits = self.mixers[series](counter)
            if series == "reformed":
                body = "MA" + "".join(ALPHABET[d] for d in digits)
            elif series == "government":
                body = "00" + "".join(str(d) for d in digits)
            else:
                body = "".join(str(d) for d in digits)
                if body.startswith("00"):
                    continue
            code = body + org_code_check(body)
            if code not in self.taken:
                return code


def company_uscc(entity_type: str, division: str, org_code: str) -> str:
    """A credit code issued by market regulation (9) to a company in ``division``."""
    kind = ENTITY_TYPE_CHARACTER.get(entity_type, "1")
    return with_check_character(f"9{kind}{division}{org_code}")


def agency_uscc(division: str, org_code: str) -> str:
    """A credit code of a government body (机关: registration authority 1, type 1)."""
    return with_check_character(f"11{division}{org_code}")


def _weighted(digits: str, weights) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True))


_DIVISION_SUMS: dict[str, int] = {}


def masked_id(rng, division: str, birth_year: int) -> str:
    """A citizen ID number with its birth date masked: 330106********123X.

    The full number exists only inside this function, to compute a check
    character that a real number would have; it is never returned or stored.
    """
    month = 1 + int(rng.random() * 12)
    day = 1 + int(rng.random() * 28)
    sequence = f"{int(rng.random() * 1000):03d}"
    head = _DIVISION_SUMS.get(division)
    if head is None:
        head = _DIVISION_SUMS[division] = _weighted(division, ID_WEIGHTS[:6])
    rest = _weighted(f"{birth_year:04d}{month:02d}{day:02d}{sequence}", ID_WEIGHTS[6:])
    return f"{division}********{sequence}{ID_CHECKS[(head + rest) % 11]}"
