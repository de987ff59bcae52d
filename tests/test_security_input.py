"""Hostile input: what a student types, what the command line and the environment hold, and
banks written to exhaust quiz. Each attack is refused with one line (or, for an answer, asked
again), never a traceback, a hang or a value that breaks the database later."""

from __future__ import annotations

import json
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from conftest import QUIZ, REPO, child_env, quiz
from quiz.model import Question
from quiz.schedule import policy
from quiz.schedule.answers import (
    MAX_ANSWER_CHARS,
    Unparseable,
    judge,
    key_matches,
    parse_number,
    parse_shape,
    storable,
)

MINI = str(Path(__file__).parent / "assets" / "mini.yaml")


def make(qtype: str, answer, **fields) -> Question:
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


CHOICES = ({"*": "SGD"}, {"*": "Momentum"}, {"*": "Adam"})
QUESTIONS = {
    "numeric": (make("numeric", 28), 28),
    "shape": (make("shape", (1, 64)), (1, 64)),
    "choice": (make("choice", "C", choices=CHOICES), "C"),
    "multi": (make("multi", ("A", "C"), choices=CHOICES), ("A", "C")),
    "text": (make("text", {"*": ("relu",)}), {"*": ("relu",)}),
    "regex": (make("text", {"*": ("re ?lu",)}, match="regex"), {"*": ("re ?lu",)}),
}
HOSTILE = {
    "a digit that is not decimal": "፩",
    "a superscript digit": "(2, ²)",
    "5,000 digits": "9" * 5000,
    "1e999": "1e999",
    "a lone surrogate": "\udcff",
    "bytes that were latin-1": "caf\udce9",
    "a NUL": "2\x008",
    "an escape sequence": "\x1b[31mrelu",
    "a 1 MB line": "a" * 1_000_000,
}


def one_line(message: str) -> bool:
    return "\n" not in message and len(message) < 200


def assert_one_line_error(result, expected: str) -> None:
    assert "Traceback" not in result.output + result.stderr
    assert (result.exit_code, result.stderr.strip()) == (1, expected)


def run_cli(*args: str | bytes, **env: str) -> subprocess.CompletedProcess:
    """`python -m quiz ARGS` as a shell runs it: arguments may be any bytes."""
    return subprocess.run(
        [*QUIZ, *args], capture_output=True, env=child_env(**env), cwd=REPO, timeout=60
    )


# -- 1. answers never crash the review --------------------------------------------------------


@pytest.mark.parametrize("qtype", list(QUESTIONS))
@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_hostile_answer_is_asked_again_or_judged_and_storable(qtype, text):
    question, key = QUESTIONS[qtype]
    started = time.monotonic()
    try:
        judgement = judge(question, key, text)
    except Unparseable as exc:
        assert one_line(str(exc)), str(exc)[:300]
    else:
        assert not judgement.correct
        assert len(judgement.given) <= MAX_ANSWER_CHARS
        json.dumps(judgement.given, ensure_ascii=False).encode("utf-8")
    assert time.monotonic() - started < 2


NUMBER_HINT = "(try 28, 0.25, 1.2e3 or 23.5M)"


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (parse_shape, "(፩, 2)", "'(፩, 2)' is not a shape (try (1, 64, 112, 112))"),
        (parse_shape, "(2, ፪)", "'(2, ፪)' is not a shape (try (1, 64, 112, 112))"),
        (parse_shape, "1x" + "9" * 5000, f"'1x{'9' * 37}…' has a dimension too large for a tensor"),
        (parse_shape, "9" * 20, f"'{'9' * 20}' has a dimension too large for a tensor"),
        (parse_number, "9" * 5000, f"'{'9' * 39}…' is too large a number"),
        (parse_number, "1e999", "'1e999' is too large a number"),
        (parse_number, "1e308/1e-10", "'1e308/1e-10' is too large a number"),
        (parse_number, "2T" * 3000, f"'{'2T' * 19}2…' is not a number {NUMBER_HINT}"),
    ],
)  # fmt: skip
def test_numbers_that_int_or_float_cannot_take_are_not_an_answer(parse, text, message):
    with pytest.raises(Unparseable) as info:
        parse(text)
    assert str(info.value) == message


def test_a_shape_of_big_but_real_dimensions_still_reads():
    assert parse_shape(f"({2**62}, 3)") == (2**62, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a" * 1_000_000, "that is 1,000,000 characters: too long for an answer (at most 10,000)"),
        ("caf\udce9", "that holds bytes that are not UTF-8 text (check the terminal's encoding)"),
        ("re\x00lu", "that holds a control character, which no answer has"),
    ],
)
@pytest.mark.parametrize("qtype", ["numeric", "text", "choice"])
def test_what_no_answer_holds_is_asked_again_for_every_type(qtype, text, message):
    question, key = QUESTIONS[qtype]
    with pytest.raises(Unparseable) as info:
        judge(question, key, text)
    assert str(info.value) == message


def test_storable_text_is_encodable_and_capped(store):
    from datetime import date, datetime, timezone

    typed = "caf\udce9 \x00\x1b[2J" + "x" * 20_000
    kept = storable(typed)
    assert kept.startswith("caf\ufffd [2J") and len(kept) <= MAX_ANSWER_CHARS
    kept.encode("utf-8")
    # What the review log does with an answer: SQLite must take it.
    now = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)
    store.record("q1", 4, now=now, day=date(2026, 11, 27), answer=kept, schedule=policy.apply)
    assert store.history("q1", ())[0].answer == kept


def test_storable_leaves_ordinary_text_alone():
    text = "两层 3×3 卷积\tcheaper than one 5×5\nand one more ReLU"
    assert storable(text) == text


# -- 1b. answers to a regex that backtracks (3b) ----------------------------------------------


@pytest.mark.parametrize("pattern", ["(a|aa)+$", "(a+)+$", "(\\w+\\s?)+$"])
def test_a_catastrophic_regex_is_given_up_not_hung(pattern):
    question = make("text", {"*": (pattern,)}, match="regex")
    started = time.monotonic()
    judgement = judge(question, question.answer, "a" * 60 + "!")
    assert judgement.correct is False
    assert not key_matches(question, question.answer, "a" * 60 + "!")
    assert time.monotonic() - started < 3


def test_a_regex_answer_still_matches_what_it_should():
    question = make("text", {"en": ("batch ?norm(ali[sz]ation)?",)}, match="regex")
    assert judge(question, question.answer, "  Batch   Normalisation ").correct
    assert not judge(question, question.answer, "layer norm").correct


# -- 2. arguments, environment and settings ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9999-12-31T23:59:59+00:00", "is out of range: pin a time from 1970 to 8999"),
        ("9999-12-31", "is out of range: pin a time from 1970 to 8999"),
        ("0001-01-01", "is out of range: pin a time from 1970 to 8999"),
        ("1969-12-31T12:00:00+00:00", "is out of range: pin a time from 1970 to 8999"),
        ("garbage", "is not an ISO 8601 date or time"),
    ],
)
def test_quiz_now_out_of_range_is_one_line(value, message):
    result = quiz("list", "--bank", MINI, QUIZ_NOW=value)
    assert_one_line_error(result, f"error: QUIZ_NOW={value!r} {message}")


def test_a_long_quiz_now_is_quoted_short():
    result = quiz("list", "--bank", MINI, QUIZ_NOW="9" * 5000)
    assert_one_line_error(result, f"error: QUIZ_NOW='{'9' * 39}…' is not an ISO 8601 date or time")


def test_quiz_now_at_the_edges_of_the_range_works(mini_bank):
    for value in ("1970-01-01T00:00:00+00:00", "8999-12-31T23:59:59+00:00"):
        result = quiz("review", "--bank", str(mini_bank), input="28\n4\n", QUIZ_NOW=value)
        assert result.exit_code == 0, result.output
        assert "Saved: next review in" in result.output


@pytest.mark.parametrize("value", ["²", "9" * 5000, "24", "-1", "3.5"])
def test_a_bad_rollover_hour_in_the_environment_is_one_line(value):
    shown = repr(value) if len(value) <= 40 else f"'{value[:39]}…'"
    result = quiz("list", "--bank", MINI, QUIZ_ROLLOVER_HOUR=value)
    assert_one_line_error(result, f"error: QUIZ_ROLLOVER_HOUR={shown} must be an hour from 0 to 23")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "²"], "new must be a whole number from 0 to 1000, not '²'"),
        (["new", "٣"], "new must be a whole number from 0 to 1000, not '٣'"),
        (["new", "9" * 5000], f"new must be a whole number from 0 to 1000, not '{'9' * 39}…'"),
        (["rollover_hour", "²"], "rollover_hour must be a whole number from 0 to 23, not '²'"),
    ],
)
def test_a_number_no_int_can_read_is_one_line_in_quiz_config(args, message):
    assert_one_line_error(quiz("config", *args), f"error: {message}")


def test_a_whole_number_setting_still_reads_with_leading_zeros_and_spaces():
    assert quiz("config", "new", " 010 ").exit_code == 0
    assert quiz("config", "new").output.strip() == "10"


NEW_RANGE = "a whole number from 0 to 1000"
TOO_LARGE = "a value too large to show"
TOO_BIG = "is too large for a settings file (at most 16,384)"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('rollover_hour = "²"\n', "rollover_hour must be a whole number from 0 to 23, not '²'"),
        (f"new = {'9' * 5000}\n", "not valid TOML (a number too long to read)"),
        (f"new = 0x{'f' * 5000}\n", f"new must be {NEW_RANGE}, not {TOO_LARGE}"),
        ("new = " + "[" * 5000 + "]" * 5000 + "\n", "not valid TOML (nested too deep)"),
        ("new = " + "{a=" * 2000 + "1" + "}" * 2000 + "\n", "not valid TOML (nested too deep)"),
        ("new." + "a." * 2000 + "b = 1\n", f"new must be {NEW_RANGE}, not {TOO_LARGE}"),
        ("new = " + "[" * 50_000 + "]" * 50_000 + "\n", f"100,007 bytes {TOO_BIG}"),
        ("new." + "a." * 50_000 + "b = 1\n", f"100,010 bytes {TOO_BIG}"),
    ],
)  # fmt: skip
def test_a_hostile_settings_file_is_one_line_naming_it(quiz_env, text, problem):
    quiz_env.mkdir()
    path = quiz_env / "config.toml"
    path.write_text(text, encoding="utf-8")
    assert_one_line_error(quiz("list", "--bank", MINI), f"error: {path}: {problem}")


@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "0", "-5"])
def test_a_memory_cap_no_int_can_read_falls_back_to_the_default(monkeypatch, value):
    from quiz.snippets.client import DEFAULT_MEMORY_MB, memory_limit_mb

    monkeypatch.setenv("QUIZ_SNIPPET_MEMORY_MB", value)
    assert memory_limit_mb() == DEFAULT_MEMORY_MB


@pytest.mark.parametrize("command", ["show", "suspend", "unsuspend"])
def test_an_id_that_is_not_utf8_is_unknown_in_one_line(command):
    # What `quiz show $'\xff'` hands Python: the byte as a lone surrogate.
    result = quiz(command, "\udcff")
    assert_one_line_error(result, "error: no question with id '\\udcff'")


@pytest.mark.parametrize("command", ["suspend", "show", "run question"])
def test_an_id_that_is_not_utf8_through_a_real_shell_is_one_line(command):
    result = run_cli(*command.split(), b"\xff")
    stderr = result.stderr.decode("utf-8", "backslashreplace")
    assert "Traceback" not in stderr
    assert (result.returncode, stderr) == (1, "error: no question with id '\\udcff'\n")


@pytest.mark.parametrize(
    ("minutes", "shown"), [("inf", "inf"), ("nan", "nan"), ("1e308", "1e+308"), ("1441", "1441")]
)
def test_exam_minutes_must_be_finite_and_at_most_a_day(minutes, shown):
    result = quiz("exam", "--bank", MINI, "--seed", "1", "--minutes", minutes, input="28\n")
    assert_one_line_error(
        result,
        f"error: --minutes {shown}: give the time allowed in minutes, more than 0 and at most"
        " 1,440 (a day)",
    )
    assert "[1/" not in result.output  # refused before the paper


@pytest.mark.parametrize(
    ("seed", "shown"),
    [
        (str(2**63), str(2**63)),
        (str(2**70), str(2**70)),
        ("-1", "-1"),
        ("9" * 4000, "(over 40 digits)"),
    ],
)
def test_exam_seed_must_fit_the_database_before_the_paper_is_sat(seed, shown):
    result = quiz("exam", "--bank", MINI, "--seed", seed, input="28\n")
    assert_one_line_error(
        result,
        f"error: --seed {shown}: a seed is a whole number from 0 to 9,223,372,036,854,775,807",
    )
    assert "[1/" not in result.output


def test_the_largest_seed_is_sat_and_saved():
    from quiz.paths import database_path
    from quiz.store import Store

    result = quiz("exam", "--bank", MINI, "--count", "1", "--seed", str(2**63 - 1), input="")
    assert result.exit_code == 0, result.output
    [saved] = Store(database_path()).exams()
    assert saved["seed"] == 2**63 - 1


def test_a_bad_quiz_now_stops_the_exam_before_it_is_sat():
    result = quiz("exam", "--bank", MINI, "--seed", "1", input="28\n", QUIZ_NOW="0001-01-01")
    assert_one_line_error(
        result, "error: QUIZ_NOW='0001-01-01' is out of range: pin a time from 1970 to 8999"
    )
    assert "[1/" not in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["run", "snippet", "conv_output_size", "--bank", MINI],
        ["run", "question", "mini-num", "--bank", MINI],
        ["check", MINI],
    ],
)
@pytest.mark.parametrize(
    ("timeout", "problem"),
    [
        ("nan", "nan is not a number of seconds."),
        ("inf", "inf is not in the range 0.1<=x<=86400."),
        ("1e308", "1e+308 is not in the range 0.1<=x<=86400."),
        ("0", "0.0 is not in the range 0.1<=x<=86400."),
        ("-1", "-1.0 is not in the range 0.1<=x<=86400."),
    ],
)
def test_a_timeout_must_be_finite_positive_and_at_most_a_day(command, timeout, problem):
    result = quiz(*command, "--timeout", timeout)
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert problem in " ".join(result.stderr.split())


def test_a_nan_timeout_is_one_line_through_the_console_entry_point():
    result = run_cli("run", "snippet", "conv_output_size", "--timeout", "nan")
    assert (result.returncode, result.stdout, result.stderr.decode()) == (
        2,
        b"",
        "error: Invalid value for '--timeout': nan is not a number of seconds."
        " (see `quiz run snippet --help`)\n",
    )


STRUCTURE = (
    "give a number, true, false, a string or a flat list such as [1, 2, 3]; nested lists,"
    " mappings and YAML anchors, aliases or tags are not taken"
)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("&a [*a]", STRUCTURE),
        ("*a", STRUCTURE),
        ("[&a [1, 2], *a]", STRUCTURE),
        ("[[1, 2], [3]]", STRUCTURE),
        ("{a: 1}", STRUCTURE),
        ("!!python/object/apply:os.system ['true']", STRUCTURE),
        ("9" * 5000, "a whole number out of the 64-bit range"),
        ("1e999", "a number too large to be finite"),
        ("\udcff", "not UTF-8 text"),
        ('[1, "a, b"]', "a quoted string must end with its quote (and hold no comma)"),
    ],
)
def test_an_arg_that_is_no_plain_value_is_one_line(value, problem):
    from quiz.config import shown

    result = quiz("run", "snippet", "conv_output_size", "--arg", f"x={value}")
    assert_one_line_error(result, f"error: --arg x={shown(value)}: {problem}")


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("64", 64),
        ("-3", -3),
        ("0.5", 0.5),
        ("1e-3", 0.001),
        ("true", True),
        ("False", False),
        ("null", None),
        ("relu", "relu"),
        ("'12'", "12"),
        ("", ""),
        ("[1, 3, 32, 32]", [1, 3, 32, 32]),
        ("[]", []),
        ("[relu, 'x', 2.5, true]", ["relu", "x", 2.5, True]),
        (str(2**63 - 1), 2**63 - 1),
    ],
)
def test_plain_arg_values_still_read(value, parsed):
    from quiz.snippets.args import parse

    assert parse([f"x={value}"]) == {"x": parsed}


# -- 3. hostile banks -------------------------------------------------------------------------


def write_bank(folder: Path, text: str) -> Path:
    path = folder / "hostile.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def check(path: Path, *options: str):
    result = quiz("check", str(path), *options)
    assert "Traceback" not in result.output + result.stderr
    return result


def a_grid(folder: Path, params: int, values: int) -> Path:
    names = [f"p{i}" for i in range(params)]
    grid = "\n".join(f"      {n}: {list(range(values))}" for n in names)
    prompt = "".join(f"{{{n}}}" for n in names)
    text = (
        "bank: hostile\nquestions:\n  - id: grid\n    type: numeric\n"
        f"    prompt: '{prompt}'\n    answer: 1\n    params:\n{grid}\n"
    )
    path = folder / "grid.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_trillion_variants_is_an_error_naming_the_file_and_line(tmp_path):
    from quiz.bank.catalog import load_file
    from quiz.errors import BankError

    path = a_grid(tmp_path, 12, 10)
    started = time.monotonic()
    result = check(path)
    message = "1,000,000,000,000 variants: a question may have at most 100,000; narrow the grid"
    assert result.exit_code == 1
    assert f"{path}:7:5: error: {message} [grid]" in result.output.splitlines()
    with pytest.raises(BankError) as refused:
        load_file(path)
    assert str(refused.value) == f"{path}:7: {message} [grid]"
    assert time.monotonic() - started < 5


def test_a_count_of_variants_too_long_to_print_is_still_one_line(tmp_path):
    path = a_grid(tmp_path, 15_000, 2)  # 2**15000 variants: 4,516 digits, more than str() prints
    result = check(path)
    assert result.exit_code == 1
    message = "about 10^4515 variants: a question may have at most 100,000; narrow the grid"
    assert f"{path}:7:5: error: {message} [grid]" in result.output.splitlines()


def test_a_huge_grid_is_counted_drawn_and_sampled_without_enumerating_it():
    from quiz.schedule import params

    googol = make("numeric", "snippet", params={f"p{i}": list(range(10)) for i in range(100)})
    trillion = make("numeric", "snippet", params={f"p{i}": list(range(10)) for i in range(12)})
    started = time.monotonic()
    assert params.variant_count(googol) == 10**100
    assert params.variant_at(googol, 10**100 - 1) == {f"p{i}": 9 for i in range(100)}
    assert 0 <= params.draw_index(googol, 3) < 10**100
    assert params.variant_at(googol, 0) == {f"p{i}": 0 for i in range(100)}
    sample = params.sample_indices(trillion, 5)
    assert len(set(sample)) == 5 and all(0 <= i < 10**12 for i in sample)
    assert time.monotonic() - started < 1


def test_a_huge_format_width_is_refused_by_check_and_never_filled(tmp_path):
    from quiz.bank.catalog import load_file
    from quiz.errors import BankError
    from quiz.schedule import params

    path = write_bank(
        tmp_path,
        """\
        bank: hostile
        questions:
          - id: wide
            type: numeric
            params: {n: [1, 2]}
            prompt: "Width {n:>1500000000}?"
            answer: 1
        """,
    )
    message = "prompt formats {n:>1500000000}, more than 100 characters wide: refused"
    result = check(path)
    assert result.exit_code == 1
    assert f"{path}:6:13: error: {message} [wide]" in result.output.splitlines()
    with pytest.raises(BankError, match="more than 100 characters wide"):
        load_file(path)
    started = time.monotonic()
    for template, variant in [("{n:>1500000000}", {"n": 1}), ("{n:>{w}}", {"n": 1, "w": 10**9})]:
        with pytest.raises(params.VariantError, match="asks for more than 100 characters"):
            params.fill(template, variant)
    assert time.monotonic() - started < 1


def test_a_nested_repeat_in_a_regex_answer_is_a_warning(tmp_path):
    path = write_bank(
        tmp_path,
        """\
        bank: hostile
        questions:
          - id: redos
            type: text
            prompt: "Which letter?"
            answer: "(a+)+$"
            match: regex
        """,
    )
    warning = (
        f"{path}:6:13: warning: regex '(a+)+$' repeats a group that repeats itself, which can"
        " backtrack for ages on a wrong answer (a match is given up, as no match, after 0.25 s);"
        " write it without the nesting [redos]"
    )
    result = check(path)
    assert result.exit_code == 0 and warning in result.output.splitlines()
    assert check(path, "--strict").exit_code == 1


@pytest.mark.parametrize(
    ("pattern", "nested"),
    [
        ("(a+)+$", True),
        ("(\\w+\\s?)*", True),
        ("(?:a*b?)+", True),
        ("((ab)+c)*", True),
        ("(a{2,})+", True),
        ("(a+){2}", True),
        ("batch ?norm(ali[sz]ation)?", False),
        ("(a+)?", False),
        ("(a|b)+", False),
        ("a+b+c*", False),
        ("[(]a+[)]+", False),
        ("\\(a+\\)+", False),
        ("(a+){1}", False),
        ("(a+)+?", True),
        ("(a++)+", True),
    ],
)
def test_nested_repeat_finds_repeats_of_repeating_groups(pattern, nested):
    from quiz.bank.validate import nested_repeat

    assert nested_repeat(pattern) is nested


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("a{" + "9" * 5000 + "}", "a repeat count too large to read [broken]"),
        ("(" * 50_000 + "a" + ")" * 50_000, "nested too deep [broken]"),
    ],
)
def test_a_regex_that_breaks_the_compiler_is_an_error_not_a_crash(tmp_path, pattern, problem):
    path = write_bank(
        tmp_path,
        f"""\
        bank: hostile
        questions:
          - id: broken
            type: text
            prompt: "?"
            answer: '{pattern}'
            match: regex
        """,
    )
    result = check(path)
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if "invalid regex" in line]
    assert line.startswith(f"{path}:6:13: error: invalid regex '") and line.endswith(problem)
    assert len(line) < len(str(path)) + 150


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("9" * 5000, "6:13: error: a whole number of more than 100 digits"),
        ("0x" + "f" * 90, "6:13: error: a whole number of more than 100 digits"),
        (".inf", "6:13: error: a numeric answer must be finite, not inf [num]"),
        ("1" + "0" * 400, "6:13: error: a whole number of more than 100 digits"),
    ],
)
def test_a_number_too_large_for_a_key_is_an_error(tmp_path, value, problem):
    path = write_bank(
        tmp_path,
        f"""\
        bank: hostile
        questions:
          - id: num
            type: numeric
            prompt: "?"
            answer: {value}
        """,
    )
    result = check(path)
    assert result.exit_code == 1
    assert any(line.startswith(f"{path}:{problem}") for line in result.output.splitlines())


def snippet_bank(folder: Path) -> Path:
    (folder / "snippets").mkdir()
    return write_bank(
        folder,
        """\
        bank: hostile
        questions:
          - id: h-loop
            type: numeric
            prompt: "Loop?"
            answer: 1
            snippet: loop
          - id: h-bytes
            type: numeric
            prompt: "Bytes?"
            answer: 1
            snippet: latin
        """,
    )


def test_a_snippet_that_is_not_utf8_or_a_symlink_loop_is_a_diagnostic(tmp_path):
    path = snippet_bank(tmp_path)
    snippets = (tmp_path / "snippets").resolve()
    (snippets / "loop.py").symlink_to("loop.py")
    (snippets / "latin.py").write_bytes(b"def answer():\n    return 'caf\xe9'\n")
    result = check(path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    [loop] = [line for line in lines if line.endswith("[h-loop]")]
    assert loop.startswith(f"{path}:7:14: error: snippet 'loop' of bank hostile")
    assert str(snippets / "loop.py") in loop
    [latin] = [line for line in lines if line.endswith("[h-bytes]")]
    assert latin.startswith(f"{path}:12:14: error: snippet {snippets / 'latin.py'}")
    assert "not UTF-8" in latin
