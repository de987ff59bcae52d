"""`quiz check`: every diagnostic a bank author can see, pinned to its exact
`file:line:column: severity: message [id]`, and two properties over generated banks: a valid
bank lints clean, and no mangled bank makes the checker raise or lose a location.
"""

from __future__ import annotations

import json
import math
import operator
import re
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from quiz.bank import validate, yamlsafe
from quiz.bank.catalog import inspect_file, load_file
from quiz.bank.lint import lint
from quiz.cli import app
from quiz.errors import BankError
from quiz.paths import builtin_questions_dir


def write(folder: Path, text: str, name: str = "bank.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def diagnostics(*paths: Path) -> list[str]:
    return [str(d) for d in lint(list(paths)).diagnostics]


def check(*args: str):
    result = CliRunner().invoke(app, ["check", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def summary(result) -> str:
    return result.output.splitlines()[-1]


def assert_reported(path, lines: list[str], last: str, exit_code: int) -> None:
    """lint() finds exactly `lines`, and `quiz check` prints them, then `last`, then exits."""
    assert diagnostics(path) == lines
    result = check(str(path))
    assert result.output.splitlines()[:-1] == lines
    assert summary(result) == last
    assert result.exit_code == exit_code


def with_snippet(folder: Path, name: str = "s") -> None:
    (folder / "snippets").mkdir(exist_ok=True)
    (folder / "snippets" / f"{name}.py").write_text("def answer():\n    return 1\n")


# -- one test per diagnostic ----------------------------------------------------------------


def test_yaml_syntax_error_points_at_line_and_column(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: b
        questions:
          - id: q1
            type: numeric
            prompt: Output: width?
            answer: 28
        """,
    )
    line = f"{path}:5:19: error: mapping values are not allowed in this context"
    assert_reported(path, [line], "1 file, 0 questions: 1 error, 0 warnings", 1)


def test_tab_in_indentation(tmp_path):
    path = write(tmp_path, "bank: b\nquestions:\n  - id: q1\n  \ttype: numeric\n")
    assert diagnostics(path) == [f"{path}:4:3: error: tab in indentation; YAML indents with spaces"]


def test_a_tab_inside_a_block_scalar_is_text_not_indentation(tmp_path):
    body = "  - id: q1\n    type: text\n    prompt: |\n      What does this print?\n"
    body += "      for i in range(2):\n      \tprint(i)\n    answer: [0 1, '0  1']\n"
    path = write(tmp_path, "bank: b\nquestions:\n" + body)
    assert diagnostics(path) == []
    assert load_file(path).questions[0].prompt["*"].endswith("range(2):\n\tprint(i)\n")


def test_duplicate_key_in_one_mapping(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: b
        questions:
          - id: q1
            type: numeric
            prompt: P
            answer: 1
            answer: 2
        """,
    )
    assert diagnostics(path) == [f"{path}:7:5: error: duplicate key 'answer' (first at line 6)"]


def test_non_utf8_file_names_the_byte(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_bytes(b"bank: b\nquestions:\n  - id: q\xe91\n")
    assert_reported(
        path,
        [f"{path}:3:10: error: not UTF-8 text (byte 28)"],
        "1 file, 0 questions: 1 error, 0 warnings",
        1,
    )


def test_unknown_key_suggests_the_known_one(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: b
        questions:
          - id: q1
            type: numeric
            prompt: P
            anwser: 1
        """,
    )
    expected = [
        f"{path}:3:5: error: missing 'answer' [q1]",
        f"{path}:6:5: error: unknown key 'anwser'; did you mean 'answer'? [q1]",
    ]
    assert diagnostics(path) == expected
    result = check(str(path))
    assert result.output.splitlines()[:-1] == expected
    assert summary(result) == "1 file, 1 question: 2 errors, 0 warnings"
    assert result.exit_code == 1


def test_wrong_types(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: b
        questions:
          - id: q1
            type: numeric
            prompt: P
            answer: 1
            tags: math
            tolerance: small
        """,
    )
    assert diagnostics(path) == [
        f"{path}:7:11: error: 'tags' must be a list of strings [q1]",
        f"{path}:8:16: error: 'tolerance' must be a number of 0 or more [q1]",
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("type: numeric\n    answer: 1", "missing 'prompt'"),
        ("type: numeric\n    prompt: P", "missing 'answer'"),
        ("type: open\n    prompt: Why?", "missing 'answer' (the model answer)"),
        (
            "type: choice\n    prompt: Which?\n    answer: A",
            "a choice question needs 'choices': a list of 2 or more",
        ),
    ],
    ids=["no-prompt", "no-answer", "open-no-model-answer", "choice-no-choices"],
)
def test_missing_required_field(tmp_path, body, message):
    path = write(tmp_path, f"bank: b\nquestions:\n  - id: q1\n    {body}\n")
    assert diagnostics(path) == [f"{path}:3:5: error: {message} [q1]"]


def test_duplicate_id_within_a_bank_names_the_first(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: b
        questions:
          - id: q1
            type: numeric
            prompt: P
            answer: 1
          - id: q1
            type: numeric
            prompt: Q
            answer: 2
        """,
    )
    line = f"{path}:7:9: error: duplicate question id, first defined at line 3 [q1]"
    assert_reported(path, [line], "1 file, 2 questions: 1 error, 0 warnings", 1)


def test_duplicate_id_across_banks_names_the_first_place(tmp_path):
    question = "  - id: q1\n    type: numeric\n    prompt: P\n    answer: 1\n"
    first = write(tmp_path, "bank: one\nquestions:\n" + question, "one.yaml")
    second = write(tmp_path, "bank: two\nquestions:\n" + question, "two.yaml")
    line = f"{second}:3:1: error: duplicate question id, first defined at {first}:3 [q1]"
    assert diagnostics(first, second) == [line]
    result = check(str(first), str(second))
    assert result.output.splitlines() == [line, "2 files, 2 questions: 1 error, 0 warnings"]
    assert result.exit_code == 1


def test_multi_with_one_answer_warns_and_fails_only_when_strict(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: b
        questions:
          - id: q1
            type: multi
            prompt: Which?
            choices: [Adam, SGD]
            answer: [A]
        """,
    )
    line = (
        f"{path}:7:13: warning: a multi question with one right answer reads better as a choice"
        " [q1]"
    )
    assert diagnostics(path) == [line]
    relaxed = check(str(path))
    assert relaxed.output.splitlines()[:-1] == [line]
    assert summary(relaxed) == "1 file, 1 question: 0 errors, 1 warning"
    assert relaxed.exit_code == 0
    strict = check(str(path), "--strict")
    assert strict.output.splitlines()[:-1] == [line]
    assert summary(strict) == "1 file, 1 question: 0 errors, 1 warning"
    assert strict.exit_code == 1


ONE_QUESTION_CASES = [
    # (what, the question's fields below `- id: q1` starting on line 4, its diagnostic)
    ("choice answer out of range", "type: choice\nprompt: Which?\nchoices: [a, b]\nanswer: D",
     "7:13: error: answer D is out of range: choices are A..B"),
    ("duplicate choices, ignoring case",
     "type: choice\nprompt: Which?\nchoices: [Adam, SGD, adam]\nanswer: A",
     "6:26: error: choice C repeats choice A"),
    ("fewer than two choices", "type: choice\nprompt: Which?\nchoices: [Adam]\nanswer: A",
     "6:14: error: a choice question needs 'choices': a list of 2 or more"),
    ("numeric answer not a number", "type: numeric\nprompt: P\nanswer: ten",
     "6:13: error: a numeric answer must be a number (or 'snippet')"),
    ("negative tolerance", "type: numeric\nprompt: P\nanswer: 1\ntolerance: -0.5",
     "7:16: error: 'tolerance' must be a number of 0 or more"),
    ("text answer not a regex",
     "type: text\nprompt: Which activation?\nmatch: regex\nanswer: 'relu('",
     "7:13: error: invalid regex 'relu(': missing ), unterminated subpattern at position 4"),
    ("placeholder not a param",
     "type: numeric\nprompt: 'n={n} k={k}'\nparams: {n: [1, 2]}\nanswer: snippet\nsnippet: s",
     "5:13: error: prompt uses {k}, which is not a param"),
    ("param the prompt never uses",
     "type: numeric\nprompt: 'n={n}'\nparams: {n: [1, 2], k: [3]}\nanswer: snippet\nsnippet: s",
     "6:5: error: param 'k' is never used in the prompt"),
    ("empty param list",
     "type: numeric\nprompt: 'n={n}'\nparams: {n: []}\nanswer: snippet\nsnippet: s",
     "6:17: error: param 'n' needs a non-empty list of values"),
    ("snippet name that escapes", "type: numeric\nprompt: P\nanswer: snippet\nsnippet: ../x",
     "7:14: error: snippet name '../x' must be a file stem in the bank's snippets folder"
     " (no paths)"),
    ("shuffle on a question without choices", "type: numeric\nprompt: P\nanswer: 1\nshuffle: no",
     "7:5: error: 'shuffle' only belongs to choice and multi questions, not numeric"),
    ("shuffle not a boolean",
     "type: choice\nprompt: Which?\nchoices: [a, b]\nanswer: A\nshuffle: sometimes",
     "8:14: error: 'shuffle' must be true or false"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "expected"),
    [pytest.param(fields, expected, id=what) for what, fields, expected in ONE_QUESTION_CASES],
)
def test_one_question_one_diagnostic(tmp_path, fields, expected):
    with_snippet(tmp_path)
    body = "".join(f"    {line}\n" for line in fields.splitlines())
    path = write(tmp_path, "bank: b\nquestions:\n  - id: q1\n" + body)
    assert diagnostics(path) == [f"{path}:{expected} [q1]"]


CITING = """\
bank: b
questions:
  - id: q1
    type: multi
    prompt: {en: Which layers have no parameters?, zh: 哪些层没有参数？}
    choices: [nn.ReLU(), nn.Linear(4, 4), nn.MaxPool2d(2)]
    answer: [A, C]
    explanation:
      en: ReLU and max pooling are fixed functions; B is wrong, it has 20 parameters.
      zh: ReLU 和最大池化都是固定运算；选项B有 20 个参数。
"""


def test_an_explanation_citing_a_letter_of_shuffled_choices_warns_in_each_language(tmp_path):
    path = write(tmp_path, CITING)
    advice = "but the choices are shown shuffled: name the choice instead, or set 'shuffle: false'"
    lines = [
        f"{path}:9:11: warning: explanation (en) cites a choice by its letter ('B is wrong'),"
        f" {advice} [q1]",
        f"{path}:10:11: warning: explanation (zh) cites a choice by its letter ('选项B'),"
        f" {advice} [q1]",
    ]
    assert_reported(path, lines, "1 file, 1 question: 0 errors, 2 warnings", 0)
    assert check(str(path), "--strict").exit_code == 1


def test_a_question_that_keeps_its_order_may_cite_letters(tmp_path):
    path = write(
        tmp_path, CITING.replace("    answer: [A, C]\n", "    answer: [A, C]\n    shuffle: false\n")
    )
    assert diagnostics(path) == []
    assert load_file(path).questions[0].shuffle is False


@pytest.mark.parametrize(
    "text",
    ["The answer is (B).", "B) 0.25 is wrong", "Option B fails.", "choice B", "answer B",
     "the answer is C", "options A and C", "B: the gradient vanishes", "D is wrong: no.",
     "C is also false", "（C）", "选项B", "选 B", "答案是 C", "B 项错误", "C 错：", "D 也不对",
     "B）正确"],
)  # fmt: skip
def test_letter_citations_are_found(text):
    assert validate.cited_letter(f"Because. {text} Then.", 4) is not None


@pytest.mark.parametrize(
    "text",
    ["a", "A larger batch helps.", "An A100 has 80 GB.", "ReLU is fine.", "It moves 2 B/s.",
     "answer B/s", "f(A) is linear", "shape (N, C) here", "ViT-B/16 at 224", "x[C:]",
     "A's boundary", "The matrix A is square.", "D answers one question.",
     "判别器 D 是一个二分类器", "Answer: a larger batch", "(E) is out of range", "option E",
     "so pick option b"],
)  # fmt: skip
def test_ordinary_words_are_no_letter_citations(text):
    assert validate.cited_letter(text, 4) is None


@pytest.mark.parametrize("answer", ["[3, -1]", "3x2", "[2.5]", "[true]", "{a: 1}"])
def test_shape_must_be_non_negative_ints(tmp_path, answer):
    path = write(
        tmp_path, f"bank: b\nquestions:\n  - id: q1\n    type: shape\n    prompt: P\n"
        f"    answer: {answer}\n",
    )  # fmt: skip
    assert diagnostics(path) == [
        f"{path}:6:13: error: a shape answer must be a list of non-negative integers [q1]"
    ]


def test_grid_over_ten_thousand_variants_warns(tmp_path):
    with_snippet(tmp_path)
    digits = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"
    path = write(
        tmp_path,
        "bank: b\nquestions:\n  - id: q1\n    type: numeric\n    prompt: '{a}{b}{c}{d}{e}'\n"
        f"    params: {{a: {digits}, b: {digits}, c: {digits}, d: {digits}, e: [1, 2]}}\n"
        "    answer: snippet\n    snippet: s\n",
    )
    line = (
        f"{path}:6:5: warning: 20,000 variants are too many to prove with `quiz check --run`"
        " (over 10,000); narrow the grid [q1]"
    )
    assert_reported(path, [line], "1 file, 1 question: 0 errors, 1 warning", 0)


def test_snippet_that_does_not_resolve(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: b
        questions:
          - id: q1
            type: numeric
            prompt: P
            answer: snippet
            snippet: nowhere
        """,
    )
    missing = tmp_path.resolve() / "snippets" / "nowhere.py"
    line = f"{path}:7:14: error: snippet 'nowhere' of bank b not found: no {missing} [q1]"
    assert_reported(path, [line], "1 file, 1 question: 1 error, 0 warnings", 1)


def test_text_map_missing_a_language_the_bank_has(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: b
        questions:
          - id: q1
            type: numeric
            prompt: {en: One, zh: 一}
            answer: 1
          - id: q2
            type: numeric
            prompt: {en: Two}
            answer: 2
        """,
    )
    assert diagnostics(path) == [
        f"{path}:9:13: warning: 'prompt' has no 'zh' text, which the rest of the bank has [q2]"
    ]


def test_python_tag_is_refused_on_its_line(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: b
        questions:
          - id: q1
            type: numeric
            prompt: !!python/object/apply:os.system [ls]
            answer: 1
        """,
    )
    line = f"{path}:5:13: error: a !!python tag would run code: banks are plain data, loaded safely"
    assert_reported(path, [line], "1 file, 0 questions: 1 error, 0 warnings", 1)


# Nine levels, each a list of nine aliases to the one before: a billion laughs.
BOMB_LEVELS = ["a0: &a0 [" + ", ".join(["lol"] * 9) + "]"] + [
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)
]


def diagnostics_within_a_second(path: Path) -> list[str]:
    started = time.perf_counter()
    found = diagnostics(path)
    assert time.perf_counter() - started < 1.0
    return found


def test_alias_bomb_is_refused_quickly(tmp_path):
    path = write(tmp_path, "\n".join(BOMB_LEVELS) + "\nbank: b\nquestions: *a8\n")
    assert diagnostics_within_a_second(path) == [
        f"{path}:1:1: error: aliases expand this document to 926,177,117 values"
        " (limit 2,000,000): an alias bomb, not a bank"
    ]


def test_bank_over_two_mebibytes_is_refused_quickly(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text("bank: b\n# " + "x" * (3 * 2**20) + "\nquestions: []\n")
    assert diagnostics_within_a_second(path) == [
        f"{path}:1:1: error: 3.0 MiB is too large for a bank (limit 2 MiB);"
        " split it into several files"
    ]


# -- what mangled banks found (each once made the checker raise or lose the place) ----------


def test_alias_bomb_met_through_a_later_alias_is_still_measured(tmp_path):
    # The walk meets every level through `later` before the level that defines it.
    later = "later: [" + ", ".join(f"*a{i}" for i in range(8, -1, -1)) + "]"
    question = "{id: q, type: multi, prompt: P, choices: [a, b], answer: [*a8]}"
    path = write(tmp_path, "\n".join([*BOMB_LEVELS, f"questions: [{question}]", later]) + "\n")
    assert diagnostics_within_a_second(path) == [
        f"{path}:1:1: error: aliases expand this document to 1,416,506,185 values"
        " (limit 2,000,000): an alias bomb, not a bank"
    ]


def test_deep_nesting_is_refused_where_it_gets_too_deep(tmp_path):
    path = write(tmp_path, "bank: b\nquestions: " + "[" * 400 + "]" * 400 + "\n")
    line = f"{path}:2:111: error: nested more than 100 levels deep: not a bank"
    assert diagnostics(path) == [line]
    with pytest.raises(BankError) as refused:
        load_file(path)
    assert str(refused.value) == f"{path}:2:111: nested more than 100 levels deep: not a bank"


@pytest.mark.parametrize("tag", ["!!omap", "!!pairs"])
def test_ordered_map_tags_keep_their_positions(tmp_path, tag):
    path = write(tmp_path, f"bank: b\nquestions: {tag}\n  - a: 1\n")
    assert diagnostics(path) == [
        f"{path}:3:5: error: each question must be a mapping (id: ..., type: ..., prompt: ...)"
    ]


def test_variant_names_must_be_identifiers(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: b
        questions:
          - id: q
            type: numeric
            prompt: P
            answer: 1
            variants: [{1: 2, b: 3}]
        """,
    )
    assert diagnostics(path) == [f"{path}:7:17: error: param name 1 must be an identifier [q]"]


def test_control_character_is_refused_on_one_line_where_it_is(tmp_path):
    path = write(tmp_path, "bank: b\nquestions:\n  - id: q\x01\n")
    (found,) = diagnostics(path)
    # libyaml says "control characters", pure-Python PyYAML "special characters".
    assert found.startswith(f"{path}:3:10: error: unacceptable character #x0001: ")
    assert found.endswith(" characters are not allowed")


# -- every problem, at once -----------------------------------------------------------------

FIVE_MISTAKES = """\
bank: five
questions:
  - id: a
    type: numeric
    prompt: Output width?
    answer: twenty-eight
  - id: b
    type: choice
    prompt: Which optimizer?
    choices: [SGD, Adam]
    answer: E
  - id: c
    type: shape
    prompt: Shape of x.T?
    answer: [3, 2]
    tags: linear-algebra
  - id: d
    type: numeric
    prompt: Learning rate?
    answer: 0.1
    tolerance: -1
  - id: e
    type: text
    prompt: Which activation?
    match: regex
    answer: '[Rr]eLU('
"""


def test_one_file_with_five_mistakes_reports_all_five_in_line_order(tmp_path):
    path = write(tmp_path, FIVE_MISTAKES)
    expected = [
        f"{path}:6:13: error: a numeric answer must be a number (or 'snippet') [a]",
        f"{path}:11:13: error: answer E is out of range: choices are A..B [b]",
        f"{path}:16:11: error: 'tags' must be a list of strings [c]",
        f"{path}:21:16: error: 'tolerance' must be a number of 0 or more [d]",
        f"{path}:26:13: error: invalid regex '[Rr]eLU(': missing ), unterminated subpattern"
        " at position 7 [e]",
    ]
    assert diagnostics(path) == expected
    result = check(str(path))
    assert result.output.splitlines()[:-1] == expected
    assert summary(result) == "1 file, 5 questions: 5 errors, 0 warnings"
    assert result.exit_code == 1


# -- --format json --------------------------------------------------------------------------


def test_json_lists_every_diagnostic_with_its_fields(tmp_path):
    path = write(tmp_path, FIVE_MISTAKES)
    result = check(str(path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert [
        (d["file"], d["line"], d["column"], d["severity"], d["question"])
        for d in report["diagnostics"]
    ] == [
        (str(path), 6, 13, "error", "a"),
        (str(path), 11, 13, "error", "b"),
        (str(path), 16, 11, "error", "c"),
        (str(path), 21, 16, "error", "d"),
        (str(path), 26, 13, "error", "e"),
    ]
    assert report["diagnostics"][1]["message"] == "answer E is out of range: choices are A..B"
    assert report["summary"]["errors"] == 5
    assert report["summary"]["warnings"] == 0


def test_json_warning_exit_codes_and_file_level_errors(tmp_path):
    warned = write(
        tmp_path,
        "bank: b\nquestions:\n  - id: q1\n    type: multi\n    prompt: Which?\n"
        "    choices: [Adam, SGD]\n    answer: [A]\n",
        "warned.yaml",
    )
    result = check(str(warned), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["diagnostics"] == [
        {
            "file": str(warned),
            "line": 7,
            "column": 13,
            "severity": "warning",
            "message": "a multi question with one right answer reads better as a choice",
            "question": "q1",
        }
    ]
    assert check(str(warned), "--format", "json", "--strict").exit_code == 1
    tabbed = write(tmp_path, "bank: b\nquestions:\n\t- id: q1\n", "tabbed.yaml")
    result = check(str(tabbed), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output)["diagnostics"] == [
        {
            "file": str(tabbed),
            "line": 3,
            "column": 1,
            "severity": "error",
            "message": "tab in indentation; YAML indents with spaces",
            "question": None,
        }
    ]


# -- properties -----------------------------------------------------------------------------

LOWER = "abcdefghijklmnopqrstuvwxyz"
ids = st.builds(operator.add, st.sampled_from(LOWER), st.text(LOWER + "0123456789_.-", max_size=10))
names = st.builds(operator.add, st.sampled_from(LOWER), st.text(LOWER + "0123456789_", max_size=5))
snippet_names = st.builds(
    operator.add, st.sampled_from(LOWER + "_"), st.text(LOWER + "0123456789_-", max_size=8)
)
# PyYAML's dumper follows YAML 1.1 and writes `1e5` bare, which quiz reads as YAML 1.2 does:
# a number. Authors quote such text; so does this generator by leaving it out.
YAML12_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(\.[0-9_]*)?[eE][-+]?[0-9]+")
# Braces stay out: in a parametric prompt they are placeholders.
words = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="{}"),
    min_size=1,
    max_size=16,
).filter(lambda s: s.strip() and not YAML12_FLOAT.fullmatch(s))
texts = st.one_of(words, st.fixed_dictionaries({"en": words}, optional={"zh": words}))
numbers = st.one_of(
    st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
)
tolerances = st.one_of(st.integers(0, 100), st.floats(0, 100))


@st.composite
def valid_questions(draw, qid: str) -> tuple[dict, str | None]:
    """One valid question as plain data, and the snippet file it needs (if any)."""
    qtype = draw(st.sampled_from(["numeric", "shape", "choice", "multi", "text", "open"]))
    question: dict = {"id": qid, "type": qtype}
    param_names = draw(st.lists(names, unique=True, max_size=3))
    prompt = draw(texts)
    if param_names:
        slots = " ".join(f"{{{name}}}" for name in param_names)
        if isinstance(prompt, dict):
            prompt = {lang: f"{text} {slots}" for lang, text in prompt.items()}
        else:
            prompt = f"{prompt} {slots}"
    question["prompt"] = prompt
    if param_names:
        values = st.lists(st.one_of(numbers, words), min_size=1, max_size=3)
        if draw(st.booleans()):
            question["params"] = {name: draw(values) for name in param_names}
        else:
            rows = draw(st.integers(1, 3))
            question["variants"] = [
                {name: draw(st.one_of(numbers, words)) for name in param_names} for _ in range(rows)
            ]
    snippet = None
    if qtype in ("choice", "multi"):
        count = draw(st.integers(2, 5))
        question["choices"] = [
            {lang: f"{text} {index}" for lang, text in choice.items()}
            if isinstance(choice, dict)
            else f"{choice} {index}"
            for index, choice in enumerate(draw(st.lists(texts, min_size=count, max_size=count)))
        ]
        if draw(st.booleans()):
            question["shuffle"] = draw(st.booleans())
    from_snippet = qtype in ("numeric", "shape", "choice", "text") and draw(st.booleans())
    if from_snippet:
        snippet = draw(snippet_names)
        question["answer"] = "snippet"
        args = draw(st.dictionaries(names, st.integers(0, 9), max_size=2))
        question["snippet"] = {"name": snippet, "args": args} if args else snippet
    elif qtype == "numeric":
        question["answer"] = draw(numbers)
    elif qtype == "shape":
        question["answer"] = draw(st.lists(st.integers(0, 512), max_size=4))
    elif qtype == "choice":
        letter = chr(65 + draw(st.integers(0, len(question["choices"]) - 1)))
        question["answer"] = draw(st.sampled_from([letter, letter.lower()]))
    elif qtype == "multi":
        letters = [chr(65 + i) for i in range(len(question["choices"]))]
        picked = sorted(draw(st.lists(st.sampled_from(letters), min_size=1, unique=True)))
        question["answer"] = draw(st.sampled_from([picked, "".join(picked)]))
    elif qtype == "text":
        accepted = draw(st.lists(words, min_size=1, max_size=3))
        if draw(st.booleans()):
            question["match"] = "regex"
            accepted = [re.escape(text) for text in accepted]
        question["answer"] = accepted if len(accepted) > 1 else accepted[0]
    else:
        question["answer"] = draw(texts)
    if qtype == "numeric":
        for key in ("tolerance", "rel_tol"):
            if draw(st.booleans()):
                question[key] = draw(tolerances)
    if draw(st.booleans()):
        question["explanation"] = draw(texts)
    if draw(st.booleans()):
        question["tags"] = draw(st.lists(words, max_size=3))
    if draw(st.booleans()):
        question["renamed_from"] = [f"{qid}-old"]
    return question, snippet


@st.composite
def valid_banks(draw) -> tuple[dict, set[str]]:
    """A valid bank as plain data, and the names of the snippet files it needs."""
    question_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    bank: dict = {"bank": draw(ids)}
    if draw(st.booleans()):
        bank["title"] = draw(texts)
    if draw(st.booleans()):
        bank["tags"] = draw(st.lists(words, max_size=3))
    drawn = [draw(valid_questions(qid)) for qid in question_ids]
    bank["questions"] = [question for question, _ in drawn]
    return bank, {snippet for _, snippet in drawn if snippet}


def dump_bank(folder: Path, bank: dict, snippets: set[str]) -> Path:
    for name in snippets:
        with_snippet(folder, name)
    path = folder / "bank.yaml"
    path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_banks())
def test_generated_valid_banks_lint_clean_and_load(tmp_path_factory, drawn):
    bank, snippets = drawn
    path = dump_bank(tmp_path_factory.mktemp("valid"), bank, snippets)
    result = lint([path])
    assert result.errors == []
    loaded = load_file(path)
    assert [q.id for q in loaded.questions] == [q["id"] for q in bank["questions"]]
    assert [q.type for q in loaded.questions] == [q["type"] for q in bank["questions"]]


# Each stands for a slip of the keyboard or a hostile edit; "\udcff" becomes a raw 0xff byte.
TOKENS = [
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "'", '"', "#", "|", ">", "?", "%", "@", "`",
    "&a ", "*a", "&b ", "*b", "<<: *a", "~", "null", "true", "1e5", "-1", ".nan", "{x}",
    "!!python/object:os.system ", "!!omap ", "!!pairs ", "!!set ", "!!binary ", "!!str ",
    "!!int ", "!!float ", "!!map ", "!!seq ", "!foo ", "---\n", "...\n", "\t", "\x00", "\x07",
    "\r", "\n", "\ufeff", "\u2028", "\x85", "\udcff", "  ", "anwser: 1", "id: q0", "type: multi",
    "answer: [A]", "choices: [a]", "params: {n: []}", "snippet: ../x", "variants: [{1: 2, b: 3}]",
    "prompt: {en: x}", "- [[[[[[", "]]]]]]", "0x1F", "017", "1_000", "2020-01-01", "1:30", "0b_",
    "yes", "On", "-.inf", "=", "! ", "&a [*a]", "? ", "&a {b: *a}",
]  # fmt: skip
garbage = st.one_of(st.sampled_from(TOKENS), st.text(max_size=6))


@st.composite
def mutated_banks(draw) -> tuple[str, set[str]]:
    """A valid bank's YAML with a few random edits, and the snippet files it needs."""
    bank, snippets = draw(valid_banks())
    lines = yaml.safe_dump(bank, allow_unicode=True, sort_keys=False).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [draw(garbage)]
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        edit = draw(st.sampled_from(["delete", "duplicate", "insert", "swap", "indent", "value"]))
        if edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, line)
        elif edit == "insert":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(garbage) + line[at:]
        elif edit == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], line
        elif edit == "indent":
            shift = draw(st.integers(-4, 4))
            stripped = line.lstrip(" ")
            indent = max(0, len(line) - len(stripped) + shift)
            lines[i] = " " * indent + stripped
        elif ": " in line:
            lines[i] = line.split(": ", 1)[0] + ": " + draw(garbage) + "\n"
    return "".join(lines), snippets


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_banks())
def test_mutated_banks_never_crash_and_every_error_has_a_place(tmp_path_factory, drawn):
    text, snippets = drawn
    folder = tmp_path_factory.mktemp("mutated")
    for name in snippets:
        with_snippet(folder, name)
    path = folder / "bank.yaml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    _, found = inspect_file(path)
    errors = [d for d in found if d.severity == "error"]
    for diagnostic in found + lint([path]).diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic
        assert "\n" not in diagnostic.message, diagnostic
    try:
        load_file(path)
    except BankError as exc:
        assert errors, f"load_file refused a bank that inspect_file passed: {exc}"
        assert re.match(rf"{re.escape(str(path))}:[1-9][0-9]*[:]", str(exc)), exc
    else:
        assert not errors, "load_file accepted a bank with errors"


def same_document(plain, full) -> bool:
    """Equal values, types and recorded positions all the way down."""
    if type(plain) is not type(full):
        return False
    if isinstance(plain, yamlsafe.Located):
        return (
            (plain.line, plain.column, plain.key_marks, plain.value_marks)
            == (full.line, full.column, full.key_marks, full.value_marks)
            and list(plain) == list(full)
            and all(same_document(plain[key], full[key]) for key in plain)
        )
    if isinstance(plain, yamlsafe.LocatedList):
        return (
            (plain.line, plain.column, plain.item_marks)
            == (full.line, full.column, full.item_marks)
            and len(plain) == len(full)
            and all(map(same_document, plain, full))
        )
    if isinstance(plain, float) and math.isnan(plain):
        return math.isnan(full)
    return plain == full


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_banks())
def test_the_plain_reader_agrees_with_the_full_loader(drawn):
    """What the fast event reader returns is what PyYAML's node graph gives, or it defers."""
    text = drawn[0].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        fast = yamlsafe.parse_plain(text)
    except (yamlsafe.NotPlain, yaml.YAMLError):
        return
    document, problems = yamlsafe.parse_nodes(text)
    assert fast[1] == problems
    assert same_document(fast[0], document)


@pytest.mark.slow
@given(valid_banks())
def test_valid_banks_take_the_plain_path(drawn):
    text = yaml.safe_dump(drawn[0], allow_unicode=True, sort_keys=False)
    document, problems = yamlsafe.parse_plain(text)
    assert problems == []
    assert same_document(document, yamlsafe.parse_nodes(text)[0])


def test_every_builtin_bank_takes_the_plain_path():
    files = sorted(builtin_questions_dir().glob("*.yaml"))
    assert len(files) >= 14
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert same_document(yamlsafe.parse_plain(text)[0], yamlsafe.parse_nodes(text)[0])


TRICKY_STRINGS = ["yes", "On", "0x1F", "017", "1:30", "2020-01-01", "~", "", "1e3", ".nan", "<<"]
# Not the YAML line breaks beyond \n and \r: PyYAML's emitter writes them raw with
# allow_unicode, and they come back folded to spaces by any YAML reader.
characters = st.characters(blacklist_characters="\x85\u2028\u2029", blacklist_categories=["Cs"])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.sampled_from(TRICKY_STRINGS),
    st.text(characters, max_size=12),
)


@st.composite
def documents(draw):
    """Nested data in which some parts appear more than once (dumped as anchors and aliases)."""
    shared = st.sampled_from(draw(st.lists(_containers(scalars), min_size=1, max_size=3)))
    leaves = st.one_of(scalars, shared, shared)
    return draw(st.recursive(leaves, _containers, max_leaves=25))


def _containers(children):
    keys = st.one_of(st.text(characters, max_size=6), st.integers(), st.booleans())
    return st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4))


class QuotingDumper(yaml.SafeDumper):
    """PyYAML's dumper, told that banks read `1e3` as a number, so it quotes such strings."""


QuotingDumper.add_implicit_resolver(
    "tag:yaml.org,2002:float", yamlsafe.YAML12_FLOAT, list("-+0123456789")
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(documents(), st.sampled_from([None, True, False]), st.booleans())
def test_the_plain_reader_reads_back_what_pyyaml_writes(document, flow, unicode):
    """Anchors, aliases, block and flow styles, YAML 1.1 look-alike strings: read back as
    written, and as the full loader reads them."""
    text = yaml.dump(document, Dumper=QuotingDumper, default_flow_style=flow, allow_unicode=unicode)
    fast, problems = yamlsafe.parse_plain(text)
    assert problems == []
    assert validate.plain(fast) == document
    assert same_document(fast, yamlsafe.parse_nodes(text)[0])


PLAIN_WITH_ALIASES = """\
shared: &opts [relu, gelu, {name: tanh, n: 017}]
bank: b
sizes: [0x1F, 1_000, 1:30, -.inf, 1e-3, yes, On, ~, '', "7"]
questions: [{id: q, choices: *opts, again: *opts}]
"""


def test_anchors_aliases_and_yaml_11_scalars_stay_on_the_plain_path():
    document, _ = yamlsafe.parse_plain(PLAIN_WITH_ALIASES)
    assert same_document(document, yamlsafe.parse_nodes(PLAIN_WITH_ALIASES)[0])
    assert document["sizes"][:5] == [31, 1000, 90, -math.inf, 0.001]
    assert document["sizes"][5:] == [True, True, None, "", "7"]
    assert document["shared"][2]["n"] == 15  # YAML 1.1 octal, as PyYAML reads it
    assert document["questions"][0]["choices"] is document["shared"]


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {x: 1}\nother: {<<: *b, x: 2}\n",  # merge key
        "a: !!set {x, y}\n",
        "a: !!omap [{x: 1}]\n",
        "a: !!binary aGk=\n",
        "a: !!int '7'\n",
        "a: ! 7\n",
        "a: 2020-01-01\n",
        "a: &r [*r]\n",  # recursive
        "a: &x 1\nb: &x 2\n",  # an anchor defined twice
        "a: *nowhere\n",
        "a: 1\n---\nb: 2\n",
        "a: {x: 1}\na: {x: 2}\n",  # a repeated key whose value PyYAML never builds
        "{[a]: 1}\n",
        "a: 0b_\n",
        "a: " + "[" * 101 + "]" * 101 + "\n",
        "a: [\n",
    ],
)
def test_what_the_plain_path_leaves_to_the_full_loader(text):
    with pytest.raises((yamlsafe.NotPlain, yaml.YAMLError)):
        yamlsafe.parse_plain(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("!!seq bank: a\nquestions: []\n", "1:1: error: this value cannot be read as !!seq"),
        ("bank: !!float bank\nquestions: []\n", "1:7: error: this value cannot be read as !!float"),
        ("bank: !!int bank\nquestions: []\n", "1:7: error: this value cannot be read as !!int"),
        ("bank: !!map x\nquestions: []\n", "1:7: error: this value cannot be read as !!map"),
        (
            "bank: !!timestamp zz\nquestions: []\n",
            "1:7: error: this value cannot be read as !!timestamp",
        ),
    ],
)
def test_an_explicit_tag_the_value_cannot_take(tmp_path, text, expected):
    path = write(tmp_path, text)
    assert diagnostics(path) == [f"{path}:{expected}"]
    with pytest.raises(BankError):
        load_file(path)


# -- every problem in one run ---------------------------------------------------------------


def test_every_problem_shows_in_one_run_not_in_waves(tmp_path):
    """A range error behind a repeated choice, a missing snippet and a clash with a built-in
    id on questions that fail other checks too: all in the first run, each at its line, and
    every question entry counted."""
    path = write(
        tmp_path,
        """\
        bank: waves
        questions:
          - id: q1
            type: choice
            prompt: pick
            choices: [a, a, b]
            answer: E
          - id: q2
            type: numerik
            prompt: x
            answer: 3
            snippet: missing_one
          - id: activations-relu-facts
            type: numeric
            prompt: y
            answer: two
        """,
    )
    where = f"{path}"
    result = check(str(path))
    lines = result.output.splitlines()
    assert lines[0] == f"{where}:6:18: error: choice B repeats choice A [q1]"
    assert lines[1] == f"{where}:7:13: error: answer E is out of range: choices are A..C [q1]"
    assert lines[2].startswith(f"{where}:9:11: error: 'type' must be one of")
    assert lines[3] == (
        f"{where}:12:14: error: snippet 'missing_one' of bank waves not found:"
        f" no {tmp_path}/snippets/missing_one.py [q2]"
    )
    assert any(
        line.startswith(f"{where}:13:")
        and "question id also used by built-in bank activations" in line
        for line in lines
    )
    assert summary(result).startswith("1 file, 3 questions: ")
    assert result.exit_code == 1
