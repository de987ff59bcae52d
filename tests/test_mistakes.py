"""Mistakes the judge recognises: `mistakes:` in a bank (linted with exact messages and
positions), judged like the key (tolerance, shapes, shuffled letters, text), named in the
review in the student's language and kept in the review log, proved different from the key
by `quiz check --run`, counted by `quiz stats`, drilled by `quiz review --mistakes`; and a
`function:` that names anything but a snippet's own mistake_… function never runs."""

from __future__ import annotations

import json
import os
import textwrap
import time
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from conftest import quiz, write_bank
from quiz.bank.catalog import Catalog, load_file
from quiz.bank.files import Snippet
from quiz.model import Mistake, Question
from quiz.paths import database_path
from quiz.schedule import answers, policy, shuffle
from quiz.snippets.client import Worker
from quiz.snippets.prover import Prover
from quiz.store import Store

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)
ON_TODAY = {"QUIZ_NOW": "2026-11-27T12:00:00"}

CONV = """
    import math

    def answer(size=7, stride=2, *, device="cpu"):
        return (size - 3) // stride + 1

    def mistake_ceil(size=7, stride=2):
        value = math.ceil((size - 3) / stride) + 1
        return None if value == answer(size, stride) else value

    def mistake_no_stride(size=7, stride=2):
        return size - 3 + 1

    def mistake_as_key(size=7, stride=2):
        return answer(size, stride)
"""

DRILL = """
questions:
  - id: conv-w
    type: numeric
    params: {size: [7, 8], stride: [2]}
    prompt: "A {size}-wide input, kernel 3, stride {stride}. Output width?"
    answer: snippet
    snippet: conv
    mistakes:
      - name: ceil
        function: mistake_ceil
        explain:
          en: "you rounded up: the last window that sticks out is not taken"
          zh: "你向上取整了：越出边界的最后一个窗口不算"
      - name: no-stride
        function: mistake_no_stride
        explain: {en: "you forgot the stride", zh: "你忘了步长"}
"""

FIXED = """
questions:
  - id: width
    type: numeric
    prompt: "A 64-wide input, Conv2d(kernel_size=5, stride=2, padding=1). Output width?"
    answer: 31
    tolerance: 0.5
    mistakes:
      - name: ceil
        value: 32
        explain:
          en: "you rounded up: the last window that sticks out is not taken"
          zh: "你向上取整了：越出边界的最后一个窗口不算"
  - id: gap
    type: shape
    prompt: "Shape of nn.AdaptiveAvgPool2d(1) on (32, 512, 7, 7)?"
    answer: [32, 512, 1, 1]
    mistakes:
      - name: flattened
        value: [32, 512]
        explain: {en: "the pooled H and W stay, as 1", zh: "池化后的 H、W 保留为 1"}
  - id: bn
    type: choice
    prompt: "Learnable parameters of nn.BatchNorm2d(256)?"
    choices: ["256", "512", "1,024"]
    answer: B
    mistakes:
      - name: buffers
        value: C
        explain:
          en: "running_mean and running_var are buffers, not parameters"
          zh: "running_mean 和 running_var 是缓冲区，不是参数"
  - id: zero
    type: multi
    prompt: "Which have no parameters?"
    choices: [ReLU, MaxPool2d, BatchNorm2d]
    answer: [A, B]
    mistakes:
      - name: bn-free
        value: ABC
        explain: {en: "BatchNorm learns a scale and a shift", zh: "BatchNorm 要学习缩放和平移"}
  - id: dilated
    type: text
    prompt: "Name the convolution with spaced-out kernel taps."
    answer: [dilated convolution, atrous convolution]
    mistakes:
      - name: transposed
        value: [transposed convolution, deconvolution]
        explain: {en: "a transposed convolution upsamples", zh: "转置卷积是用来上采样的"}
"""


def fixed_bank(tmp_path: Path) -> Path:
    return write_bank(tmp_path / "course", FIXED, {}, name="fixed")


def drill_bank(tmp_path: Path) -> Path:
    bank = write_bank(tmp_path / "course", DRILL, {"conv": CONV})
    assert quiz("trust", str(bank)).exit_code == 0
    return bank


def question(bank: Path, qid: str):
    questions = load_file(bank).questions
    return questions[questions.ids.index(qid)]


# -- lint ----------------------------------------------------------------------------------------

BROKEN = """
questions:
  - id: w
    type: numeric
    prompt: "Width?"
    answer: 31
    snippet: conv
    mistakes:
      - {name: ceil, explain: "up", value: 32}
      - {name: ceil, explain: "twice", value: 33}
      - {name: bad, explain: "x", function: os.system}
      - {name: both, explain: "x", function: mistake_a, value: 3}
      - {name: none, explain: "x"}
      - {nam: x}
      - {name: "a b", explain: "x", value: 1}
      - {name: silent, value: 1}
  - id: c
    type: choice
    prompt: "Pick"
    choices: [a, b, c]
    answer: A
    mistakes:
      - {name: fn, explain: "x", function: mistake_x}
  - id: o
    type: open
    prompt: "Why?"
    answer: "because"
    mistakes: [{name: a, explain: b, value: 1}]
  - id: e
    type: numeric
    prompt: "Empty?"
    answer: 1
    mistakes: []
"""


def test_lint_names_every_malformed_mistake_where_it_is(tmp_path):
    bank = write_bank(tmp_path, BROKEN, {"conv": "def answer(*, device='cpu'):\n    return 31\n"})
    result = quiz("check", str(bank))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line.removeprefix(f"{bank}:") for line in result.output.splitlines()]
    assert lines == [
        "10:16: error: mistake name 'ceil' is used twice (first at line 9) [w]",
        "11:45: error: mistake function 'os.system' must be named mistake_… (letters, digits,"
        " '_'): no other function of a snippet is called [w]",
        "12:36: error: mistake 'both' has both a 'value' and a 'function': give one [w]",
        "12:46: error: snippet conv.py defines no function mistake_a() [w]",
        "13:9: error: mistake 'none' needs a 'value' or a 'function' that computes it [w]",
        "14:10: error: unknown key 'nam' in a mistake (name, explain, value, function) [w]",
        "15:16: error: a mistake needs a 'name' made of letters, digits, '-', '_' or '.' [w]",
        "16:9: error: mistake 'silent' needs an 'explain': why students give it [w]",
        "23:44: error: mistake 'fn': a 'function' needs the question's 'snippet' to run in [c]",
        "28:5: error: 'mistakes' are for judged questions, not open ones [o]",
        "33:15: error: 'mistakes' must be a list of mappings (name, explain, and a value or a"
        " function) [e]",
        "1 file, 4 questions: 11 errors, 0 warnings",
    ]


VALUES = """
questions:
  - id: w
    type: numeric
    prompt: "Width?"
    answer: 31
    tolerance: 0.5
    snippet: conv
    mistakes:
      - {name: close, explain: {en: "x", zh: "y"}, value: 31.4}
      - {name: word, explain: {en: "x", zh: "y"}, value: "abc"}
      - {name: gone, explain: {en: "x", zh: "y"}, function: mistake_missing}
      - {name: here, explain: {en: "x"}, function: mistake_here}
  - id: c
    type: choice
    prompt: "Pick"
    choices: [a, b, c]
    answer: A
    mistakes:
      - {name: far, explain: "x", value: D}
      - {name: key, explain: "x", value: a}
  - id: s
    type: shape
    prompt: "Shape?"
    answer: [1, 2]
    mistakes: [{name: key, explain: "x", value: [1, 2]}]
  - id: m
    type: multi
    prompt: "Pick"
    choices: [a, b, c]
    answer: [A, B]
    mistakes:
      - {name: key, explain: "x", value: BA}
      - {name: twice, explain: "x", value: [A, A]}
  - id: t
    type: text
    prompt: "Name"
    answer: [batch norm, BN]
    mistakes: [{name: key, explain: "x", value: "Batch  Norm"}]
"""


def test_lint_checks_fixed_values_against_the_type_and_the_key(tmp_path):
    snippet = "def answer(*, device='cpu'):\n    return 31\n\ndef mistake_here():\n    return 30\n"
    bank = write_bank(tmp_path, VALUES, {"conv": snippet})
    result = quiz("check", str(bank))
    assert result.exit_code == 1
    lines = [line.removeprefix(f"{bank}:") for line in result.output.splitlines()]
    assert lines == [
        "10:59: error: mistake 'close' has the value 31.4, which is judged right: a mistake"
        " must be a wrong answer [w]",
        "11:58: error: mistake 'word': a numeric mistake must be a finite number [w]",
        "12:61: error: snippet conv.py defines no function mistake_missing() [w]",
        "13:31: warning: 'explain' has no 'zh' text, which the rest of the bank has [w]",
        "20:42: error: mistake 'far': a choice mistake must be one letter from A to C [c]",
        "21:42: error: mistake 'key' has the value \"a\", which is judged right: a mistake must"
        " be a wrong answer [c]",
        "26:49: error: mistake 'key' has the value [1, 2], which is judged right: a mistake"
        " must be a wrong answer [s]",
        "33:42: error: mistake 'key' has the value \"BA\", which is judged right: a mistake"
        " must be a wrong answer [m]",
        "34:44: error: mistake 'twice': a multi mistake must be letters from A to C, none"
        " twice, such as [A, C] [m]",
        "39:49: error: mistake 'key' has the value \"Batch  Norm\", which is judged right: a"
        " mistake must be a wrong answer [t]",
        "1 file, 5 questions: 9 errors, 1 warning",
    ]


@pytest.mark.parametrize("name", ["__import__", "os.system", "answer.__globals__", "answer"])
def test_lint_refuses_a_function_that_is_not_a_mistake_function(tmp_path, name):
    bank = write_bank(
        tmp_path,
        f"""
        questions:
          - id: w
            type: numeric
            prompt: "Width?"
            answer: 31
            snippet: conv
            mistakes: [{{name: x, explain: "x", function: "{name}"}}]
        """,
        {"conv": "def answer(*, device='cpu'):\n    return 31\n"},
    )
    result = quiz("check", str(bank))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{bank}:8:50: error: mistake function {name!r} must be named mistake_… (letters,"
        " digits, '_'): no other function of a snippet is called [w]"
    )


def test_the_schema_describes_mistakes():
    result = quiz("schema")
    schema = json.loads(result.output)
    entry = schema["$defs"]["mistake"]
    assert set(entry["properties"]) == {"name", "explain", "value", "function"}
    assert entry["properties"]["function"]["pattern"] == "^mistake_[A-Za-z0-9_]+$"
    assert "mistakes" in schema["$defs"]["question"]["properties"]
    assert all(p.get("description") for p in entry["properties"].values())


@pytest.mark.parametrize(
    ("mistake", "qtype", "valid"),
    [
        ({"name": "ceil", "explain": "up", "value": 32}, "numeric", True),
        ({"name": "ceil", "explain": {"en": "up"}, "function": "mistake_ceil"}, "numeric", True),
        (
            {"name": "ceil", "explain": "up", "value": 32, "function": "mistake_ceil"},
            "numeric",
            False,
        ),
        ({"name": "ceil", "explain": "up"}, "numeric", False),
        ({"name": "ceil", "value": 32}, "numeric", False),
        ({"name": "ceil", "explain": "up", "function": "os.system"}, "numeric", False),
        ({"name": "a b", "explain": "up", "value": 32}, "numeric", False),
        ({"name": "ceil", "explain": "up", "value": 32, "why": 1}, "numeric", False),
        ({"name": "ceil", "explain": "up", "value": 32}, "open", False),
    ],
)
def test_the_schema_underlines_what_the_loader_refuses(mistake, qtype, valid):
    import jsonschema

    from quiz.bank.schema import bank_schema

    question = {"id": "q", "type": qtype, "prompt": "?", "answer": 31, "snippet": "s"}
    document = {"questions": [{**question, "mistakes": [mistake]}]}
    errors = list(jsonschema.Draft202012Validator(bank_schema()).iter_errors(document))
    assert (errors == []) is valid


# -- judging -------------------------------------------------------------------------------------


def test_a_numeric_mistake_is_named_within_the_tolerance(tmp_path):
    width = question(fixed_bank(tmp_path), "width")
    for typed in ("32", "32.4", "31.6"):
        judged = answers.judge(width, width.answer, typed, "en")
        assert (judged.correct, judged.mistake) == (False, "ceil")
        assert str(judged.note) == (
            "a common mistake: you rounded up: the last window that sticks out is not taken"
        )
    assert answers.judge(width, width.answer, "31.4", "en").correct
    assert answers.judge(width, width.answer, "33", "en").mistake is None
    chinese = answers.judge(width, width.answer, "32", "zh")
    assert chinese.note.values == {"explain": "你向上取整了：越出边界的最后一个窗口不算"}


def test_shape_choice_multi_and_text_mistakes_compare_as_their_keys(tmp_path):
    bank = fixed_bank(tmp_path)
    gap, bn, zero, dilated = (question(bank, q) for q in ("gap", "bn", "zero", "dilated"))
    assert answers.judge(gap, gap.answer, "32x512", "en").mistake == "flattened"
    assert answers.judge(gap, gap.answer, "(512, 32)", "en").mistake is None
    assert answers.judge(bn, bn.answer, "c", "en").mistake == "buffers"
    assert answers.judge(bn, bn.answer, "A", "en").mistake is None
    assert answers.judge(zero, zero.answer, "c b a", "en").mistake == "bn-free"
    assert answers.judge(zero, zero.answer, "A", "en").mistake is None
    assert answers.judge(dilated, dilated.answer, "Deconvolution", "en").mistake == "transposed"
    right = answers.judge(dilated, dilated.answer, "Atrous convolution", "en")
    assert (right.correct, right.mistake, right.note) == (True, None, None)


def test_a_shuffled_choice_names_the_mistake_in_the_letters_shown(tmp_path):
    bn = question(fixed_bank(tmp_path), "bn")
    order = next(o for n in range(50) if (o := shuffle.order(bn, n)).shown_letter("C") != "C")
    shown = order.shown_letter("C")
    judged = shuffle.judge(bn, bn.answer, order, shown, "en")
    assert (judged.correct, judged.mistake) == (False, "buffers")
    assert shuffle.judge(bn, bn.answer, order, "C", "en").mistake is None


def test_computed_values_replace_nothing_but_their_own_mistakes():
    q = Question(
        id="q",
        type="numeric",
        prompt={"*": "?"},
        answer=3,
        bank="b",
        file=Path("b.yaml"),
        line=1,
        mistakes=(
            Mistake("fixed", {"en": "a fixed slip"}, 10),
            Mistake("computed", {"en": "a computed slip"}, function="mistake_c"),
        ),
    )
    assert answers.mistake_values(q) == {"fixed": 10}
    assert answers.mistake_values(q, {"computed": 4}) == {"fixed": 10, "computed": 4}
    assert answers.mistake_values(q, {"computed": None}) == {"fixed": 10}
    values = answers.mistake_values(q, {"computed": 4})
    assert answers.judge(q, 3, "4", "en", values).mistake == "computed"
    assert answers.judge(q, 3, "4", "en").mistake is None  # not computed: not named
    assert answers.judge(q, 3, "10", "en", values).mistake == "fixed"


# -- the review and its log ----------------------------------------------------------------------


def logged(question_id: str) -> list[tuple[str | None, bool | None, str | None]]:
    return [(r.answer, r.correct, r.mistake) for r in Store(database_path()).history(question_id)]


def test_a_piped_review_names_the_mistake_and_logs_it(tmp_path):
    bank = fixed_bank(tmp_path)
    result = quiz("review", "--bank", str(bank), "--limit", "2", input="32\n\n32x512\n\n")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    text = " ".join(result.output.split())
    assert (
        "✗ Wrong a common mistake: you rounded up: the last window that sticks out is not"
        " taken Answer: 31" in text
    )
    assert "✗ Wrong a common mistake: the pooled H and W stay, as 1" in text
    assert logged("width") == [("32", False, "ceil")]
    assert logged("gap") == [("32x512", False, "flattened")]


def test_a_piped_review_in_chinese_names_the_mistake_in_chinese(tmp_path):
    bank = fixed_bank(tmp_path)
    result = quiz("review", "--bank", str(bank), "--limit", "1", "--lang", "zh", input="32\n\n")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "✗ 错误 常见错误：你向上取整了：越出边界的最后一个窗口不算 答案：31" in text
    assert logged("width") == [("32", False, "ceil")]


def test_a_right_answer_and_an_unknown_wrong_one_log_no_mistake(tmp_path):
    bank = fixed_bank(tmp_path)
    quiz("review", "--bank", str(bank), "--limit", "1", input="31\n\n")
    quiz(
        "review", "--bank", str(bank), "--limit", "1", input="40\n\n", **{"QUIZ_NOW": "2030-01-01"}
    )
    assert logged("width") == [("31", True, None), ("40", False, None)]


def test_the_exported_log_keeps_the_mistake(tmp_path):
    bank = fixed_bank(tmp_path)
    quiz("review", "--bank", str(bank), "--limit", "1", input="32\n\n")
    assert quiz("export", "log", str(tmp_path / "log.csv")).exit_code == 0
    header, row = (tmp_path / "log.csv").read_text().splitlines()
    assert header.endswith(",undoes,mistake") and row.endswith(",ceil")
    assert quiz("export", "log", str(tmp_path / "log.jsonl")).exit_code == 0
    assert json.loads((tmp_path / "log.jsonl").read_text())["mistake"] == "ceil"


def test_the_mistake_column_comes_by_migration_and_survives_undo(tmp_path, store):
    columns = [row[1] for row in store.conn.execute("PRAGMA table_info(reviews)")]
    assert "mistake" in columns
    from quiz.migrations import NAMES

    assert "m010_review_mistake" in NAMES
    recorded = store.record(
        "q", 1, now=NOW, day=TODAY, answer="32", correct=False, mistake="ceil",
        schedule=policy.apply,
    )  # fmt: skip
    assert store.review(recorded.review_id).mistake == "ceil"
    assert store.mistake_counts() == [("q", "ceil", 1)]
    store.undo(recorded.review_id, now=NOW, day=TODAY)
    assert store.mistake_counts() == []


def test_quiz_judge_names_a_fixed_mistake(tmp_path):
    bank = fixed_bank(tmp_path)
    result = quiz("judge", "width", "32", "--bank", str(bank), "--json")
    assert result.exit_code == 1
    verdict = json.loads(result.output)
    assert verdict["mistake"] == "ceil" and verdict["verdict"] == "wrong"


# -- stats and the mistakes drill ----------------------------------------------------------------


def history(bank: Path, rows: list[tuple[str, bool, str | None, dict | None, str]]) -> Store:
    store = Store(database_path())
    for qid, correct, mistake, variant, day in rows:
        store.record(
            qid,
            4 if correct else 1,
            now=NOW,
            day=date.fromisoformat(day),
            correct=correct,
            mistake=mistake,
            variant=variant,
            schedule=policy.apply,
        )
    return store


def test_stats_lists_frequent_mistakes_and_error_rates_by_param_value(tmp_path):
    bank = drill_bank(tmp_path)
    fixed = fixed_bank(tmp_path)
    wide, narrow = {"size": 8, "stride": 2}, {"size": 7, "stride": 2}
    rows = [("conv-w", False, "ceil", wide, f"2026-11-{d:02d}") for d in (1, 2, 3)]
    rows += [("conv-w", False, "no-stride", narrow, "2026-11-04")]
    rows += [("conv-w", True, None, narrow, f"2026-11-{d:02d}") for d in (5, 6, 7)]
    rows += [("width", False, "ceil", None, "2026-11-08")]
    history(bank, rows)
    result = quiz("stats", "--bank", str(bank), "--bank", str(fixed), **ON_TODAY)
    assert result.exit_code == 0, result.output
    text = result.output
    assert (
        "Your most frequent mistakes:\n"
        "    3× conv-w (ceil): you rounded up: the last window that sticks out is not taken\n"
        "    1× conv-w (no-stride): you forgot the stride\n"
        "    1× width (ceil): you rounded up: the last window that sticks out is not taken\n"
    ) in text
    assert (
        "Wrong answers by parameter value (at least 3 answers):\n"
        "    conv-w: size 8: 3 of 3 wrong\n"
        "    conv-w: stride 2: 4 of 7 wrong\n"
        "    conv-w: size 7: 1 of 4 wrong\n"
    ) in text
    figures = json.loads(quiz("stats", "--bank", str(bank), "--json", **ON_TODAY).output)
    assert figures["mistakes"][0] == {
        "question": "conv-w",
        "mistake": "ceil",
        "count": 3,
        "explain": {
            "en": "you rounded up: the last window that sticks out is not taken",
            "zh": "你向上取整了：越出边界的最后一个窗口不算",
        },
    }
    assert figures["error_rates"][0] == {
        "question": "conv-w", "param": "size", "value": 8, "wrong": 3, "attempts": 3,
    }  # fmt: skip
    chinese = quiz("stats", "--bank", str(bank), "--lang", "zh", **ON_TODAY).output
    assert (
        "你最常犯的错误：\n    3× conv-w（ceil）：你向上取整了：越出边界的最后一个窗口不算"
        in chinese
    )
    assert "    conv-w：size 8：3 次中错 3 次" in chinese


def test_review_mistakes_drills_the_questions_of_the_top_mistakes(tmp_path):
    bank = fixed_bank(tmp_path)
    store = history(
        bank,
        [
            ("gap", False, "flattened", None, "2026-11-20"),
            ("gap", False, "flattened", None, "2026-11-21"),
            ("gap", True, None, None, "2026-11-25"),
            ("gap", True, None, None, "2026-11-26"),  # now due in 6 days
            ("width", False, "ceil", None, "2026-11-22"),  # due since 11-23
            ("bn", True, None, None, "2026-11-22"),  # due, but no mistake: not drilled
        ],
    )
    before = store.cards(["gap", "width"])
    assert before["width"].due_day <= TODAY < before["gap"].due_day
    typed = "32x512x1x1\n\n31\n\n"
    result = quiz("review", "--mistakes", "--bank", str(bank), input=typed, **ON_TODAY)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    # The most mistakes first, the one not due as a drill that keeps its schedule.
    assert "[1/2] fixed (mistakes drill)" in text and "[2/2] fixed (due)" in text
    assert text.index("Shape of nn.AdaptiveAvgPool2d") < text.index("A 64-wide input")
    assert "A mistakes drill: its grade leaves the schedule as it is." in text
    after = Store(database_path())
    assert [r.kind for r in after.history("gap")][-1] == "drill"
    assert [r.kind for r in after.history("width")][-1] == "review"
    # A drill notes the question's content hash, and moves nothing else.
    assert replace(after.card("gap"), content_hash=None) == before["gap"]
    assert after.card("width").due_day > TODAY
    assert len(after.history("bn")) == 1


def test_review_mistakes_with_none_logged_says_so(tmp_path):
    bank = fixed_bank(tmp_path)
    result = quiz("review", "--mistakes", "--bank", str(bank), input="")
    assert result.exit_code == 0
    assert "No mistakes to drill: no answer logged in these banks was one of a question's" in (
        " ".join(result.output.split())
    )


# -- computed mistakes: the worker, the prover, check --run --------------------------------------


@pytest.mark.slow
def test_check_run_proves_each_mistake_differs_from_the_key(tmp_path):
    bank = drill_bank(tmp_path)
    result = quiz("check", str(bank), "--run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "1 file, 1 question: 0 errors, 0 warnings; 2 proofs: 2 ✓, 0 ✗; 4 mistake values: 4 ✓, 0 ✗"
    )
    assert "ceil=—, no-stride=5" in result.output and "ceil=4, no-stride=6" in result.output
    proofs = json.loads(quiz("check", str(bank), "--run", "--format", "json").output)["proofs"]
    assert proofs[0]["mistakes"] == [
        {"name": "ceil", "value": None, "passed": True, "message": None},
        {"name": "no-stride", "value": 5, "passed": True, "message": None},
    ]


@pytest.mark.slow
def test_check_run_fails_a_mistake_that_is_the_key(tmp_path):
    bank = write_bank(
        tmp_path / "course",
        DRILL.replace("mistake_no_stride", "mistake_as_key"),
        {"conv": CONV},
    )
    quiz("trust", str(bank))
    result = quiz("check", str(bank), "--run")
    assert result.exit_code == 1
    assert (
        f"✗ {bank}:3: conv-w#0: mistake 'no-stride' gives 3, which is judged right: a mistake"
        " must be a wrong answer"
    ) in result.output
    assert result.output.splitlines()[-1] == (
        "1 file, 1 question: 0 errors, 0 warnings; 2 proofs: 0 ✓, 2 ✗; 4 mistake values: 2 ✓, 2 ✗"
    )
    summary = json.loads(quiz("check", str(bank), "--run", "--format", "json").output)["summary"]
    assert (summary["mistakes_checked"], summary["mistakes_failed"]) == (4, 2)


@pytest.mark.slow
def test_a_computed_mistake_is_named_in_the_review_and_cached_by_function(tmp_path):
    bank = drill_bank(tmp_path)
    result = quiz("review", "--bank", str(bank), input="4\n\n5\n\n:q\n")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "a common mistake: you rounded up: the last window that sticks out is not taken" in text
    assert "a common mistake: you forgot the stride" in text
    assert [m for _, _, m in logged("conv-w")] == ["ceil", "no-stride"]
    store = Store(database_path())
    digest = Snippet.read(bank.parent / "snippets" / "conv.py").digest
    args = {"size": 8, "stride": 2}
    assert store.cached_key(digest, args) == 3
    assert store.cached_key(digest, args, function="mistake_ceil") == 4
    assert store.cached_key(digest, args, function="mistake_no_stride") == 6


@pytest.mark.slow
def test_a_fixed_key_question_computes_its_mistakes_for_the_review(tmp_path):
    bank = write_bank(
        tmp_path / "course",
        """
        questions:
          - id: fixed-width
            type: numeric
            prompt: "An 8-wide input, kernel 3, stride 2. Output width?"
            answer: 3
            snippet: {name: conv, args: {size: 8, stride: 2}}
            mistakes:
              - {name: ceil, function: mistake_ceil, explain: "you rounded up"}
        """,
        {"conv": CONV},
    )
    quiz("trust", str(bank))
    # The first card's key needs no worker: its mistake is computed after the card shows.
    result = quiz("review", "--bank", str(bank), input="4\n\n")
    assert result.exit_code == 0, result.output
    assert "✗ Wrong a common mistake: you rounded up Answer: 3" in " ".join(result.output.split())
    assert [m for _, _, m in logged("fixed-width")] == ["ceil"]


@pytest.mark.slow
def test_prover_mistakes_leaves_out_what_is_not_done_in_time(tmp_path):
    slow = (
        CONV
        + "\n    def mistake_slow(size=7, stride=2):\n        import time\n        time.sleep(60)\n"
    )
    bank = write_bank(
        tmp_path / "course",
        DRILL.replace("mistake_no_stride", "mistake_slow"),
        {"conv": slow},
    )
    quiz("trust", str(bank))
    loaded = Catalog()
    loaded.add(load_file(bank))
    conv = loaded.questions["conv-w"]
    with Prover(loaded, Store(database_path()), device="cpu") as prover:
        started = time.monotonic()
        values = prover.mistakes(conv, {"size": 8, "stride": 2}, wait=15)
        assert time.monotonic() - started < 30
    assert values == {"ceil": 4}


# -- attacks on the function a bank names --------------------------------------------------------

ATTACKS = """
    import os, subprocess, sys, time

    def answer(*, device="cpu"):
        return 1

    mistake_alias = os.system

    def mistake_hangs(pidfile=""):
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        with open(pidfile, "w") as f:
            f.write(str(child.pid))
        time.sleep(600)

    def mistake_floods():
        for _ in range(200):
            print("x" * 10_000)
        return 2

    def mistake_daemon(pidfile=""):
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                open(pidfile, "w").write(str(os.getpid()))
                time.sleep(120)
            os._exit(0)
        os.wait()
        while not os.path.exists(pidfile):
            time.sleep(0.01)
        return 3

    def mistake_device(*, device="cpu"):
        return device
"""


@pytest.fixture(scope="module")
def worker():
    running = Worker(jobs=2).start()
    running.wait_ready()
    yield running
    running.close()


@pytest.fixture
def attacks(tmp_path) -> Snippet:
    path = tmp_path / "attacks.py"
    path.write_text(textwrap.dedent(ATTACKS))
    return Snippet.read(path)


def alive(pid: int) -> bool:
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["__import__", "os.system", "answer.__globals__", "exec", "mistake_x; import os"]
)
def test_the_worker_refuses_to_call_anything_but_a_mistake_function(worker, attacks, name):
    outcome = worker.run(attacks, {"command": "touch /tmp/x"}, device="cpu", function=name)
    assert not outcome.ok
    assert outcome.error == (
        f"refused to call {name!r}: only answer() and mistake_…() functions run"
    )


@pytest.mark.slow
def test_the_worker_calls_only_a_function_the_snippet_defines(worker, attacks, tmp_path):
    marker = tmp_path / "marker"
    outcome = worker.run(
        attacks, {"command": f"touch {marker}"}, device="cpu", function="mistake_alias"
    )
    assert (outcome.ok, outcome.error) == (False, "the snippet defines no function mistake_alias()")
    assert not marker.exists()
    missing = worker.run(attacks, {}, device="cpu", function="mistake_missing")
    assert missing.error == "the snippet defines no function mistake_missing()"
    assert worker.run(attacks, {}, device="cpu", function="mistake_device").value == "cpu"


@pytest.mark.slow
def test_a_hanging_mistake_function_is_killed_with_its_children(worker, attacks, tmp_path):
    pidfile = tmp_path / "child.pid"
    started = time.monotonic()
    outcome = worker.run(
        attacks, {"pidfile": str(pidfile)}, device="cpu", timeout=1.5, function="mistake_hangs"
    )
    assert outcome.error == "ran past the 1.5 s timeout and was killed"
    assert time.monotonic() - started < 10
    assert not alive(int(pidfile.read_text()))


@pytest.mark.slow
def test_a_flooding_mistake_function_is_capped(worker, attacks):
    outcome = worker.run(attacks, {}, device="cpu", function="mistake_floods")
    assert outcome.ok and outcome.value == 2
    assert len(outcome.output) == 200_000 and outcome.dropped == 200 * 10_001 - 200_000


@pytest.mark.slow
def test_a_forking_mistake_function_leaves_no_daemon(worker, attacks, tmp_path):
    pidfile = tmp_path / "daemon.pid"
    outcome = worker.run(
        attacks, {"pidfile": str(pidfile)}, device="cpu", function="mistake_daemon"
    )
    assert outcome.ok and outcome.value == 3
    assert not alive(int(pidfile.read_text()))
