"""Snippets inside a review: parametric keys from the background worker, the `r` proof,
variants that must never be shown, and untrusted or crashing snippets."""

from __future__ import annotations

import re
import sys
import textwrap

import pexpect
import pytest
from typer.testing import CliRunner

from conftest import REPO, child_env
from quiz.cli import app
from quiz.paths import database_path
from quiz.store import Store

pytestmark = pytest.mark.slow
runner = CliRunner()

ADDER = """
def answer(a=1, b=2, *, device="cpu"):
    import torch
    total = torch.tensor(a, device=device) + torch.tensor(b, device=device)
    print(f"{a} + {b} on {device}")
    return int(total.item())
"""
ODD_ONLY = """
def answer(n=1, *, device="cpu"):
    if n % 2 == 0:
        raise ValueError(f"even n={n} has no key")
    return n * 10
"""
ABORTS = """
import os

def answer(*, device="cpu"):
    os.abort()
"""


def make_bank(tmp_path, questions: str, snippets: dict[str, str], trust=True):
    folder = tmp_path / "course"
    (folder / "snippets").mkdir(parents=True)
    for name, code in snippets.items():
        (folder / "snippets" / f"{name}.py").write_text(textwrap.dedent(code))
    bank = folder / "lab.yaml"
    bank.write_text(textwrap.dedent(questions))
    if trust:
        assert runner.invoke(app, ["trust", str(bank)]).exit_code == 0
    return bank


def test_parametric_answer_then_its_proof_in_a_terminal(tmp_path):
    bank = make_bank(
        tmp_path,
        """
        questions:
          - id: add-drill
            type: numeric
            params: {a: [1, 2, 3, 4, 5, 6, 7], b: [10, 20, 30, 40]}
            prompt: "What is {a} + {b}?"
            answer: snippet
            snippet: adder
        """,
        # A line longer than the terminal is cut at its edge (marked …) when `c` shows the
        # code, never wrapped back to the left margin.
        {"adder": ADDER + "# why: " + "a comment that runs on " * 8 + "until-its-last-word\n"},
    )
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", "review", "--bank", str(bank)],
        cwd=str(REPO),
        env=child_env(TERM="dumb"),
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 120),
    )
    child.expect(r"What is (\d+) \+ (\d+)\?")
    a, b = int(child.match.group(1)), int(child.match.group(2))
    child.expect_exact("› ")
    child.sendline(str(a + b))
    child.expect_exact("✓ Right")
    child.expect(r"Grade \[\d\] › ")
    child.send("r")
    child.expect_exact(f"{a} + {b} on cpu")  # what the snippet printed, streamed
    child.expect_exact(f"answer(a={a}, b={b}) = {a + b} on cpu")
    child.expect_exact(f"✓ Proved: the snippet computes {a + b} for this variant")
    child.expect(r"Grade \[\d\] › ")
    assert "def answer" not in child.before  # the code only on `c`
    child.send("c")
    child.expect_exact('def answer(a=1, b=2, *, device="cpu"):')
    child.expect_exact("\r\n    import torch\r\n")
    child.expect(r"# why: a comment that runs on [a-z ]+…\r\n")
    child.expect(r"Grade \[\d\] › ")
    assert "until-its-last-word" not in child.before
    child.send("4")
    child.expect_exact("Reviewed 1 card")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [review] = Store(database_path()).history("add-drill")
    assert review.variant == {"a": a, "b": b} and review.correct and review.grade == 4


def test_keys_are_cached_and_variants_stored(tmp_path):
    bank = make_bank(
        tmp_path,
        """
        questions:
          - id: add-drill
            type: numeric
            params: {a: [1, 2], b: [10]}
            prompt: "What is {a} + {b}?"
            answer: snippet
            snippet: adder
        """,
        {"adder": ADDER},
    )
    result = runner.invoke(app, ["review", "--bank", str(bank)], input="11\n4\n")
    shown = re.search(r"What is (\d+) \+ 10\?", result.output)
    assert shown, result.output
    store = Store(database_path())
    rows = store.conn.execute("SELECT args, value FROM snippet_keys").fetchall()
    assert rows == [(f'{{"a":{shown.group(1)},"b":10}}', str(int(shown.group(1)) + 10))]
    assert store.history("add-drill")[0].variant == {"a": int(shown.group(1)), "b": 10}


def test_failing_variants_and_unfillable_prompts_are_never_shown(tmp_path):
    questions = [
        "questions:",
        "- {id: never, type: numeric, params: {n: [2, 4]}, prompt: 'n is {n}',"
        " answer: snippet, snippet: odd_only}",
        "- {id: badfmt, type: numeric, params: {n: [x, 3]}, prompt: 'n is {n:03d} (fmt)',"
        " answer: snippet, snippet: odd_only}",
    ]
    for n in range(6):
        questions.append(
            f"- {{id: odd-{n}, type: numeric, params: {{n: [1, 2, 3, 4, 5, 6, 7, 8]}},"
            f" prompt: 'n is {{n}} ({n})', answer: snippet, snippet: odd_only}}"
        )
    bank = make_bank(tmp_path, "\n".join(questions) + "\n", {"odd_only": ODD_ONLY})
    result = runner.invoke(app, ["review", "--bank", str(bank)], input="1\n4\n" * 40)
    assert result.exit_code == 0
    assert "Skipped never: no variant of it could be prepared" in result.output
    assert "n is 003 (fmt)" in result.output and "n is x" not in result.output
    shown = [int(n) for n in re.findall(r"n is (\d+) \(\d\)", result.output)]
    skipped = re.findall(r"Skipped odd-\d", result.output)
    assert len(shown) + len(skipped) >= 6, result.output
    assert shown and all(v % 2 == 1 for v in shown), shown


def test_untrusted_snippets_in_review(tmp_path):
    bank = make_bank(
        tmp_path,
        """
        questions:
          - id: static-one
            type: numeric
            prompt: "1 + 10?"
            answer: 11
            snippet: {name: adder, args: {a: 1, b: 10}}
          - id: drill-one
            type: numeric
            params: {a: [1], b: [2]}
            prompt: "What is {a} + {b}?"
            answer: snippet
            snippet: adder
        """,
        {"adder": ADDER},
        trust=False,
    )
    result = runner.invoke(app, ["review", "--bank", str(bank)], input="11\nr\n4\n")
    assert result.exit_code == 0
    assert "✓ Right" in result.output
    assert "No proof: snippet adder.py of bank lab is not trusted" in result.output
    assert "Skipped drill-one: snippet adder.py of bank lab is not trusted" in result.output
    assert "Reviewed 1 card" in result.output


def test_a_crashing_proof_leaves_the_session_going(tmp_path):
    bank = make_bank(
        tmp_path,
        """
        questions:
          - id: crashy
            type: numeric
            prompt: "2 + 2?"
            answer: 4
            snippet: aborts
          - id: after
            type: numeric
            prompt: "3 + 3?"
            answer: 6
        """,
        {"aborts": ABORTS},
    )
    result = runner.invoke(app, ["review", "--bank", str(bank)], input="4\nr\n4\n6\n4\n")
    assert result.exit_code == 0
    assert "✗ Not proved: crashed (SIGABRT)" in result.output
    assert "3 + 3?" in result.output and "Reviewed 2 cards" in result.output


def test_first_card_does_not_wait_for_torch(tmp_path):
    bank = make_bank(
        tmp_path,
        """
        questions:
          - id: drill-first
            type: numeric
            params: {a: [1], b: [2]}
            prompt: "What is {a} + {b}?"
            answer: snippet
            snippet: adder
          - id: static-second
            type: numeric
            prompt: "3 + 3?"
            answer: 6
        """,
        {"adder": ADDER},
    )
    result = runner.invoke(app, ["review", "--bank", str(bank)], input="6\n4\n3\n4\n")
    assert result.output.index("3 + 3?") < result.output.index("What is 1 + 2?")
    assert "Reviewed 2 cards" in result.output
