import pytest

from registry import uscc

# Codes in the form companies publish them, with valid check characters.
VALID = ["91110000100006485K", "91440300708461136T", "914403001922038216"]


@pytest.mark.smoke
@pytest.mark.parametrize("code", VALID)
def test_published_codes_are_valid(code):
    assert uscc.check(code) is None


def test_spaces_dashes_and_lower_case_are_normalised():
    assert uscc.normalize(" 9144-0300-7084 6113 6t ") == "91440300708461136T"
    assert uscc.normalize("9144\u30000300708461136t") == "91440300708461136T"
    assert uscc.is_valid("91440300 708461136t")


def test_wrong_check_character_says_so_and_names_the_expected_one():
    problem = uscc.check("91440300708461136X")
    assert problem.kind == "checksum"
    assert problem.expected_check == "T"
    assert "check character" in problem.message
    assert "T" in problem.message


@pytest.mark.parametrize("code", ["9144030070846113", "91440300708461136TT", ""])
def test_wrong_length_is_reported_with_the_length(code):
    problem = uscc.check(code)
    assert problem.kind == "length"
    assert str(len(code)) in problem.message


def test_letters_never_used_in_codes_are_rejected():
    problem = uscc.check("9144030070846113OT")
    assert problem.kind == "character"
    assert "O" in problem.message


def test_a_letter_first_character_is_accepted_when_the_checksum_holds():
    # stdnum rejects a letter in position 1; codes from other authorities have one.
    code = uscc.with_check_character("N2110108MA0000001")
    assert uscc.check(code) is None


def test_division_code_must_be_digits():
    code = uscc.with_check_character("9111A108MA0000001")
    assert uscc.check(code).kind == "division"


def test_every_one_character_neighbour_is_a_valid_code_differing_in_one_position():
    wrong = VALID[0][:17] + ("0" if VALID[0][17] != "0" else "1")

    neighbours = uscc.one_character_neighbours(wrong)

    assert VALID[0] in neighbours
    assert len(neighbours) == len(set(neighbours)) < 40
    for neighbour in neighbours:
        assert uscc.check(neighbour) is None
        assert sum(a != b for a, b in zip(neighbour, wrong, strict=True)) == 1


def test_a_code_with_a_character_never_used_has_neighbours_replacing_it():
    typed = VALID[0][:10] + "O" + VALID[0][11:]  # the letter O for another character

    assert VALID[0] in uscc.one_character_neighbours(typed)
