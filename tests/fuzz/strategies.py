"""What the fuzz suite sends: hostile values for query parameters, path
segments and form fields, drawn by hypothesis, mixed with a seed corpus of
inputs that once broke the site or are known to break sites like it.

Every value is text that a client can put in a URL or a form: any Unicode
(surrogates apart, which cannot be encoded), control characters, huge and
negative numbers, odd digits (``²``, ``①``, Arabic-Indic), dates that are not
dates, markup meant to be echoed, SQL and formula fragments. Invalid UTF-8,
which only a raw query string can carry, is sent by ``raw_query`` as
percent-escaped bytes.
"""

import os
import urllib.parse

from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

# Examples drawn per test (FUZZ_EXAMPLES), derandomized so that a run is
# repeatable; FUZZ_RANDOM=1 explores afresh.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=list(HealthCheck),
)

# A value the site must never echo unescaped: if its raw form appears in an
# HTML answer, the echo was not escaped.
MARKUP = "<x-fuzz onmouseover='1'>\"</x-fuzz>"

# Inputs that broke this site (issue 16's probe) or sites like it.
CORPUS = [
    "²",
    "①",
    "٣",  # ARABIC-INDIC DIGIT THREE: isdigit() and int() both accept it
    "１２",  # fullwidth digits
    "0",
    "-1",
    "1e5",
    "9" * 30,
    str(2**63),
    str(2**31),
    "NaN",
    "Infinity",
    "1.5",
    "",
    " ",
    "\x00",
    "\x01\x02\x1b[31m",
    "\u202e",
    "\ufeff",
    "\ufffd",
    "%",
    "%00",
    "%%",
    "'",
    '"',
    "\\",
    "' OR 1=1 --",
    "1; DROP TABLE registry_company",
    '=HYPERLINK("http://x")',
    MARKUP,
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "../../etc/passwd",
    "2025-02-30",
    "2025-13-01",
    "99999-01-01",
    "0000-00-00",
    "1900-01-01",
    "today",
    "有限公司",
    "北京",
    "a" * 2000,
    "有" * 300,
    "91110108MA01234567",
    "91110108ma0123456x",
    "zz",
    "true",
    "null",
    "[]",
    "{}",
]

# Bytes that are not UTF-8, as a client can send them in a query string.
INVALID_UTF8 = ["%C0", "%FF%FE", "%ED%A0%80", "%E4%BD", "%80abc"]

any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=40,
)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
dates = st.one_of(
    st.dates().map(str),
    st.tuples(*[st.integers(-1, 100000)] * 3).map(lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
)
values = st.one_of(st.sampled_from(CORPUS), any_text, numbers, dates)


def params(names, known=()):
    """A query of some of ``names`` (and of ``known`` values for some of them:
    ``{"province": ["110000"]}``), each with a hostile or plain value."""
    known = dict(known)

    def value_for(name):
        good = known.get(name, ())
        return st.one_of(values, st.sampled_from(list(good))) if good else values

    return st.lists(st.sampled_from(list(names)), unique=True, max_size=len(names)).flatmap(
        lambda chosen: st.fixed_dictionaries({name: value_for(name) for name in chosen})
    )


def raw_query(names) -> st.SearchStrategy[str]:
    """A raw query string with invalid UTF-8 or stray percent signs in it."""
    return st.tuples(st.sampled_from(list(names)), st.sampled_from(INVALID_UTF8)).map(
        lambda pair: f"{pair[0]}={pair[1]}"
    )


def path_segment() -> st.SearchStrategy[str]:
    """A URL path segment: any text, percent-escaped (a slash included)."""
    return (
        st.one_of(st.sampled_from(CORPUS), any_text, numbers)
        .filter(bool)
        .map(lambda v: urllib.parse.quote(v, safe=""))
    )
