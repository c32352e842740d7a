"""Search: what a query means, and which companies and people match it.

One box takes everything a user may know about a company: a fragment of its
current or former Chinese name, its English name, its name in pinyin (full or
initials), the name of its legal representative or of a person tied to it, or
its Unified Social Credit Code, whole or the first few characters.

``parse`` decides what the query is; ``company_candidates``,
``bounded_candidates`` and ``people_candidates`` are the only places that turn
it into database filters (``direct_matches`` also tells a page which of
them a company met). They are plain ``LIKE`` matches, which work the same on SQLite and
PostgreSQL; on PostgreSQL each is paired with a condition that an
index of migration 0006 answers (``GramsMatch``: pairs of adjacent characters
in a GIN index; pg_trgm for Latin text; pattern B-trees for prefixes), so the
results are exactly the plain ones, found without reading the whole table.
A results page never sorts or counts every match: ``bounded_candidates`` takes
at most ``CANDIDATES`` of them, the exact names and name prefixes first, with a
count exact up to a cap. ``docs/scaling.md`` gives the figures.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import connections, models
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Value, When

from registry import uscc
from registry.models import Company, FormerName, Person

# Longer queries are cut: no company name is longer, and a LIKE over a long
# pattern only costs time.
MAX_QUERY_LENGTH = 100
# A credit-code prefix shorter than this matches too much to be useful.
MIN_CODE_PREFIX = 4
# Pinyin shorter than this matches most names. Two letters are read as
# initials ("hw"); full pinyin and English words are matched from three letters
# (two letters such as "an" or "ai" sit inside most names' pinyin).
MIN_PINYIN = 2
MIN_FULL_PINYIN = 3
MIN_ENGLISH = 3

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

# How many candidates a results page ranks, sorts and counts at most: a common
# term ("公司") matches most of the register, and neither a sort nor an exact
# count of all its matches is affordable at national scale. One more than the
# search page's count cap (1,000), so that the same rows give the count.
CANDIDATES = 1001
PEOPLE_CANDIDATES = 1000


def _postgres(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def grams(text: str) -> list[str]:
    """What the index is asked for a query: pairs of adjacent characters of the
    upper-cased text that cover it without overlapping (the last pair overlaps
    when the length is odd), or the character itself for one character. Every
    text containing the query contains them all (``registry_search_grams``,
    migration 0006, stores every pair). Overlapping pairs would add nothing the
    exact match does not check anyway, and would make the planner think a
    common phrase rare: it multiplies the frequencies of pairs that always
    come together. Pairs with a space, a quote or a backslash are left out
    (fewer pairs only keep more rows for the exact match to check)."""
    upper = text.upper()
    if len(upper) == 1:
        found = [upper]
    else:
        starts = list(range(0, len(upper) - 1, 2))
        if len(upper) % 2:
            starts.append(len(upper) - 2)
        found = [upper[i : i + 2] for i in starts]
    return sorted({g for g in found if not any(c.isspace() or c in "'\\" for c in g)})


# The stored tsvector of each column that has one (migration 0006).
GRAMS_COLUMNS = {"name": "search_grams", "name_initials": "initials_grams"}


class GramsMatch(Func):
    """``search_grams @@ 'ab' & 'bc'`` on the stored tsvector of a name (see
    migration 0006), served by its GIN index (PostgreSQL only). The models do
    not know the column: it is named after the compiled source column, so that
    table aliases in subqueries are kept."""

    arity = 1
    output_field = models.BooleanField()

    def __init__(self, expression, text_grams, **extra):
        self.tsquery = " & ".join(f"'{g}'" for g in text_grams)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        source = self.source_expressions[0].target.column
        quoted = connection.ops.quote_name(source)
        stored = connection.ops.quote_name(GRAMS_COLUMNS[source])
        if not column.endswith(quoted):
            raise ValueError(f"{source} is not a plain column reference: {column}")
        column = column[: -len(quoted)] + stored
        return f"{column} @@ %s::tsquery", (*params, self.tsquery)


def _contains(field_name: str, query: Query, *, indexed: bool = False) -> Q:
    # Case matters only for Latin letters; without them a plain LIKE is enough
    # (PostgreSQL's icontains wraps both sides in UPPER()).
    lookup = "icontains" if query.has_latin else "contains"
    match = Q(**{f"{field_name}__{lookup}": query.text})
    text_grams = grams(query.text) if indexed else []
    if text_grams:
        # The same rows, found through the index first.
        match &= Q(GramsMatch(F(field_name), text_grams))
    return match


def former_names_matching(query: Query, *, indexed: bool = False):
    """Former names that contain the query (for showing which one matched)."""
    return FormerName.objects.filter(_contains("name", query, indexed=indexed))


class MatchedBy:
    """What a company matched a text query on; ``ORDER``: which one is named
    when a company matches in several ways."""

    NAME = "name"
    FORMER_NAME = "former_name"
    NAME_EN = "name_en"
    PINYIN = "pinyin"  # the name in full pinyin
    INITIALS = "initials"  # the initials of the name in pinyin
    LEGAL_REPRESENTATIVE = "legal_representative"
    CODE = "code"  # the first characters of the credit code
    ORDER = (NAME, FORMER_NAME, NAME_EN, PINYIN, INITIALS, LEGAL_REPRESENTATIVE, CODE)


def direct_matches(query: Query) -> dict[str, tuple[str, str, str]]:
    """Each way a company's own row may match the query, by ``MatchedBy``:
    (field, lookup, value), asked of the database (``direct_match``) and of a
    company in hand (``registry.selectors.search.matched_by``) alike."""
    matches = {
        MatchedBy.NAME: ("name", "icontains" if query.has_latin else "contains", query.text),
        MatchedBy.LEGAL_REPRESENTATIVE: ("legal_representative_name", "exact", query.text),
    }
    if query.has_latin and len(query.text) >= MIN_ENGLISH:
        matches[MatchedBy.NAME_EN] = ("name_en", "icontains", query.text)
    if query.pinyin:
        matches[MatchedBy.INITIALS] = ("name_initials", "contains", query.pinyin)
        if len(query.pinyin) >= MIN_FULL_PINYIN:
            matches[MatchedBy.PINYIN] = ("name_pinyin", "contains", query.pinyin)
    if query.code:
        matches[MatchedBy.CODE] = ("uscc", "startswith", query.code)
    return matches


def direct_match(query: Query, indexed: bool) -> Q:
    """Matches on the company's own row (every kind but former names)."""
    match = Q()
    for field, lookup, value in direct_matches(query).values():
        condition = Q(**{f"{field}__{lookup}": value})
        # Names: their pairs; two letters of initials: their pair (from three,
        # a trigram index serves the LIKE).
        paired = field == "name" or (field == "name_initials" and len(value) < 3)
        if indexed and paired and (pairs := grams(value)):
            condition &= Q(GramsMatch(F(field), pairs))  # the same rows, through the index
        match |= condition
    return match


def company_candidates(query: Query, queryset=None, *, indexed: bool | None = None):
    """Every company the query matches, unordered. The single place that turns
    a text query into company filters. On PostgreSQL the same filters are
    written so that the indexes of migration 0006 serve them (``indexed=False``
    asks for the plain ``LIKE`` matches alone, the naive way the benchmark
    compares against); elsewhere they are plain ``LIKE`` matches."""
    queryset = Company.objects.all() if queryset is None else queryset
    if query.kind == Kind.CODE:
        return queryset.filter(uscc=query.code)
    if query.kind == Kind.BAD_CODE:
        return queryset.filter(uscc__in=uscc.one_character_neighbours(query.code))
    indexed = _postgres(queryset) if indexed is None else indexed
    former = former_names_matching(query, indexed=indexed).filter(company=OuterRef("pk"))
    return queryset.filter(direct_match(query, indexed) | Q(Exists(former)))


@dataclass(frozen=True)
class Candidates:
    """A bounded set of matching companies: at most ``CANDIDATES`` ids, the
    best-placed first (exact names and name prefixes), and how many match in
    all, exactly up to ``cap`` and "more than ``cap``" past it."""

    ids: list[int]
    count: int  # exact when not capped
    capped: bool


def bounded_candidates(query: Query, queryset=None, *, cap: int, limit: int = CANDIDATES):
    """The companies a results page ranks: at most ``limit``, taken without a
    global sort, with a count exact up to ``cap`` (< ``limit``). Three bounded
    queries, each served by an index on PostgreSQL: the names, codes, pinyin and
    people of the company's own row; former names; and the exact names and name
    prefixes that relevance puts first, so that those are never left out of a
    common term's candidates."""
    queryset = Company.objects.all() if queryset is None else queryset
    queryset = queryset.order_by()
    if query.kind != Kind.TEXT:
        ids = list(company_candidates(query, queryset).values_list("pk", flat=True)[:limit])
        return Candidates(ids=ids, count=min(len(ids), cap + 1), capped=len(ids) > cap)
    indexed = _postgres(queryset)
    former_companies = former_names_matching(query, indexed=indexed).values("company_id")
    first = Q(name__startswith=query.text)
    if query.pinyin:
        first |= Q(name_pinyin__startswith=query.pinyin) | Q(name_initials__startswith=query.pinyin)
    # One round trip: each part bounded on its own, then put together.
    parts = [
        queryset.filter(condition).annotate(part=Value(number)).values_list("pk", "part")[:limit]
        for number, condition in enumerate(
            [first, direct_match(query, indexed), Q(pk__in=former_companies)]
        )
    ]
    if connections[queryset.db].features.supports_slicing_ordering_in_compound:
        rows = list(parts[0].union(*parts[1:], all=True))
    else:  # SQLite: one query each
        rows = [row for part in parts for row in part]
    best, direct, former = ([pk for pk, part in rows if part == n] for n in range(3))
    every = set(direct) | set(former)
    full = len(direct) >= limit or len(former) >= limit
    count = cap + 1 if full else min(len(every), cap + 1)
    ordered = list(dict.fromkeys([*best, *direct, *former]))[:limit]
    return Candidates(ids=ordered, count=count, capped=count > cap)


class _AnyOf(Func):
    """``id = ANY(%s)`` with the list as one array parameter: a thousand ids
    cost Django a thousand placeholders with ``__in``."""

    arity = 1
    output_field = models.BooleanField()

    def __init__(self, expression, values, **extra):
        self.values = list(values)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s)", (*params, self.values)


def among(field: str, ids: list[int], using: str = "default") -> Q:
    """``field`` is one of ``ids``: one array parameter on PostgreSQL, ``IN`` elsewhere."""
    if connections[using].vendor == "postgresql":
        return Q(_AnyOf(F(field), ids))
    return Q(**{f"{field}__in": ids})


def companies_among(ids: list[int]):
    """The companies with these ids (bounded candidates), as a queryset."""
    return Company.objects.filter(among("pk", ids, Company.objects.db))


def company_autocomplete(term: str, limit: int = 20) -> list[Company]:
    """Companies for an autocomplete box (the admin's): a credit code, a name
    fragment, pinyin or initials; exact names and name prefixes first, then the
    others by relevance, all within a bounded candidate set, so that a common
    fragment costs no more than a rare one."""
    if not term or not has_words(term):
        return []
    query = parse(term)
    candidates = bounded_candidates(query, cap=limit, limit=CANDIDATES)
    queryset = companies_among(candidates.ids)
    if query.kind == Kind.TEXT:
        queryset = with_relevance(queryset, query).order_by(
            "relevance", "closed", "name_pinyin", "name", "pk"
        )
    else:
        queryset = queryset.order_by("name_pinyin", "name", "pk")
    return list(queryset[:limit])


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
    # Found first without an order (the prefix and pinyin indexes), at most
    # PEOPLE_CANDIDATES of them: ordered by name, a common prefix would
    # otherwise walk the name index through every person.
    found = Person.objects.filter(match).order_by().values("pk")[:PEOPLE_CANDIDATES]
    return queryset.filter(pk__in=found)
