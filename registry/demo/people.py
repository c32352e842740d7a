"""Natural persons of the demo register, with masked ID numbers only.

Surnames are drawn with the frequencies of Faker's zh_CN provider; given names
are one or two characters from Faker's given names and a list of modern ones.
A person's pinyin is built from cached per-character readings (surnames with
their surname reading: 单 shan, 曾 zeng). A share of legal representatives
and shareholders are people already met, so that one person can be found
behind several companies, as in a real register.
"""

from dataclasses import dataclass

from faker.providers.person.zh_CN import Provider as ChineseNames

from registry.demo.codes import masked_id
from registry.demo.draws import Weighted, between, chance, pick
from registry.demo.vocabulary import GIVEN_NAME_CHARACTERS
from registry.models import Person


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: int
    name: str


class Pool:
    """The most recent items of a kind, to draw related parties from (a ring buffer)."""

    def __init__(self, size: int):
        self.size, self.items, self.next = size, [], 0

    def add(self, item):
        if len(self.items) < self.size:
            self.items.append(item)
        else:
            self.items[self.next] = item
            self.next = (self.next + 1) % self.size

    def pick(self, rng):
        return pick(rng, self.items) if self.items else None


class People:
    def __init__(self, rng, pinyin, geography, ids, faker):
        self.rng, self.pinyin, self.geo, self.ids, self.faker = rng, pinyin, geography, ids, faker
        self.surnames = Weighted(ChineseNames.last_names.items())
        self.classic_given = tuple(ChineseNames.first_names)
        characters = dict.fromkeys("".join(self.classic_given) + GIVEN_NAME_CHARACTERS)
        self.given_characters = tuple(characters)
        self.recent = Pool(5000)
        self.batch = None

    def _name(self) -> tuple[str, str]:
        rng = self.rng
        surname = self.surnames.draw(rng)
        if chance(rng, 0.35):
            given = pick(rng, self.classic_given)
        elif chance(rng, 0.2):
            given = pick(rng, self.given_characters)
        else:
            given = pick(rng, self.given_characters) + pick(rng, self.given_characters)
        pinyin = self.pinyin.surname(surname)[0] + "".join(self.pinyin(c)[0] for c in given)
        return surname + given, pinyin

    def new(self, province_code: str, year: int) -> PersonRef:
        """A new person, most often born in the province (of the company) they appear in."""
        rng = self.rng
        name, pinyin = self._name()
        leaves = self.geo.by_province.get(province_code)
        if leaves and chance(rng, 0.75):
            birthplace = pick(rng, leaves)
        else:
            birthplace = self.geo.picker.draw(rng)
        birth_year = max(1940, year - between(rng, 22, 62))
        ref = PersonRef(self.ids.take(Person), name)
        self.batch.add(
            Person,
            id=ref.id,
            name=name,
            name_pinyin=pinyin,
            id_masked=masked_id(rng, birthplace.code, birth_year),
        )
        self.recent.add(ref)
        return ref

    def known_or_new(self, province_code: str, year: int, known_share: float) -> PersonRef:
        """Someone met before (with probability ``known_share``), else a new person."""
        if chance(self.rng, known_share):
            known = self.recent.pick(self.rng)
            if known is not None:
                return known
        return self.new(province_code, year)

    def foreigner(self) -> PersonRef:
        """A foreign investor: a name in Latin letters, no Chinese ID number to mask."""
        ref = PersonRef(self.ids.take(Person), self.faker["en_US"].name().upper())
        self.batch.add(Person, id=ref.id, name=ref.name, name_pinyin="", id_masked="")
        return ref
