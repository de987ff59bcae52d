"""quiz.answers: reading typed answers, judging them against the key, suggesting a grade."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quiz.bank.catalog import load_file
from quiz.model import Grade, Question
from quiz.schedule.answers import (
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
        ("1/", "type a number"),
        ("1/2/3", "'1/2/3' is not a number (write a fraction as 1/4)"),
    ],
)
def test_parse_number_refuses_what_it_cannot_read(text, message):
    with pytest.raises(Unparseable) as info:
        parse_number(text)
    assert str(info.value) == message


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
        ("A)", False, "type a letter from A to D"),
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
    assert judge(question, key, "a") == Judgement(False, "A")
    assert judge(question, key, "a c d") == Judgement(False, "A, C, D")
    assert judge(question, ("C", "A"), "ac").correct is True
    with pytest.raises(Unparseable) as info:
        judge(question, key, "a, x")
    assert str(info.value) == "type letters from A to D"


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


@pytest.mark.parametrize(
    ("correct", "seconds", "grade"),
    [
        (False, 1.0, Grade.WRONG),
        (False, 100.0, Grade.WRONG),
        (True, 30.0, Grade.GOOD),
        (True, 10.01, Grade.GOOD),
        (True, 10.0, Grade.EASY),
        (True, 2.5, Grade.EASY),
    ],
)
def test_suggest_grade(correct, seconds, grade):
    assert suggest_grade(correct, seconds) == grade


def test_suggest_grade_values_are_the_sm2_grades():
    assert suggest_grade(False, 1.0) == 1
    assert suggest_grade(True, 60.0) == 4
    assert suggest_grade(True, 1.0) == 5


def test_suggest_grade_quick_threshold_can_be_changed():
    assert suggest_grade(True, 8.0, quick_seconds=5.0) == Grade.GOOD
    assert suggest_grade(True, 4.0, quick_seconds=5.0) == Grade.EASY


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
