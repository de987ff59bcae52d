"""quiz.answers: reading typed answers, judging them against the key, suggesting a grade."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from quiz.bank.catalog import load_file
from quiz.model import Grade, Question
from quiz.schedule.answers import (
    MAX_BRACKETS,
    MAX_EXPRESSION_CHARS,
    MAX_MAGNITUDE,
    Judgement,
    Unparseable,
    format_key,
    judge,
    normalize,
    parse_letters,
    parse_number,
    parse_shape,
)
from quiz.schedule.policy import suggest_grade


def make(qtype: str, answer=None, **fields) -> Question:
    return Question(
        id="q1",
        type=qtype,
        prompt={"*": "?"},
        answer=answer,
        bank="test",
        file=Path("test.yaml"),
        line=1,
        **fields,
    )


CHOICES = ({"*": "SGD"}, {"en": "Momentum", "zh": "动量"}, {"*": "Adam"}, {"*": "Plain GD"})
FIVE_CHOICES = (*CHOICES, {"*": "RMSprop"})


# -- parse_number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28", 28.0),
        ("  28  ", 28.0),
        ("0.25", 0.25),
        (".5", 0.5),
        ("+3", 3.0),
        ("-3", -3.0),
        ("1.2e3", 1200.0),
        ("1.2E3", 1200.0),
        ("5e-3", 0.005),
        ("23.5M", 23_500_000.0),
        # Lower-case m is read as a million too: parameter counts, not millimetres.
        ("23.5m", 23_500_000.0),
        ("2k", 2000.0),
        ("2K", 2000.0),
        ("1.5B", 1_500_000_000.0),
        ("1.5G", 1_500_000_000.0),
        ("3T", 3e12),
        ("1,204", 1204.0),
        ("1,204,000", 1_204_000.0),
        ("1,204.5", 1204.5),
        ("-1,204", -1204.0),
        ("1,204k", 1_204_000.0),
        ("1_000", 1000.0),
        ("1 000", 1000.0),
        ("１２８", 128.0),  # full-width digits
        ("１，２０４", 1204.0),  # full-width comma
        ("０．２５", 0.25),  # full-width full stop
        ("\u22123", -3.0),  # unicode minus sign
        ("\u22121.5e3", -1500.0),
        ("1/4", 0.25),
        ("3/4", 0.75),
        ("-1/4", -0.25),
        ("1 / 8", 0.125),
        ("1/0.5", 2.0),
        # Once division is arithmetic, a chain of them reads left to right, as on paper.
        ("1/2/4", 0.125),
    ],
)
def test_parse_number_reads_the_ways_numbers_are_written(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "type a number"),
        ("   ", "type a number"),
        ("1,20", "'1,20' is not a number (commas group thousands)"),
        ("1,2045", "'1,2045' is not a number (commas group thousands)"),
        (",204", "',204' is not a number (commas group thousands)"),
        ("abc", "'abc' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"),
        (" abc ", "'abc' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"),
        ("M", "'M' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"),
        ("1.2.3", "'1.2.3' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"),
        ("28px", "'28px' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"),
        ("1e", "'1e' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"),
        ("inf", "'inf' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"),
        ("nan", "'nan' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"),
        ("5%", "'5%' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"),
        ("1/0", "'1/0' divides by zero"),
        ("1/x", "'x' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"),
        ("1/", "'1/' is missing a number"),
    ],
)
def test_parse_number_refuses_what_it_cannot_read(text, message):
    with pytest.raises(Unparseable) as info:
        parse_number(text)
    assert str(info.value) == message


# -- parse_number: arithmetic --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("192*16+25*16*32", 15_872.0),
        ("192 * 16 + 25 * 16 * 32", 15_872.0),
        ("2^10", 1024.0),
        ("2**10", 1024.0),
        ("10^6", 1e6),
        ("10^12", 1e12),
        ("10^6*10^6", 1e12),
        ("10^-3", 0.001),
        # Superscripts are powers: Unicode's compatibility form would read 10² as 102.
        ("10²", 100.0),
        ("10⁶", 1e6),
        ("2¹⁰", 1024.0),
        ("10⁻³", 0.001),
        ("3·10⁸", 3e8),
        ("2^3^2", 512.0),  # right-associative: 2^(3^2)
        ("(2^3)^2", 64.0),
        ("-2^2", -4.0),  # the power binds first, as on paper and in Python
        ("(-2)^2", 4.0),
        ("(-2)^3", -8.0),
        ("2^-1", 0.5),
        ("1+2*3", 7.0),
        ("(1+2)*3", 9.0),
        ("10-4-3", 3.0),  # left to right
        ("2*-3", -6.0),
        ("-(2+3)", -5.0),
        ("\u22123+5", 2.0),  # unicode minus sign
        ("3×4", 12.0),
        ("10^6 x 10^6", 1e12),  # a Latin x between numbers multiplies too
        ("(2+1)X4", 12.0),
        ("2·3", 6.0),
        ("2⋅3", 6.0),
        ("8÷2", 4.0),
        ("１２８＊２", 256.0),  # full-width digits and star
        ("２＾１０", 1024.0),
        ("23.5M/2", 11_750_000.0),
        ("1.2e3*2", 2400.0),
        ("1e-3*1e3", 1.0),
        ("1.5e+2+1", 151.0),
        ("2k-1", 1999.0),
        ("0^0", 1.0),
    ],
)
def test_parse_number_reads_arithmetic(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("*3", "'*3' is missing a number"),
        ("2*/3", "'2*/3' is missing a number"),
        ("2^", "'2^' is missing a number"),
        ("()", "'()' is missing a number"),
        ("(1+2", "'(1+2' has a '(' that is not closed"),
        ("1+2)", "'1+2)' has a ')' that closes nothing"),
        ("2(3+4)", "'2(3+4)' is missing an operator"),
        ("2*x", "'x' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"),
        ("2*1e999", "'1e999' is too large a number"),
        ("1/(2-2)", "'1/(2-2)' divides by zero"),
        ("0^-1", "'0^-1' divides by zero"),
        ("9^9^9^9", "'9^9^9^9' is too large a number"),
        ("10^400", "'10^400' is too large a number"),
        ("2^1e100", "'2^1e100' is too large a number"),
        ("1e300*1e300", "'1e300*1e300' is too large a number"),
        ("1e308+1e308", "'1e308+1e308' is too large a number"),
        ("(-8)^(1/3)", "'(-8)^(1/3)' raises a negative number to a fraction"),
        # `1,204*2`: thousands? a decimal comma? two numbers? Only a lone number has commas.
        ("1,204*2", "'1,204*2' has a comma: in arithmetic, write 1204, not 1,204"),
        ("1,5+1", "'1,5+1' has a comma: in arithmetic, write 1204, not 1,204"),
        (
            "(((((((((((1)))))))))))",
            "'(((((((((((1)))))))))))' nests brackets too deeply (at most 10 levels)",
        ),
        (
            "1+" * 100 + "1",
            "'1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1…' is too long for arithmetic"
            " (at most 200 characters)",
        ),
    ],
)
def test_parse_number_refuses_arithmetic_it_cannot_work_out(text, message):
    with pytest.raises(Unparseable) as info:
        parse_number(text)
    assert str(info.value) == message


def test_arithmetic_within_the_limits_is_read():
    nested = "(" * MAX_BRACKETS + "1" + ")" * MAX_BRACKETS
    assert parse_number(nested) == 1.0
    longest = "1+" * ((MAX_EXPRESSION_CHARS - 1) // 2) + "1"
    assert len(longest) <= MAX_EXPRESSION_CHARS
    assert parse_number(longest) == (MAX_EXPRESSION_CHARS - 1) // 2 + 1


def test_a_tower_of_powers_is_refused_without_being_computed():
    # An int power of 9^9^9 would take hours and gigabytes; the float parser refuses on the
    # logarithm at once, however tall the tower.
    with pytest.raises(Unparseable) as info:
        parse_number("^".join(["9"] * 99))
    assert str(info.value).endswith("is too large a number")


# An expression tree: an int, ("neg", tree), or (operator, tree, tree); `^` takes a small
# int exponent so that most values stay within a float.
def _trees():
    def extend(children):
        return (
            st.tuples(st.just("neg"), children)
            | st.tuples(st.sampled_from("+-*/"), children, children)
            | st.tuples(st.just("^"), children, st.integers(-4, 4))
        )

    return st.recursive(st.integers(0, 10_000), extend, max_leaves=8)


def _written(tree) -> str:
    if isinstance(tree, int):
        return str(tree)
    if tree[0] == "neg":
        return f"(-{_written(tree[1])})"
    operator, left, right = tree
    return f"({_written(left)}{operator}{_written(right)})"


def _worked_out(tree) -> float:
    """Python's own float arithmetic over the tree; ArithmeticError where a step fails or
    leaves a float (a power past 10^308 included: MAX_MAGNITUDE)."""
    if isinstance(tree, int):
        return float(tree)
    if tree[0] == "neg":
        return -_worked_out(tree[1])
    operator, left, right = tree
    x, y = _worked_out(left), _worked_out(right)
    if operator == "+":
        value = x + y
    elif operator == "-":
        value = x - y
    elif operator == "*":
        value = x * y
    elif operator == "/":
        value = x / y
    else:
        value = x**y
        if abs(value) > 10.0**MAX_MAGNITUDE:
            raise OverflowError
    if not math.isfinite(value):
        raise OverflowError
    return value


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    for c in text:
        depth += {"(": 1, ")": -1}.get(c, 0)
        deepest = max(deepest, depth)
    return deepest


@given(_trees())
def test_arithmetic_agrees_with_python_on_random_expressions(tree):
    text = _written(tree)
    assume(len(text) <= MAX_EXPRESSION_CHARS and _bracket_depth(text) <= MAX_BRACKETS)
    try:
        expected = _worked_out(tree)
    except ArithmeticError:  # a division by zero, a number too large
        with pytest.raises(Unparseable):
            parse_number(text)
    else:
        assert parse_number(text) == expected


@given(st.text(max_size=200) | st.text(alphabet="0123456789.,eEkKmM+-*/^()×÷·−_ x１", max_size=200))
def test_any_text_is_a_finite_number_or_unparseable(text):
    try:
        value = parse_number(text)
    except Unparseable:
        return
    assert math.isfinite(value)


def test_unparseable_is_a_value_error():
    with pytest.raises(ValueError):
        parse_number("abc")


# -- parse_shape ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(1, 64, 112, 112)", (1, 64, 112, 112)),
        ("(1,64,112,112)", (1, 64, 112, 112)),
        ("1x64x112x112", (1, 64, 112, 112)),
        ("1 x 64 x 112 x 112", (1, 64, 112, 112)),
        ("1X64", (1, 64)),
        ("1×64", (1, 64)),
        ("1*64", (1, 64)),
        ("1 64 112", (1, 64, 112)),
        ("[1,64,112,112]", (1, 64, 112, 112)),
        ("[1, 64, 112, 112]", (1, 64, 112, 112)),
        ("torch.Size([3, 4])", (3, 4)),
        ("（１， ６４）", (1, 64)),  # full-width brackets, digits and comma
        ("(5,)", (5,)),
        ("5", (5,)),
        ("()", ()),
        ("torch.Size([])", ()),
    ],
)
def test_parse_shape_reads_the_ways_shapes_are_written(text, expected):
    assert parse_shape(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "type a shape such as (1, 64, 112, 112) or 1x64x112x112"),
        ("  ", "type a shape such as (1, 64, 112, 112) or 1x64x112x112"),
        ("1.5x2", "'1.5x2' is not a shape (try (1, 64, 112, 112))"),
        ("(-1, 3)", "'(-1, 3)' is not a shape (try (1, 64, 112, 112))"),
        ("x", "'x' is not a shape (try (1, 64, 112, 112))"),
        ("abc", "'abc' is not a shape (try (1, 64, 112, 112))"),
        ("(a, b)", "'(a, b)' is not a shape (try (1, 64, 112, 112))"),
    ],
)
def test_parse_shape_refuses_what_it_cannot_read(text, message):
    with pytest.raises(Unparseable) as info:
        parse_shape(text)
    assert str(info.value) == message


# -- parse_letters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "several", "expected"),
    [
        ("b", False, ("B",)),
        ("B", False, ("B",)),
        (" c ", False, ("C",)),
        ("Ｂ", False, ("B",)),  # full-width letter
        ("A, C", True, ("A", "C")),
        ("ac", True, ("A", "C")),
        ("c a", True, ("A", "C")),
        ("C;A", True, ("A", "C")),
        ("a+b&d/c", True, ("A", "B", "C", "D")),
        ("a a", True, ("A",)),
        ("d", True, ("D",)),
    ],
)
def test_parse_letters_reads_choice_letters(text, several, expected):
    assert parse_letters(text, 4, several=several) == expected


@pytest.mark.parametrize(
    ("text", "several", "message"),
    [
        ("", False, "type a letter from A to D"),
        ("e", False, "type a letter from A to D"),
        ("1", False, "type a letter from A to D"),
        ("A?", False, "type a letter from A to D"),
        ("ab", False, "type one letter from A to D"),
        ("A, C", False, "type one letter from A to D"),
        ("aa", False, "type one letter from A to D"),
        ("", True, "type letters from A to D"),
        ("a, e", True, "type letters from A to D"),
        ("A, 2", True, "type letters from A to D"),
    ],
)
def test_parse_letters_refuses_letters_out_of_range_or_too_many(text, several, message):
    with pytest.raises(Unparseable) as info:
        parse_letters(text, 4, several=several)
    assert str(info.value) == message


def test_parse_letters_range_follows_the_number_of_choices():
    assert parse_letters("b", 2, several=False) == ("B",)
    with pytest.raises(Unparseable) as info:
        parse_letters("c", 2, several=False)
    assert str(info.value) == "type a letter from A to B"


# -- judge: numeric -------------------------------------------------------------------------


def test_numeric_default_is_exact_up_to_float_noise():
    question = make("numeric", 28)
    assert judge(question, 28, "28") == Judgement(True, "28")
    assert judge(question, 28, "28.0") == Judgement(True, "28")
    assert judge(question, 28, "27") == Judgement(False, "27")
    assert judge(question, 28, "28.001").correct is False
    # 0.1 + 0.2 is 0.30000000000000004 in binary; a student typing 0.3 is right.
    assert judge(make("numeric", 0.1 + 0.2), 0.1 + 0.2, "0.3").correct is True


def test_numeric_reads_the_answer_forgivingly_and_reports_it_normalised():
    question = make("numeric", 23_500_000)
    assert judge(question, 23_500_000, "23.5M") == Judgement(True, "23,500,000")
    assert judge(question, 23_500_000, "23,500,000") == Judgement(True, "23,500,000")
    assert judge(question, 23_500_000, "2.35e7") == Judgement(True, "23,500,000")
    assert judge(question, 23_500_000, "23.4M") == Judgement(False, "23,400,000")
    assert judge(make("numeric", 0.25), 0.25, "1/4") == Judgement(True, "0.25")
    assert judge(make("numeric", 1204), 1204, "１，２０４") == Judgement(True, "1204")


def test_numeric_absolute_tolerance():
    question = make("numeric", 0.25, tolerance=0.01)
    assert judge(question, 0.25, "0.25").correct is True
    # Exactly at the edge: 0.26 - 0.25 is not exactly 0.01 in binary, and still counts.
    assert judge(question, 0.25, "0.26").correct is True
    assert judge(question, 0.25, "0.24").correct is True
    assert judge(question, 0.25, "0.2601").correct is False
    assert judge(question, 0.25, "0.2399").correct is False


def test_numeric_relative_tolerance():
    question = make("numeric", 1000, rel_tol=0.01)
    assert judge(question, 1000, "1009").correct is True
    assert judge(question, 1000, "991").correct is True
    assert judge(question, 1000, "1.01k").correct is True
    assert judge(question, 1000, "1011").correct is False
    assert judge(question, 1000, "980").correct is False


def test_numeric_zero_rel_tol_means_exact():
    question = make("numeric", 1000, rel_tol=0)
    assert judge(question, 1000, "1000").correct is True
    assert judge(question, 1000, "1000.001").correct is False


def test_numeric_key_may_come_from_a_snippet_as_another_type():
    question = make("numeric", "snippet")
    assert judge(question, 14, "14").correct is True
    assert judge(question, 14.0, "14").correct is True


def test_numeric_answer_may_be_worked_out():
    question = make("numeric", 15_872)
    assert judge(question, 15_872, "192*16+25*16*32") == Judgement(True, "15,872")
    assert judge(question, 15_872, "192*16+25*16*31") == Judgement(False, "15,472")
    megapixel = make("numeric", 1_000_000_000_000)
    for text in ("10^12", "10^6 · 10^6", "10**12", "1e12", "1T"):
        assert judge(megapixel, 1_000_000_000_000, text) == Judgement(True, "1,000,000,000,000")


@pytest.mark.parametrize("text", ["61.7k", "61,700", "6.17e4", "62k", "61.71k", "0.0617M"])
def test_a_count_written_rounded_is_wrong_and_says_the_exact_count_is_expected(text):
    judgement = judge(make("numeric", 61706), 61706, text)
    assert judgement.correct is False
    assert judgement.note == "close: the exact count is expected"


@pytest.mark.parametrize(
    ("key", "text", "fields"),
    [
        (61706, "61,705", {}),  # every digit given: a miscount, not a rounding
        (61706, "61706.5", {}),
        (61706, "60k", {}),  # 2.8% off: too far to be a rounding
        (61706, "61.7k", {"rel_tol": 1e-6}),  # the author set the slack
        (61706, "61.7k", {"tolerance": 1}),
        (61706.5, "61.7k", {}),  # not a count
        (0.25, "0.2501", {}),
        (28, "28.2", {}),
    ],
)
def test_other_wrong_numbers_have_no_note(key, text, fields):
    judgement = judge(make("numeric", key, **fields), key, text)
    assert (judgement.correct, judgement.note) == (False, None)


def test_a_rounded_count_within_the_authors_tolerance_is_right():
    assert judge(make("numeric", 61706, rel_tol=0.01), 61706, "61.7k") == Judgement(True, "61,700")


def test_numeric_unreadable_answer_is_not_judged():
    with pytest.raises(Unparseable):
        judge(make("numeric", 28), 28, "twenty-eight")


# -- judge: shape, choice, multi ------------------------------------------------------------


def test_shape_judged_whatever_the_notation():
    question = make("shape", (1, 64, 112, 112))
    key = (1, 64, 112, 112)
    assert judge(question, key, "1x64x112x112") == Judgement(True, "(1, 64, 112, 112)")
    assert judge(question, key, "torch.Size([1, 64, 112, 112])").correct is True
    assert judge(question, key, "[1,64,112,112]").correct is True
    assert judge(question, key, "(1, 64, 56, 56)") == Judgement(False, "(1, 64, 56, 56)")
    assert judge(question, key, "(64, 112, 112)").correct is False
    # A snippet's key arrives as a list.
    assert judge(question, [1, 64, 112, 112], "1x64x112x112").correct is True
    with pytest.raises(Unparseable):
        judge(question, key, "big")


def test_choice_judged_by_letter():
    question = make("choice", "C", choices=CHOICES)
    assert judge(question, "C", "c") == Judgement(True, "C")
    assert judge(question, "C", " C ") == Judgement(True, "C")
    assert judge(question, "C", "b") == Judgement(False, "B")
    with pytest.raises(Unparseable) as info:
        judge(question, "C", "ac")
    assert str(info.value) == "type one letter from A to D"
    with pytest.raises(Unparseable) as info:
        judge(question, "C", "e")
    assert str(info.value) == "type a letter from A to D"


def test_multi_needs_exactly_the_keyed_letters_in_any_order():
    question = make("multi", ("A", "C"), choices=CHOICES)
    key = ("A", "C")
    assert judge(question, key, "c, a") == Judgement(True, "A, C")
    assert judge(question, key, "AC") == Judgement(True, "A, C")
    assert judge(question, key, "a") == Judgement(False, "A", "missing C")
    assert judge(question, key, "a c d") == Judgement(False, "A, C, D", "extra D")
    assert judge(question, ("C", "A"), "ac").correct is True
    with pytest.raises(Unparseable) as info:
        judge(question, key, "a, x")
    assert str(info.value) == "type letters from A to D"


@pytest.mark.parametrize(
    ("key", "text", "note"),
    [
        (("A", "C", "E"), "A C D", "missing E · extra D"),
        (("A", "C", "E"), "a c", "missing E"),
        (("A", "C", "E"), "a", "missing C, E"),
        (("E", "C", "A"), "a b c d e", "extra B, D"),
        (("A", "C"), "b c d", "missing A · extra B, D"),
    ],
)
def test_multi_partly_right_names_the_missing_and_extra_letters(key, text, note):
    judgement = judge(make("multi", key, choices=FIVE_CHOICES), key, text)
    assert (judgement.correct, judgement.note) == (False, note)


def test_multi_with_no_right_letter_or_all_of_them_has_no_note():
    question = make("multi", ("A", "C"), choices=FIVE_CHOICES)
    assert judge(question, ("A", "C"), "b d") == Judgement(False, "B, D")
    assert judge(question, ("A", "C"), "c a") == Judgement(True, "A, C")


def test_choice_and_text_answers_have_no_note():
    assert judge(make("choice", "C", choices=CHOICES), "C", "b").note is None
    text = make("text", {"*": ("ReLU",)})
    assert judge(text, text.answer, "relu6").note is None


# -- judge: text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "correct"),
    [
        ("ReLU", True),
        ("relu", True),
        ("RELU", True),
        ("  relu  ", True),
        ("Ｒｅｌｕ", True),  # full-width letters
        ("Leaky ReLU", False),
        ("rel u", False),
    ],
)
def test_text_exact_match_ignores_case_width_and_outer_spaces(text, correct):
    question = make("text", {"*": ("ReLU",)})
    assert judge(question, question.answer, text).correct is correct


def test_text_inner_spaces_are_collapsed():
    question = make("text", {"*": ("max  pooling",)})
    assert judge(question, question.answer, "Max Pooling").correct is True
    assert judge(question, question.answer, "max\tpooling").correct is True
    assert judge(question, question.answer, "maxpooling").correct is False


def test_text_any_accepted_string_is_right():
    question = make("text", {"*": ("ReLU", "rectified linear unit")})
    assert judge(question, question.answer, "Rectified Linear Unit").correct is True
    assert judge(question, question.answer, "relu").correct is True
    assert judge(question, question.answer, "sigmoid").correct is False


def test_text_accepts_the_answers_of_every_language():
    question = make("text", {"en": ("ReLU",), "zh": ("线性整流函数",)})
    assert judge(question, question.answer, "线性整流函数", "en").correct is True
    assert judge(question, question.answer, "relu", "zh").correct is True
    assert judge(question, question.answer, "整流", "zh").correct is False


def test_text_given_is_what_the_student_typed_trimmed():
    question = make("text", {"*": ("ReLU",)})
    assert judge(question, question.answer, "  Ｒｅｌｕ \n") == Judgement(True, "Ｒｅｌｕ")


def test_text_regex_must_match_the_whole_normalised_answer():
    question = make("text", {"*": (r"(leaky )?relu",)}, match="regex")
    assert judge(question, question.answer, "ReLU").correct is True
    assert judge(question, question.answer, "Leaky  ReLU").correct is True
    assert judge(question, question.answer, "relu6").correct is False
    assert judge(question, question.answer, "not relu").correct is False


def test_text_regex_patterns_are_not_compared_as_literal_strings():
    exact = make("text", {"*": ("a.c",)})
    regex = make("text", {"*": ("a.c",)}, match="regex")
    assert judge(exact, exact.answer, "abc").correct is False
    assert judge(regex, regex.answer, "abc").correct is True


def test_text_blank_answer_is_not_judged():
    question = make("text", {"*": ("ReLU",)})
    with pytest.raises(Unparseable) as info:
        judge(question, question.answer, "   ")
    assert str(info.value) == "type an answer"


def test_open_questions_are_self_graded():
    question = make("open", {"*": "Its derivative is 1 for positive inputs."})
    with pytest.raises(ValueError) as info:
        judge(question, question.answer, "because")
    assert str(info.value) == "open questions are self-graded, not judged"


def test_normalize():
    assert normalize("  Ｍａｘ   Pooling\t") == "max pooling"
    assert normalize("Straße") == "strasse"


def test_judge_a_question_loaded_from_yaml(tmp_path):
    path = tmp_path / "acts.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            questions:
              - id: act
                type: text
                prompt: Which activation is max(0, x)?
                answer: {en: [ReLU, rectified linear unit], zh: 线性整流函数}
              - id: lr
                type: numeric
                prompt: Adam's default learning rate?
                answer: 0.001
                rel_tol: 0.01
            """
        ),
        encoding="utf-8",
    )
    text, numeric = load_file(path).questions
    assert judge(text, text.answer, "Rectified  linear unit", "en").correct is True
    assert judge(text, text.answer, "线性整流函数", "en").correct is True
    assert judge(text, text.answer, "tanh", "en").correct is False
    assert judge(numeric, numeric.answer, "1e-3").correct is True
    assert judge(numeric, numeric.answer, "1/1000").correct is True
    assert judge(numeric, numeric.answer, "0.00102").correct is False


# -- suggest_grade --------------------------------------------------------------------------


def test_suggest_grade_right_is_good_and_wrong_is_wrong():
    # Never 5, however quick: Enter keeps the suggestion out of habit, and a suggested 5
    # would raise the ease at every review. 5 is the student's own choice.
    assert suggest_grade(True) == Grade.GOOD == 4
    assert suggest_grade(False) == Grade.WRONG == 1


def test_a_note_for_a_rounded_count_still_suggests_wrong():
    judgement = judge(make("numeric", 61706), 61706, "61.7k")
    assert judgement.note == "close: the exact count is expected"
    assert suggest_grade(judgement.correct) == Grade.WRONG


# -- format_key -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        (28, "28"),
        (28.0, "28"),
        (-3, "-3"),
        (9999, "9999"),
        (10_000, "10,000"),
        (23_500_000, "23,500,000"),
        (0.25, "0.25"),
        (1 / 3, "0.333333"),
        (1e20, "1e+20"),
        (1.5e-7, "1.5e-07"),
    ],
)
def test_format_key_numeric(key, shown):
    assert format_key(make("numeric", key), key, None) == shown


def test_format_key_shape():
    question = make("shape", (3, 2))
    assert format_key(question, (3, 2), None) == "(3, 2)"
    assert format_key(question, [1, 64, 112, 112], None) == "(1, 64, 112, 112)"
    assert format_key(question, (5,), None) == "(5,)"
    assert format_key(question, (), None) == "()"


def test_format_key_choice_shows_letter_and_choice_in_the_language():
    question = make("choice", "B", choices=CHOICES)
    assert format_key(question, "B", "zh") == "B) 动量"
    assert format_key(question, "B", "en") == "B) Momentum"
    assert format_key(question, "C", "zh") == "C) Adam"


def test_format_key_multi_lists_every_keyed_choice():
    question = make("multi", ("A", "B"), choices=CHOICES)
    assert format_key(question, ("A", "B"), "en") == "A) SGD; B) Momentum"
    assert format_key(question, ("A", "B"), "zh") == "A) SGD; B) 动量"


def test_format_key_text_shows_the_first_answer_in_the_language():
    key = {"en": ("ReLU", "rectified linear unit"), "zh": ("线性整流函数",)}
    question = make("text", key)
    assert format_key(question, key, "en") == "ReLU"
    assert format_key(question, key, "zh") == "线性整流函数"
    assert format_key(question, key, "fr") == "ReLU"
    assert format_key(question, key, None) == "ReLU"
    plain = {"*": ("max pooling", "maxpool")}
    assert format_key(make("text", plain), plain, "zh") == "max pooling"


def test_format_key_open_shows_the_model_answer_in_the_language():
    key = {"en": "Its derivative is 1 for x > 0.", "zh": "正半轴导数恒为 1。"}
    question = make("open", key)
    assert format_key(question, key, "zh") == "正半轴导数恒为 1。"
    assert format_key(question, key, "en") == "Its derivative is 1 for x > 0."
    assert format_key(question, key, "fr") == "Its derivative is 1 for x > 0."
