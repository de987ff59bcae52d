"""`quiz judge` prints what the review would say and exits 0 only when right; `examples:`
in a bank are judged by `quiz check`, so an alias that stops matching fails like a test."""

from __future__ import annotations

import json
import textwrap

import pytest

from conftest import quiz


@pytest.mark.parametrize(
    ("typed", "first_line", "grade_line", "status"),
    [
        ("dying ReLUs", "✓ Right", "Suggested grade: 4 (Enter keeps it)", 0),
        ("sigmoid", "✗ Wrong", "Suggested grade: 1 (Enter keeps it)", 1),
        (
            "dying ReLU in deep networks",
            "≈ Probably right",
            "Suggested grade: none, the student grades it (0-5)",
            1,
        ),
    ],
)
def test_judge_says_what_the_review_would(typed, first_line, grade_line, status):
    result = quiz("judge", "activations-dying-relu", typed)
    lines = result.output.splitlines()
    assert result.exit_code == status
    assert lines[0] == first_line
    assert "Answer: dying ReLU" in lines
    assert lines[-1] == grade_line


def test_judge_json():
    result = quiz("judge", "activations-dying-relu", "dying ReLU in deep nets", "--json")
    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "question": "activations-dying-relu",
        "answer": "dying ReLU in deep nets",
        "verdict": "probably right",
        "note": "it holds the key's term: read the model answer and grade it yourself",
        "mistake": None,
        "key": "dying ReLU",
        "suggested_grade": None,
    }


def test_an_unreadable_answer_is_not_graded():
    result = quiz("judge", "conv-out-drill", "twelve", "--variant", "0", "--json")
    assert result.exit_code == 1
    verdict = json.loads(result.output)
    assert verdict["verdict"] == "unreadable"
    assert verdict["note"] == "'twelve' is not a number (try 28, 0.25, 1.2e3 or 23.5M)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["activations-vanish-explode-open", "x"],
            "error: activations-vanish-explode-open is an open question: the student grades"
            " it, not the judge",
        ),
        (["activations-dying-relu", "x", "--variant", "1"], "not parametric"),
        (["conv-out-drill", "1", "--variant", "100000"], "conv-out-drill has 48 variants"),
        (["activations-dyingrelu", "x"], "did you mean 'activations-dying-relu'?"),
    ],
)
def test_judge_refusals_are_one_line(args, message):
    result = quiz("judge", *args)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.slow
def test_judge_a_parametric_question_against_its_snippet_key():
    """The key of a variant is computed by the snippet, as in the review."""
    right = json.loads(quiz("judge", "conv-out-drill", "0", "--variant", "3", "--json").output)
    key = right["key"]
    result = quiz("judge", "conv-out-drill", key, "--variant", "3")
    assert result.exit_code == 0 and result.output.startswith("✓ Right")


def write(tmp_path, text):
    path = tmp_path / "ex.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_check_judges_the_examples_at_their_lines(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: ex
        questions:
          - id: ex-nms
            type: text
            prompt: Which step removes duplicate boxes?
            answer:
              en: [non-maximum suppression, NMS]
              zh: [非极大值抑制]
            examples:
              right: ["Non-maximum suppression (NMS)", "非极大值抑制算法", "max pooling"]
              wrong: ["suppression", "non-maximum suppression of the boxes", "nms"]
          - id: ex-num
            type: numeric
            prompt: What is 2 to the 10th?
            answer: 1024
            examples:
              right: ["2^10", "1,024", "2¹⁰"]
              wrong: ["abc", "1000"]
        """,
    )
    result = quiz("check", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:10:60: error: example 'max pooling' is listed as right, but the judge says"
        " wrong [ex-nms]",
        f"{path}:11:70: error: example 'nms' is listed as wrong, but the judge says right [ex-nms]",
        "1 file, 2 questions: 2 errors, 0 warnings",
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    examples: [a]\n", "'examples' must be a mapping with 'right' and 'wrong' lists"),
        ("    examples: {right: a}\n", "examples 'right' must be a list of strings"),
        ("    examples: {maybe: [a]}\n", "'examples' must be a mapping with 'right' and"),
    ],
)
def test_malformed_examples_are_errors(tmp_path, extra, message):
    text = "bank: ex\nquestions:\n  - id: q\n    type: text\n    prompt: P\n"
    text += "    answer: [a, b]\n" + extra
    path = tmp_path / "ex.yaml"
    path.write_text(text, encoding="utf-8")
    result = quiz("check", str(path))
    assert result.exit_code == 1 and message in result.output


def test_examples_need_a_fixed_key(tmp_path):
    text = (
        "bank: ex\nquestions:\n  - id: q\n    type: numeric\n    prompt: 'n={n}'\n"
        "    answer: snippet\n    snippet: s\n    params: {n: [1, 2]}\n"
        "    examples: {right: ['1']}\n"
    )
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "s.py").write_text("def answer(n, *, device='cpu'):\n    return n\n")
    path = tmp_path / "ex.yaml"
    path.write_text(text, encoding="utf-8")
    result = quiz("check", str(path))
    assert "'examples' need a fixed key" in result.output and result.exit_code == 1


def test_a_single_accepted_text_answer_is_warned(tmp_path):
    path = write(
        tmp_path,
        """\
        bank: ex
        questions:
          - id: one
            type: text
            prompt: One?
            answer: [only]
          - id: regex
            type: text
            prompt: Two?
            answer: ['adam(w)?']
            match: regex
        """,
    )
    result = quiz("check", str(path))
    assert result.output.splitlines()[0] == (
        f"{path}:6:13: warning: a text question with a single accepted answer: list the"
        " variants students write (synonyms, the abbreviation, each language) [one]"
    )
    assert result.output.splitlines()[-1] == "1 file, 2 questions: 0 errors, 1 warning"


def test_the_review_leaves_a_probably_right_answer_to_the_student(tmp_path):
    """No grade is offered with Enter, and the log keeps no verdict: the student's grade."""
    from quiz.paths import database_path
    from quiz.store import Store

    path = write(
        tmp_path,
        """\
        bank: ex
        questions:
          - id: ex-dying
            type: text
            prompt: What is it called when ReLU units output 0 for every input?
            answer: [dying ReLU, dead ReLU]
        """,
    )
    typed = "the dying ReLU of deep nets"
    result = quiz("review", "--bank", str(path), input=f"{typed}\n\n3\n")
    lines = result.output.splitlines()
    assert "≈ Probably right" in lines
    assert "it holds the key's term: read the model answer and grade it yourself" in lines
    assert any(line.startswith("Grade (0-5) › ") for line in lines)  # nothing kept by Enter
    [row] = Store(database_path()).history("ex-dying")
    assert (row.answer, row.correct, row.grade) == (typed, None, 3)
