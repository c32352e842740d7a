"""Search: what a query means, and which companies and people match it.

One box takes everything a user may know about a company: a fragment of its
current or former Chinese name, its English name, its name in pinyin (full or
initials), the name of its legal representative or of a person tied to it, or
its Unified Social Credit Code, whole or the first few characters.

``parse`` decides what the query is; ``company_candidates`` and
``people_candidates`` are the only places that turn it into database
filters, so that a later change of engine (PostgreSQL trigram or full-text
indexes) replaces these functions and nothing else. For now they use plain
``contains`` lookups, which work the same on SQLite and PostgreSQL.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from registry import uscc
from registry.models import Company, FormerName, Person

# Longer queries are cut: no company name is longer, and a LIKE over a long
# pattern only costs time.
MAX_QUERY_LENGTH = 100
# A credit-code prefix shorter than this matches too much to be useful.
MIN_CODE_PREFIX = 4
# Pinyin shorter than this matches most names.
MIN_PINYIN = 2

_WHITESPACE = re.compile(r"\s+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
# Spaces, apostrophes (xi'an) and dashes are typed between syllables.
_PINYIN_SEPARATORS = re.compile(r"[\s'’\-]+")


class Kind:
    """What a query is taken to be."""

    TEXT = "text"  # names, pinyin, people; possibly a code prefix too
    CODE = "code"  # a whole, valid credit code
    BAD_CODE = "bad_code"  # 18 characters that look like a code but are not valid


@dataclass(frozen=True)
class Query:
    text: str  # as typed, trimmed, whitespace collapsed, cut to MAX_QUERY_LENGTH
    kind: str
    code: str = ""  # the normalised code, or code prefix, when the query looks like one
    problem: uscc.CodeProblem | None = None  # for BAD_CODE: what is wrong
    pinyin: str = ""  # lower-case letters, when the query could be pinyin
    truncated: bool = False

    @property
    def has_latin(self) -> bool:
        return bool(_ASCII_LETTERS.search(self.text))


def clean(raw: str) -> tuple[str, bool]:
    """Trim, collapse whitespace and cut to ``MAX_QUERY_LENGTH``; say whether it was cut."""
    text = _WHITESPACE.sub(" ", raw).strip()
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].strip(), True
    return text, False


def has_words(text: str) -> bool:
    """Whether the text has a letter, a Chinese character or a digit: a query of
    punctuation and symbols alone cannot match anything useful."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def parse(raw: str) -> Query:
    """What the query is. ``raw`` is what the user typed (no NUL bytes: the form
    refuses those)."""
    text, truncated = clean(raw)
    # Full-width letters and digits (Ｑ１) are common from Chinese input methods.
    compact = uscc.normalize(unicodedata.normalize("NFKC", text))
    if _looks_like_whole_code(compact):
        problem = uscc.check(compact)
        kind = Kind.CODE if problem is None else Kind.BAD_CODE
        return Query(text=text, kind=kind, code=compact, problem=problem, truncated=truncated)
    code_prefix = compact if _looks_like_code_prefix(compact) else ""
    return Query(
        text=text,
        kind=Kind.TEXT,
        code=code_prefix,
        pinyin=_pinyin_form(text),
        truncated=truncated,
    )


def _looks_like_whole_code(compact: str) -> bool:
    # Eighteen Latin letters could be pinyin; a code has digits (the division
    # code alone is six).
    return (
        len(compact) == uscc.LENGTH
        and compact.isascii()
        and compact.isalnum()
        and sum(c.isdigit() for c in compact) >= 6
    )


def _looks_like_code_prefix(compact: str) -> bool:
    # Characters 3 to 8 are the division code: digits. This keeps pinyin
    # initials such as "hwjs" from being read as a code.
    return (
        MIN_CODE_PREFIX <= len(compact) < uscc.LENGTH
        and compact.isascii()
        and all(c in uscc.ALPHABET for c in compact)
        and compact[2:8].isdigit()
    )


def _pinyin_form(text: str) -> str:
    letters = _PINYIN_SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).lower()
    if len(letters) >= MIN_PINYIN and letters.isascii() and letters.isalpha():
        return letters
    return ""


# --- Companies -------------------------------------------------------------------------


def _contains(field_name: str, query: Query) -> Q:
    # Case matters only for Latin letters; without them a plain LIKE is enough
    # (PostgreSQL's icontains wraps both sides in UPPER()).
    lookup = "icontains" if query.has_latin else "contains"
    return Q(**{f"{field_name}__{lookup}": query.text})


def former_names_matching(query: Query):
    """Former names that contain the query (for showing which one matched)."""
    return FormerName.objects.filter(_contains("name", query))


def company_candidates(query: Query, queryset=None):
    """Every company the query matches, unordered. The single place that turns
    a text query into company filters."""
    queryset = Company.objects.all() if queryset is None else queryset
    if query.kind == Kind.CODE:
        return queryset.filter(uscc=query.code)
    if query.kind == Kind.BAD_CODE:
        return queryset.filter(uscc__in=one_character_neighbours(query.code))
    former = former_names_matching(query).filter(company=OuterRef("pk"))
    match = _contains("name", query) | Q(Exists(former)) | Q(legal_representative_name=query.text)
    if query.has_latin:
        match |= Q(name_en__icontains=query.text)
    if query.pinyin:
        match |= Q(name_pinyin__contains=query.pinyin) | Q(name_initials__contains=query.pinyin)
    if query.code:
        match |= Q(uscc__startswith=query.code)
    return queryset.filter(match)


def with_relevance(queryset, query: Query):
    """Annotate ``relevance`` (0 best): the exact name, then names starting with
    the query, then names containing it, then the other matches (former name,
    English name, pinyin, person, code prefix); and ``closed`` (0 for a
    company in operation), which breaks ties."""
    whens = [When(name=query.text, then=Value(0)), When(name__startswith=query.text, then=1)]
    if query.has_latin:
        whens += [When(name_en__iexact=query.text, then=0)]
    if query.pinyin:
        whens += [
            When(name_pinyin=query.pinyin, then=0),
            When(name_initials=query.pinyin, then=0),
            When(name_pinyin__startswith=query.pinyin, then=1),
            When(name_initials__startswith=query.pinyin, then=1),
        ]
    if query.has_latin:
        whens += [When(name_en__istartswith=query.text, then=1)]
    whens += [When(_contains("name", query), then=2)]
    return queryset.annotate(
        relevance=Case(*whens, default=Value(3), output_field=models.IntegerField()),
        closed=Case(
            When(status=Company.Status.IN_OPERATION, then=Value(0)),
            default=Value(1),
            output_field=models.IntegerField(),
        ),
    )


# --- Credit codes ----------------------------------------------------------------------


def one_character_neighbours(code: str) -> list[str]:
    """Every valid code that differs from ``code`` in exactly one position.

    A single wrong character always breaks the check character (each weight is
    prime to 31), so these are the codes the user may have meant. Of the
    18 x 30 substitutions only about one in 31 is valid: some 17 codes, which
    one ``uscc__in`` lookup on the unique index answers."""
    code = code.upper()
    if len(code) != uscc.LENGTH:
        return []
    found = []
    for position in range(uscc.LENGTH):
        for character in uscc.ALPHABET:
            if character == code[position]:
                continue
            candidate = code[:position] + character + code[position + 1 :]
            if uscc.check(candidate) is None:
                found.append(candidate)
    return found


# --- People ----------------------------------------------------------------------------


def people_candidates(query: Query, queryset=None):
    """People whose name is the query, or starts with it (two characters or
    more: one character is only a family name), or whose name in pinyin is the
    query. The single place that turns a query into person filters."""
    queryset = Person.objects.all() if queryset is None else queryset
    if query.kind != Kind.TEXT or not query.text:
        return queryset.none()
    match = Q(name=query.text)
    if len(query.text) >= 2:
        match |= Q(name__startswith=query.text)
    if query.pinyin:
        match |= Q(name_pinyin=query.pinyin)
    return queryset.filter(match)
