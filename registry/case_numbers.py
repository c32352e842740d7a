"""Parsing Chinese court case numbers (案号).

Format (Supreme People's Court rules on case numbers, 2016):
``(year) + court code + type code + serial + 号``, e.g. ``(2016)辽1204民初143号``.
The court code is a province abbreviation followed by up to four digits
(``辽1204`` a basic court, ``沪01`` an intermediate court, ``京`` a high court),
or ``最高法`` for the Supreme People's Court. The type code is one or more
Chinese characters (``民初``, ``民终``, ``刑初``, ``行初``, ``执``, ``执恢``...).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

PROVINCE_ABBREVIATIONS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵"

_PATTERN = re.compile(
    r"^\((?P<year>\d{4})\)"
    rf"(?P<court>最高法|[{PROVINCE_ABBREVIATIONS}]\d{{0,4}})"
    r"(?P<type>[\u4e00-\u9fff]{1,6}?)"
    r"(?P<serial>\d{1,7})号$"
)

# The first character of the type code tells the kind of case.
_TYPE_PREFIXES = {
    "民": "civil",
    "商": "civil",
    "知": "civil",
    "刑": "criminal",
    "行": "administrative",
    "执": "enforcement",
}

MIN_YEAR = 1949
MAX_YEAR = 2100


class CaseNumberError(ValueError):
    pass


@dataclass(frozen=True)
class CaseNumber:
    text: str
    year: int
    court_code: str
    type_code: str
    serial: int

    @property
    def case_type(self) -> str:
        return _TYPE_PREFIXES.get(self.type_code[0], "other")


def normalize(raw: str) -> str:
    """Half-width brackets, no spaces: （2016）辽1204民初143号 → (2016)辽1204民初143号."""
    text = str(raw).strip()
    for full, half in (
        ("（", "("),
        ("）", ")"),
        ("〔", "("),
        ("〕", ")"),
        ("[", "("),
        ("]", ")"),
    ):
        text = text.replace(full, half)
    return re.sub(r"\s+", "", text)


def parse(raw: str) -> CaseNumber:
    text = normalize(raw)
    if not text:
        raise CaseNumberError(_("The case number is empty."))
    match = _PATTERN.match(text)
    if not match:
        raise CaseNumberError(
            _(
                "“%(number)s” is not a valid case number. The form is (year) + court code + "
                "type code + serial + 号, e.g. (2016)辽1204民初143号."
            )
            % {"number": raw}
        )
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CaseNumberError(
            _("The year %(year)d in case number “%(number)s” is not plausible.")
            % {"year": year, "number": raw}
        )
    return CaseNumber(
        text=text,
        year=year,
        court_code=match["court"],
        type_code=match["type"],
        serial=int(match["serial"]),
    )
