"""The built-in banks: every numeric and shape key is proved by its snippet, and every
snippet runs on its own, deterministically (their speed: benchmarks/snippet_times.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

import pytest
from typer.testing import CliRunner

from conftest import REPO
from quiz.bank.catalog import load_catalog
from quiz.bank.files import Snippet
from quiz.paths import builtin_root
from quiz.snippets.client import Worker

pytestmark = pytest.mark.slow
PREDICTED = {
    q.snippet.name
    for q in load_catalog().questions.values()
    if q.type == "predict" and q.snippet is not None
}
"""Snippets that are a predict question's code: shown and run as they are, not called."""
SNIPPETS = [
    path
    for path in sorted((builtin_root() / "snippets").glob("*.py"))
    if path.stem not in PREDICTED
]


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
        "code",
        "predict",
    }
    counts = Counter(q.type for q in catalog.questions.values())
    assert counts["code"] >= 15 and counts["predict"] >= 15
    for question in catalog.questions.values():
        assert {"en", "zh"} <= set(question.prompt), question.id
        assert {"en", "zh"} <= set(question.explanation), question.id


def test_builtin_banks_lint_clean():
    from quiz.bank.lint import lint

    assert [str(d) for d in lint().diagnostics] == []


def test_no_builtin_explanation_cites_the_letter_of_a_shuffled_choice():
    """The review shows the choices shuffled: an explanation names a choice, in every
    language, and only a question that keeps its order may cite letters."""
    from quiz.bank.validate import cited_letter

    citing = [
        (question.id, lang, cited_letter(text, len(question.choices)))
        for question in load_catalog().questions.values()
        if question.choices and question.shuffle
        for lang, text in question.explanation.items()
        if cited_letter(text, len(question.choices))
    ]
    assert citing == []


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


_PRECISION = re.compile(
    r"\((?:give |to )?(\d|two|three) (decimal places?|decimals|significant figures)", re.I
)


def _stated_rounding(question) -> tuple[int, str] | None:
    """The precision a numeric prompt asks for, as (digits, 'f' or 'g'), or None."""
    found = _PRECISION.search(question.prompt["en"])
    if found is None:
        return None
    digits = {"two": 2, "three": 3}.get(found[1].lower(), found[1])
    return int(digits), "g" if found[2].lower().startswith("significant") else "f"


def test_a_key_rounded_as_the_prompt_asks_is_marked_right(store):
    """'0.70' for 0.7022 when the prompt asks for 2 decimals: every variant's key, written
    with the stated precision, passes the question's own tolerance."""
    from quiz.schedule.answers import judge
    from quiz.snippets.prover import Prover

    catalog = load_catalog()
    asked = {
        q.id: _stated_rounding(q)
        for q in catalog.questions.values()
        if q.type == "numeric" and _stated_rounding(q)
    }
    assert len(asked) >= 10  # the prompts that state a precision are found
    keys: list[tuple[str, float]] = []
    with Prover(catalog, store, device="cpu", jobs=2) as prover:
        jobs = []
        for qid in asked:
            question = catalog.questions[qid]
            if question.key_from_snippet:
                jobs += prover.jobs_for(question)
            else:
                keys.append((qid, float(question.answer)))
        for proof in prover.prove_all(jobs):
            assert proof.passed, (proof.job.question.id, proof.message)
            keys.append((proof.job.question.id, float(proof.key)))
    wrong = []
    for qid, key in keys:
        digits, style = asked[qid]
        typed = f"{key:.{digits}{style}}"
        if not judge(catalog.questions[qid], key, typed).correct:
            wrong.append((qid, key, typed))
    assert wrong == []


def _load_snippet(name: str):
    import importlib.util

    path = builtin_root() / "snippets" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"builtin_snippet_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _iou_over_summed_areas(a, b):
    """The classic IoU mistake: intersection over the sum of the areas, not the union."""
    import torch

    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    wh = torch.min(a[:, None, 2:], b[None, :, 2:]) - torch.max(a[:, None, :2], b[None, :, :2])
    inter = wh.clamp(min=0).prod(-1)
    return inter / (area_a[:, None] + area_b[None, :])


def test_the_iou_proof_counts_pixels_instead_of_repeating_the_formula(monkeypatch):
    """detection_iou checks box_iou only by counting pixels: a wrong formula must fail it."""
    module = _load_snippet("detection_iou")
    assert module.answer((0, 0, 8, 6), (4, 2, 12, 10)) == pytest.approx(1 / 6, abs=1e-4)
    monkeypatch.setattr(module, "box_iou", _iou_over_summed_areas)
    with pytest.raises(AssertionError):
        module.answer((0, 0, 8, 6), (4, 2, 12, 10))


def test_the_nms_proof_compares_with_the_definition(monkeypatch):
    """detection_nms_row's only check of the kept boxes is NMS's definition, tried on every
    subset: the classic `ious > thr` bug must fail it."""
    module = _load_snippet("detection_nms_row")
    assert module.answer(shift=2, thr=0.3) == 2

    def buggy_nms(boxes, scores, threshold):
        order = scores.argsort(descending=True)
        keep = []
        while order.numel() > 0:
            best, rest = order[0], order[1:]
            keep.append(int(best))
            order = rest[module.box_iou(boxes[best][None], boxes[rest])[0] > threshold]
        return keep

    monkeypatch.setattr(module, "nms", buggy_nms)
    with pytest.raises(AssertionError):
        module.answer(shift=2, thr=0.3)


def test_the_numpy_proof_fails_without_numpy():
    """A proof that cannot run must not pass: without NumPy the demonstration exits non-zero
    and says why, instead of skipping its .numpy() checks."""
    path = builtin_root() / "snippets" / "tensors_numpy_detach.py"
    blocked = (
        "import runpy, sys; sys.modules['numpy'] = None; "
        f"runpy.run_path({str(path)!r}, run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", blocked], capture_output=True, text=True, timeout=300
    )
    assert result.returncode != 0
    assert "NumPy is not installed" in result.stderr
