"""Numbers of the documents behind demo records: decision numbers and case numbers.

Serials increase within (issuer, kind of document, year), by small random
steps, as in a real register where not every number reaches the public.
Numbers already in the database (``--append``) are skipped, so the uniqueness
constraints (decision number per agency, case number) always hold.
"""


class Documents:
    def __init__(self, rng, taken_decisions=frozenset(), taken_cases=frozenset()):
        """``taken_decisions``: (agency id, number) pairs; ``taken_cases``: case numbers."""
        self.rng = rng
        self.serials: dict[tuple, int] = {}
        self.taken_decisions = taken_decisions
        self.taken_cases = taken_cases

    def _serial(self, key: tuple) -> int:
        serial = self.serials.get(key, 0) + 1 + int(self.rng.random() * 3)
        self.serials[key] = serial
        return serial

    def decision(self, agency, kind: str, year: int, *, width: int = 0) -> str:
        """杭市监处罚〔2024〕123号: the agency's prefix, the kind, the year, a serial."""
        while True:
            serial = self._serial((agency.id, kind, year))
            number = f"{agency.prefix}{kind}〔{year}〕{serial:0{width}d}号"
            if (agency.id, number) not in self.taken_decisions:
                return number

    def licence_number(self, agency, letters: str, division: str) -> str:
        """A licence number: letters, the division code and a serial (JY13301060012345)."""
        while True:
            serial = self._serial((agency.id, letters, "licence"))
            number = f"{letters}{division}{serial:07d}"
            if (agency.id, number) not in self.taken_decisions:
                return number

    def case_number(self, court_code: str, type_code: str, year: int) -> tuple[str, int]:
        """(2024)浙0106民初1234号 and its serial."""
        while True:
            serial = self._serial((court_code, type_code, year))
            number = f"({year}){court_code}{type_code}{serial}号"
            if number not in self.taken_cases:
                return number, serial
