"""The built-in banks: every numeric and shape key is proved by its snippet, and every
snippet runs on its own, deterministically, in under 2 s of work on the CPU."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import REPO
from quiz.bank import load_catalog
from quiz.paths import builtin_root
from quiz.snippets import Worker

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
    worker = Worker(jobs=2)
    try:
        first = [worker.submit(path, {}, device="cpu") for path in SNIPPETS]
        second = [worker.submit(path, {}, device="cpu") for path in SNIPPETS]
        for path, a, b in zip(SNIPPETS, first, second, strict=True):
            one, two = a.result(), b.result()
            assert one.ok, f"{path.name}: {one.error}"
            assert (one.value, one.output) == (two.value, two.output), path.name
            assert one.seconds < 2.0, f"{path.name} took {one.seconds:.2f} s"
    finally:
        worker.close()


def test_each_snippet_runs_on_its_own():
    runs = [
        (
            path,
            subprocess.Popen(
                [sys.executable, str(path)],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for path in SNIPPETS
    ]
    for path, process in runs:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, f"{path.name}: {err}"


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_snippet_takes_the_device_argument(path):
    source = path.read_text()
    assert 'device="cpu"' in source and "torch" in source
