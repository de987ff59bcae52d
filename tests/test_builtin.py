"""The built-in banks: every numeric and shape key is proved by its snippet, and every
snippet runs on its own, deterministically (their speed: benchmarks/snippet_times.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import REPO
from quiz.bank.catalog import load_catalog
from quiz.bank.files import Snippet
from quiz.paths import builtin_root
from quiz.snippets.client import Worker

pytestmark = pytest.mark.slow
SNIPPETS = sorted((builtin_root() / "snippets").glob("*.py"))


def test_builtin_banks_are_bilingual_and_varied():
    catalog = load_catalog()
    assert len(catalog.questions) >= 20
    assert {q.type for q in catalog.questions.values()} == {
        "numeric",
        "shape",
        "choice",
        "multi",
        "text",
        "open",
    }
    for question in catalog.questions.values():
        assert {"en", "zh"} <= set(question.prompt), question.id
        assert {"en", "zh"} <= set(question.explanation), question.id


def test_content_meets_the_course_bar():
    """Issue 5's bar: 160+ questions in 14+ banks (8+ each), 60%+ proved, 30+ drills."""
    from quiz.bank.coverage import bank_coverage, total

    catalog = load_catalog()
    rows = [bank_coverage(bank) for bank in catalog.banks]
    overall = total(rows)
    assert len(rows) >= 14 and overall.questions >= 160
    assert all(row.questions >= 8 for row in rows), [(r.bank, r.questions) for r in rows]
    assert overall.proved_percent >= 60 and overall.parametric >= 30
    assert overall.bilingual == overall.questions


def test_docs_content_is_the_current_coverage_report():
    result = CliRunner().invoke(
        __import__("quiz.cli", fromlist=["app"]).app, ["banks", "--coverage", "--markdown"]
    )
    assert result.exit_code == 0
    document = (REPO / "docs" / "content.md").read_text(encoding="utf-8")
    assert result.output in document, "regenerate: quiz banks --coverage --markdown"


def test_check_run_proves_every_builtin_key():
    result = CliRunner().invoke(
        __import__("quiz.cli", fromlist=["app"]).app,
        ["check", "--run", "--format", "json", "-j", "2"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    failed = [p for p in report["proofs"] if not p["passed"]]
    assert failed == []
    proved = {p["question"] for p in report["proofs"]}
    for question in load_catalog().questions.values():
        if question.type in ("numeric", "shape"):
            assert question.id in proved, f"{question.id} has no proof"


def test_snippets_are_deterministic():
    worker = Worker(jobs=2, warm=True)
    try:
        first = [worker.submit(Snippet.read(path), {}, device="cpu") for path in SNIPPETS]
        second = [worker.submit(Snippet.read(path), {}, device="cpu") for path in SNIPPETS]
        for path, a, b in zip(SNIPPETS, first, second, strict=True):
            one, two = a.result(), b.result()
            assert one.ok, f"{path.name}: {one.error}"
            assert (one.value, one.output) == (two.value, two.output), path.name
    finally:
        worker.close()


def test_each_snippet_runs_on_its_own():
    """Every snippet's `__main__` block runs and exits 0 (through the worker, two at a time:
    a fresh interpreter per snippet would cost CI minutes of torch imports)."""
    worker = Worker(jobs=2, warm=True)
    try:
        runs = [
            (path, worker.submit(Snippet.read(path), {}, device="cpu", as_script=True))
            for path in SNIPPETS
        ]
        for path, run in runs:
            outcome = run.result()
            assert outcome.ok and outcome.demonstration, f"{path.name}: {outcome.error}"
    finally:
        worker.close()


@pytest.mark.parametrize("path", SNIPPETS[:: max(1, len(SNIPPETS) // 3)], ids=lambda p: p.stem)
def test_a_sample_runs_in_a_plain_interpreter(path):
    result = subprocess.run(
        [sys.executable, str(path)], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_snippet_takes_the_device_argument(path):
    source = path.read_text()
    assert 'device="cpu"' in source and "torch" in source
