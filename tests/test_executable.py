"""Code and predict questions: their format, their checks, and how they are judged in the
review, the exam and `quiz judge`, with real runs in the snippet worker."""

from __future__ import annotations

import json
import re
import stat
import sys
import textwrap
from pathlib import Path

import pexpect
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO, child_env, quiz, write_bank
from quiz.bank.catalog import load_file
from quiz.errors import BankError
from quiz.model import Question
from quiz.paths import database_path
from quiz.schedule import answers, params
from quiz.snippets import worker
from quiz.store import Store

ADD = """\
def answer(a, b, *, device="cpu"):
    return a + b


def random_case(rng):
    return {"a": rng.randint(-9, 9), "b": rng.randint(-9, 9)}
"""

SOFTMAX = """\
import torch


def answer(x, *, device="cpu"):
    return torch.softmax(x, dim=-1)


def random_case(rng):
    return {"x": [[rng.uniform(-5, 5) for _ in range(4)] for _ in range(2)]}


def prepare(case, *, device="cpu"):
    return {"x": torch.tensor(case["x"], dtype=torch.float32, device=device)}
"""

QUESTIONS = """\
bank: lab
questions:
  - id: add-code
    type: code
    prompt: Write add(a, b).
    starter: |
      def add(a, b):
          \"\"\"Return a + b.\"\"\"
    snippet: add
    cases:
      - {a: 1, b: 2}
      - {a: -3, b: 3}
    random_cases: 8
    wrong:
      - |
        def add(a, b):
            return a - b
  - id: softmax-code
    type: code
    prompt: Write softmax(x) over the last dim.
    starter: |
      def softmax(x):
          \"\"\"x: a tensor. Softmax over the last dim.\"\"\"
    snippet: softmax
    cases:
      - {x: [[1000.0, 1000.0]]}
    random_cases: 5
    tolerance: 1.0e-5
    rel_tol: 1.0e-4
    wrong:
      - |
        def softmax(x):
            e = x.exp()
            return e / e.sum()
  - id: shape-predict
    type: predict
    prompt: What does this print?
    code: |
      import torch
      print(torch.zeros({n}, 3).shape)
    params: {n: [2, 4]}
  - id: view-predict
    type: predict
    prompt: What does this print?
    code: |
      import torch
      x = torch.arange(6).reshape(2, 3).t()
      print(x.view(6))
"""

RIGHT_SOFTMAX = """\
import torch


def softmax(x):
    shifted = x - x.max(dim=-1, keepdim=True).values
    e = shifted.exp()
    return e / e.sum(dim=-1, keepdim=True)
"""


@pytest.fixture
def lab(tmp_path) -> Path:
    bank = write_bank(tmp_path / "course", QUESTIONS, {"add": ADD, "softmax": SOFTMAX})
    assert quiz("trust", str(bank)).exit_code == 0
    return bank


def refusal(path: Path) -> str:
    with pytest.raises(BankError) as info:
        load_file(path)
    return str(info.value)


def one_question(tmp_path: Path, body: str, snippets: dict[str, str] | None = None) -> Path:
    text = "bank: demo\nquestions:\n  - id: q1\n" + textwrap.indent(textwrap.dedent(body), "    ")
    return write_bank(tmp_path, text, snippets or {"add": ADD}, name="demo")


# -- the format ------------------------------------------------------------------------------


def test_a_code_and_a_predict_question_load_with_their_code(lab):
    bank = load_file(lab)
    add = bank.questions[0]
    assert add.type == "code" and add.code is not None
    assert add.code.function == "add" and add.code.random_cases == 8
    assert add.code.cases == ({"a": 1, "b": 2}, {"a": -3, "b": 3})
    assert [line for _, line in add.code.wrong] == [15]
    predict = bank.questions[2]
    assert predict.key_from_snippet and predict.code.block.startswith("import torch")


CODE = """\
type: code
prompt: Write add.
starter: "def add(a, b):\\n    pass\\n"
snippet: add
cases: [{a: 1, b: 2}]
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (CODE.replace("snippet: add\n", ""), "3: missing 'snippet': a code question's answer()"),
        (CODE.replace('starter: "def add(a, b):\\n    pass\\n"\n', ""), "3: missing 'starter'"),
        (
            CODE.replace("def add(a, b):", "def add(a, b)"),
            "'starter' does not parse as Python at its line 1",
        ),
        (CODE.replace('"def add(a, b):\\n    pass\\n"', "x = 1"), "must begin the function"),
        (CODE.replace("cases: [{a: 1, b: 2}]\n", ""), "needs 'cases' or 'random_cases'"),
        (CODE + "answer: 3\n", "a code question has no 'answer'"),
        (CODE + "params: {n: [1]}\n", "draws its inputs from 'cases', not 'params'"),
        (CODE + "random_cases: -1\n", "'random_cases' must be a whole number from 0 to 1000"),
        (
            CODE.replace("[{a: 1, b: 2}]", "[[1, 2]]"),
            "each case must map the function's argument names",
        ),
        (CODE + "wrong: ['def sub(a, b): pass']\n", "wrong solution 1 defines no function add()"),
        (CODE + "wrong: ['def add(a, b) pass']\n", "wrong solution 1 does not parse"),
        (CODE + "code: print(1)\n", "'code' does not belong to code questions"),
        (
            "type: numeric\nprompt: x?\nanswer: 1\nstarter: 'def f(): pass'\n",
            "'starter' only belongs to code questions",
        ),
        ("type: predict\nprompt: x?\n", "shows 'code' (inline) or a 'snippet'"),
        ("type: predict\nprompt: x?\ncode: print(1\n", "'code' does not parse as Python"),
        (
            "type: predict\nprompt: x?\ncode: print({n})\nparams: {n: [a]}\n",
            "param 'n' of a predict question must be numbers",
        ),
        (
            "type: predict\nprompt: x?\ncode: print(1)\nparams: {n: [1, 2]}\n",
            "param 'n' is never used in the prompt",
        ),
        ("type: predict\nprompt: x?\ncode: print(1)\nanswer: 1\n", "has no 'answer'"),
        (
            "type: predict\nprompt: x?\ncode: print({device})\nparams: {device: [1]}\n",
            "'device' is the device a predict block runs on",
        ),
        (
            CODE.replace("{a: 1, b: 2}", "{a: 1, c: 2}"),
            "case 1 gives 'c', which add() does not take",
        ),
    ],
)
def test_refuses_a_bad_code_or_predict_question(tmp_path, body, message):
    assert message in refusal(one_question(tmp_path, body))


def test_a_predict_block_may_use_braces_of_its_own(tmp_path):
    body = "type: predict\nprompt: x?\ncode: 'd = {\"k\": {n}}; print(d)'\nparams: {n: [1, 2]}\n"
    [question] = load_file(one_question(tmp_path, body)).questions
    assert params.fill_code(question.code.block, {"n": 2}) == 'd = {"k": 2}; print(d)'


def test_check_finds_a_missing_reference_and_random_case_generator(tmp_path):
    body = CODE + "random_cases: 3\n"
    path = one_question(tmp_path, body, {"add": "def plus(a, b):\n    return a + b\n"})
    result = quiz("check", str(path))
    assert result.exit_code == 1
    assert "snippet add.py defines no function answer()" in result.output
    assert "snippet add.py defines no function random_case()" in result.output


@given(
    st.text(alphabet="{}abn_ 0123456789()=+\n", max_size=60),
    st.dictionaries(
        st.sampled_from(["n", "a", "b_1"]),
        st.one_of(st.integers(-(10**6), 10**6), st.floats(allow_nan=False), st.text(max_size=5)),
    ),
)
def test_the_worker_fills_a_block_exactly_as_the_screen_shows_it(source, values):
    assert worker.fill_code(source, values) == params.fill_code(source, values)


def test_a_string_never_becomes_code_in_a_block():
    assert params.fill_code("print({n})", {"n": "__import__('os')"}) == "print({n})"
    assert params.fill_code("print({n})", {"n": True}) == "print({n})"
    assert params.fill_code("print({n})", {"n": 2.5}) == "print(2.5)"


# -- judging a prediction --------------------------------------------------------------------


def predict_question(**changes) -> Question:
    fields = {"id": "p", "type": "predict", "prompt": {"*": "?"}, "answer": "snippet", "bank": "b"}
    fields.update(file=Path("b.yaml"), line=1)
    fields.update(changes)
    return Question(**fields)


@pytest.mark.parametrize(
    ("printed", "typed", "right"),
    [
        ("0.3333", "0.3333", True),
        ("0.3333", "1/3", True),
        ("0.3333", "0.33", False),
        ("tensor(0.2500)", "0.25", True),
        ("tensor(3)", "3", True),
        ("4", "4.0", True),
        ("torch.Size([2, 3])", "(2, 3)", True),
        ("torch.Size([2, 3])", "2x3", True),
        ("torch.Size([2, 3])", "torch.Size([2, 3])", True),
        ("torch.Size([2, 3])", "(3, 2)", False),
        ("torch.float32", "torch.float32", True),
        ("torch.float32", "TORCH.FLOAT32", True),
        ("torch.float32", "torch.int64", False),
        ("torch.float32", "float32", True),
        ("torch.Size([2])", "Size([2])", True),
        ("tensor([2, 0])", "tensor([2,0])", True),
        ("True", "true", True),
        ("True", "error: RuntimeError", False),
    ],
)
def test_a_prediction_of_what_is_printed(printed, typed, right):
    key = answers.key_from_value(predict_question(), {"output": printed, "device": "cpu"})
    assert answers.judge(predict_question(), key, typed).correct is right


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("error: RuntimeError", True),
        ("RuntimeError", True),
        ("raises RuntimeError", True),
        ("error: torch.RuntimeError", True),
        ("error: runtimeerror", True),
        ("错误: RuntimeError", True),
        ("error: Exception", False),
        ("error: ValueError", False),
        ("tensor([0, 3, 1, 4, 2, 5])", False),
    ],
)
def test_a_prediction_of_the_exception_raised(typed, right):
    value = {"error": "RuntimeError", "bases": ["Exception"], "device": "cpu"}
    key = answers.key_from_value(predict_question(), value)
    judged = answers.judge(predict_question(), key, typed)
    assert judged.correct is right
    if typed.startswith("tensor"):
        assert judged.note == "it does not print: it raises"


def test_a_key_computed_on_a_gpu_says_so():
    key = {"output": "cuda:0", "device": "cuda"}
    assert answers.format_key(predict_question(), key, None) == "cuda:0  (on cuda)"
    assert answers.format_key(predict_question(), {"error": "KeyError"}, None) == "error: KeyError"


def test_an_empty_prediction_is_asked_again():
    key = {"output": "1", "device": "cpu"}
    with pytest.raises(answers.Unparseable):
        answers.judge(predict_question(), key, "  ")


# -- real runs: check --run, judge --file -----------------------------------------------------


@pytest.mark.slow
def test_check_run_proves_references_wrong_solutions_and_predict_keys(lab):
    result = quiz("check", "--run", str(lab), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    proofs = {(p["question"], p.get("wrong", p["variant"])): p for p in report["proofs"]}
    assert all(p["passed"] for p in report["proofs"])
    assert ("add-code", 1) in proofs and ("softmax-code", 1) in proofs
    assert proofs[("add-code", 0)]["message"] == "the reference passes all 10 cases"
    assert proofs[("add-code", 1)]["message"] == "fails case 1, as a wrong solution must"
    assert proofs[("view-predict", None)]["key"] == {"error": "RuntimeError", "device": "cpu"}
    assert proofs[("shape-predict", 1)]["key"] == {"output": "torch.Size([4, 3])", "device": "cpu"}


@pytest.mark.slow
def test_check_run_fails_a_wrong_solution_the_cases_cannot_catch(tmp_path):
    body = CODE + "wrong:\n  - |\n    def add(b, a):\n        return b + a\n"
    path = one_question(tmp_path, body)
    assert quiz("trust", str(path)).exit_code == 0
    result = quiz("check", "--run", str(path))
    assert result.exit_code == 1
    assert (
        "q1[wrong 1]: passes all 1 cases: they cannot tell this wrong solution from the reference"
        in " ".join(result.output.split())
    )


@pytest.mark.slow
def test_check_run_fails_a_reference_that_raises_and_a_block_that_hangs(tmp_path):
    text = """\
    bank: demo
    questions:
      - id: broken
        type: code
        prompt: Write add.
        starter: "def add(a, b):\\n    pass\\n"
        snippet: add
        cases: [{a: 1, b: 0}]
      - id: hangs
        type: predict
        prompt: What does this print?
        code: "while True: pass"
      - id: floods
        type: predict
        prompt: What does this print?
        code: "print('x' * 10**7)"
      - id: forks
        type: predict
        prompt: What does this print?
        code: "import os, time\\nif os.fork() == 0:\\n    time.sleep(600)\\nprint(1)"
    """
    broken = "def answer(a, b, *, device='cpu'):\n    return a / b\n"
    path = write_bank(tmp_path, text, {"add": broken}, name="demo")
    assert quiz("trust", str(path)).exit_code == 0
    result = quiz("check", "--run", "--timeout", "2", str(path))
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "the reference answer() raised ZeroDivisionError: division by zero on case 1" in output
    assert "hangs: ran past the 2 s timeout and was killed" in output
    assert "floods: printed more than 20,000 characters: too much to predict" in output
    # A block whose child would sleep on ends when it prints: the child is killed with it.
    assert "forks: " not in output and re.search(r"forks\s+—\s+\{", output) is None


@pytest.mark.slow
def test_inline_code_runs_only_once_trusted_and_asks_again_when_edited(tmp_path):
    path = write_bank(tmp_path, QUESTIONS, {"add": ADD, "softmax": SOFTMAX})
    assert quiz("trust", str(path)).exit_code == 0
    text = path.read_text().replace("print(x.view(6))", "print(x.view(3, 2))")
    path.write_text(text)
    result = quiz("check", "--run", str(path))
    assert result.exit_code == 1
    assert "view-predict (code) of bank lab is not trusted" in " ".join(result.output.split())
    listed = quiz("trust", "--list").output
    assert "lab.yaml: add-code (wrong 1)" in listed and "lab.yaml: view-predict (code)" in listed


@pytest.mark.slow
def test_judge_file_runs_a_solution_on_the_cases(lab, tmp_path):
    right = tmp_path / "right.py"
    right.write_text(RIGHT_SOFTMAX)
    result = quiz("judge", "softmax-code", "--file", str(right), "--bank", str(lab))
    assert result.exit_code == 0, result.output
    assert "✓ Right" in result.output and "all 6 cases pass" in result.output
    naive = "def softmax(x):\n    return x.exp() / x.exp().sum(dim=-1, keepdim=True)\n"
    result = quiz("judge", "softmax-code", "--file", "-", "--json", "--bank", str(lab), input=naive)
    assert result.exit_code == 1
    verdict = json.loads(result.output)
    assert verdict["verdict"] == "wrong" and verdict["failure"]["case"] == "case 1"
    assert verdict["failure"]["inputs"] == "x=[[1000.0, 1000.0]]"
    assert "nan" in verdict["failure"]["got"]
    raising = "def softmax(x):\n    y = x * 2\n    return y.nope()\n"
    result = quiz("judge", "softmax-code", "-f", "-", "--json", "--bank", str(lab), input=raising)
    failure = json.loads(result.output)["failure"]
    assert failure["error"] == "AttributeError: 'Tensor' object has no attribute 'nope'"
    assert failure["line"] == 3


def test_judge_wants_one_answer_and_a_readable_file(lab, tmp_path):
    both = quiz("judge", "add-code", "3", "--file", "x.py", "--bank", str(lab))
    assert both.exit_code == 1
    assert both.stderr.strip() == (
        "error: give the answer, or --file with a file that holds it (not both)"
    )
    missing = quiz("judge", "add-code", "--file", str(tmp_path / "nope.py"), "--bank", str(lab))
    assert (
        missing.stderr.strip()
        == f"error: {tmp_path / 'nope.py'}: cannot be read (No such file or directory)"
    )


# -- the review and the exam -------------------------------------------------------------------


@pytest.mark.slow
def test_a_code_card_typed_then_from_the_editor_with_the_last_attempt(lab, tmp_path):
    """Piped, the function is typed and a blank line ends it; in a terminal with an editor,
    Enter opens it on the last attempt, and what is saved there is judged."""
    typed = "def add(a, b):\n    return a - b\n\n\n"
    result = quiz("review", "--bank", "lab", "--new", "1", input=typed, QUIZ_BANKS=str(lab))
    output = " ".join(result.output.split())
    assert "✗ Wrong" in output and "3 of 10 cases pass" in output  # b = 0 in three
    assert "case 1 of 10: a=1, b=2 expected 3 got -1" in output
    assert 'Reference: def answer(a, b, *, device="cpu"): return a + b' in output
    [review] = Store(database_path()).history("add-code")
    assert review.answer == "def add(a, b):\n    return a - b\n" and review.correct is False

    seen = tmp_path / "seen.py"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import shutil, sys\n"
        f"shutil.copy(sys.argv[-1], {str(seen)!r})\n"
        "open(sys.argv[-1], 'w').write('def add(a, b):\\n    return b + a\\n')\n"
    )
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", "review", "--bank", "lab"],
        cwd=str(REPO),
        env=child_env(TERM="dumb", QUIZ_BANKS=str(lab), EDITOR=f"{sys.executable} {editor}",
                      QUIZ_NOW="2030-01-10T12:00:00"),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )  # fmt: skip
    child.expect_exact("Write add(a, b).")
    child.expect_exact("› ")
    child.sendline("")
    child.expect_exact("✓ Right")
    child.expect_exact("all 10 cases pass")
    child.expect(r"Grade \[4\] › ")
    child.send("\r")
    child.expect_exact("Saved: next review in")
    child.expect_exact("› ")
    child.sendline(":q")
    child.expect(pexpect.EOF)
    assert seen.read_text() == "def add(a, b):\n    return a - b\n"
    last = Store(database_path()).history("add-code")[-1]
    assert last.answer == "def add(a, b):\n    return b + a\n" and last.correct is True


@pytest.mark.slow
def test_a_predict_card_shows_its_code_and_judges_the_printout(lab):
    only = lab.parent / "guess.yaml"
    text = lab.read_text()
    only.write_text(
        "bank: guess\nquestions:\n  - id: shape-predict" + text.split("  - id: shape-predict")[1]
    )
    assert quiz("trust", str(only)).exit_code == 0
    typed = "(2, 3)\n\nerror: RuntimeError\n\n\n"
    run = quiz("review", "--bank", str(only), input=typed)
    output = run.output
    assert "x = torch.arange(6).reshape(2, 3).t()" in output
    shown = re.search(r"print\(torch\.zeros\(([24]), 3\)\.shape\)", output)
    assert shown, output
    assert f"Answer: torch.Size([{shown.group(1)}, 3])" in output
    assert "Answer: error: RuntimeError" in output
    store = Store(database_path())
    [view] = store.history("view-predict")
    assert view.answer == "error: RuntimeError" and view.correct is True
    [shape] = store.history("shape-predict")
    assert shape.correct is (shown.group(1) == "2") and shape.variant == {"n": int(shown.group(1))}


@pytest.mark.slow
def test_an_exam_marks_a_code_answer_by_its_cases(lab):
    only = lab.parent / "only.yaml"
    only.write_text(lab.read_text().split("  - id: softmax-code")[0])
    assert quiz("trust", str(only)).exit_code == 0
    typed = "def add(a, b):\n    return a + b\n\n"
    run = quiz("exam", "--bank", str(only), "--count", "1", input=typed)
    assert run.exit_code == 0, run.output
    assert "1/1" in run.output.replace(" ", ""), run.output


def test_the_worker_calls_the_two_runs_of_code_questions_and_nothing_else():
    assert worker.CALLABLE.fullmatch("cases") and worker.CALLABLE.fullmatch("predict")
    assert not worker.CALLABLE.fullmatch("__import__")
    assert not worker.CALLABLE.fullmatch("predict.__globals__")


def test_the_first_failing_case_is_worded_in_the_students_language():
    from quiz.schedule.code import CaseVerdict, failure_lines
    from quiz.tui.words import say_phrase

    fixed = CaseVerdict(0, 3, {"case": "case 2", "inputs": "a=1", "expected": "3", "got": "2"})
    drawn = CaseVerdict(2, 3, {"case": "random case 1", "inputs": "a=5", "error": "KeyError: 1"})
    assert [say_phrase(line, "zh") for line in failure_lines(fixed)] == [
        "第 2 个用例（共 3 个）：a=1",
        "应为 3",
        "得到 2",
    ]
    assert [say_phrase(line, "en") for line in failure_lines(drawn)] == [
        "random case 1 of 3: a=5",
        "raised KeyError: 1",
    ]
    assert say_phrase(failure_lines(drawn)[0], "zh") == "第 1 个随机用例（共 3 个）：a=5"


def test_show_prints_a_predict_block_kept_in_a_snippet_file(tmp_path):
    text = """\
    bank: guess
    questions:
      - id: from-file
        type: predict
        prompt: What does this print?
        snippet: block
    """
    path = write_bank(tmp_path, text, {"block": "print(6 * 7)\n"}, name="guess")
    result = quiz("show", "from-file", "--bank", str(path))
    assert result.exit_code == 0, result.output
    assert "print(6 * 7)" in result.output
    assert "Answer: what the code prints or raises, run on your device" in result.output


@pytest.mark.slow
def test_a_builtin_bank_named_by_its_path_is_proved_without_trust():
    from quiz.paths import builtin_questions_dir

    path = builtin_questions_dir() / "retrieval-misc.yaml"
    result = quiz("check", "--run", str(path))
    assert result.exit_code == 0, result.output
    assert "not trusted" not in result.output
    assert re.search(r"proofs: (\d+) ✓, 0 ✗", result.output), result.output
