"""The Unified Social Credit Code (GB 32100-2015).

Normalising and validating rely on ``stdnum.cn.uscc``. Its known limits
(see DOMAIN.md) are handled here: stdnum rejects a letter in position 1
(registration authority), yet codes issued by other authorities (``N``,
``Y``...) start with one; so the checksum is computed with stdnum's
``calc_check_digit`` and the alphabet checked against stdnum's alphabet.
The division code (positions 3-8) is checked for digits only: divisions are
renamed and merged, and old codes stay valid on codes already issued.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc

ALPHABET = stdnum_uscc._alphabet  # '0123456789ABCDEFGHJKLMNPQRTUWXY'
LENGTH = 18


def normalize(raw: str) -> str:
    """Strip spaces, dashes and full-width spaces; upper-case."""
    return stdnum_uscc.compact(str(raw).replace("\u3000", "").replace("－", "").strip())


@dataclass(frozen=True)
class CodeProblem:
    kind: str  # "length", "character", "division", "checksum"
    message: str
    expected_check: str = ""


def check(code: str) -> CodeProblem | None:
    """Return what is wrong with an already normalised code, or None."""
    if len(code) != LENGTH:
        return CodeProblem(
            "length",
            _("A credit code has 18 characters; this one has %(n)d.") % {"n": len(code)},
        )
    bad = [c for c in code if c not in ALPHABET]
    if bad:
        return CodeProblem(
            "character",
            _("A credit code cannot contain “%(chars)s” (I, O, S, V and Z are never used).")
            % {"chars": "".join(dict.fromkeys(bad))},
        )
    if not code[2:8].isdigit():
        return CodeProblem(
            "division",
            _("Characters 3 to 8 of a credit code are a division code and must be digits."),
        )
    expected = stdnum_uscc.calc_check_digit(code[:17])
    if code[17] != expected:
        return CodeProblem(
            "checksum",
            _(
                "The check character (the last one) is wrong: for %(body)s it would be "
                "%(expected)s, not %(given)s. Please check the code for a typing mistake."
            )
            % {"body": code[:17], "expected": expected, "given": code[17]},
            expected_check=expected,
        )
    return None


def is_valid(raw: str) -> bool:
    return check(normalize(raw)) is None


def with_check_character(first17: str) -> str:
    """Complete 17 characters into a valid code (used by the demo seeder)."""
    return first17 + stdnum_uscc.calc_check_digit(first17)


def one_character_neighbours(code: str) -> list[str]:
    """Every valid code that differs from ``code`` in exactly one position.

    A single wrong character always breaks the check character (each weight is
    prime to 31), so these are the codes the user may have meant. Of the
    18 x 30 substitutions only about one in 31 is valid: some 17 codes, which
    one ``uscc__in`` lookup on the unique index answers."""
    code = code.upper()
    if len(code) != LENGTH:
        return []
    found = []
    for position in range(LENGTH):
        for character in ALPHABET:
            if character == code[position]:
                continue
            candidate = code[:position] + character + code[position + 1 :]
            if check(candidate) is None:
                found.append(candidate)
    return found
