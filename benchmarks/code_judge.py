"""Judging a student's function on a code question: 20 cases through Prover.run_cases.

Builds a bank with one code question (pairwise IoU of two sets of boxes, tensors in and out:
4 fixed cases and 16 seeded random ones), trusts it, and submits a right, vectorised
box_iou(a, b). It measures, in this process:
  - cold: the first judgement on a fresh Prover (worker start, torch import, the run);
  - warm: the median of several judgements on the same warm worker;
  - the baseline, in the same run and worker: the reference snippet's own answer() run once
    through Prover.run (a fork of the warm worker, one call, no comparison).
Target: a warm judgement under 300 ms.

Usage: python benchmarks/code_judge.py [--runs 9] [--cold 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import textwrap
import time
from datetime import datetime, timezone
from pathlib import Path

from quiz.bank.catalog import Catalog, load_file
from quiz.model import Question
from quiz.schedule.code import judgement
from quiz.snippets.prover import Prover
from quiz.snippets.trust import set_trust
from quiz.store import Store

TARGET_S = 0.300
BANK = """\
bank: bench
questions:
  - id: box-iou
    type: code
    prompt: Write box_iou(a, b), the IoU of every box of a with every box of b.
    starter: |
      def box_iou(a, b):
          \"\"\"a: (N, 4), b: (M, 4) boxes (x1, y1, x2, y2); the (N, M) IoU matrix.\"\"\"
    snippet: box_iou
    cases:
      - {a: [[0, 0, 2, 2]], b: [[1, 1, 3, 3]]}
      - {a: [[0, 0, 1, 1]], b: [[2, 2, 3, 3]]}
      - {a: [[0, 0, 2, 2], [1, 1, 4, 5]], b: [[0, 0, 2, 2], [3, 3, 6, 6], [1, 0, 2, 9]]}
      - {a: [[0, 0, 10, 10]], b: [[2, 2, 4, 4], [0, 0, 10, 10]]}
    random_cases: 16
"""
SNIPPET = '''\
"""Reference for box-iou: pairwise IoU of two sets of boxes, one box pair at a time."""

import torch


def answer(a=((0.0, 0.0, 2.0, 2.0),), b=((1.0, 1.0, 3.0, 3.0),), *, device="cpu"):
    a = torch.as_tensor(a, dtype=torch.float32, device=device)
    b = torch.as_tensor(b, dtype=torch.float32, device=device)
    out = torch.zeros(len(a), len(b), device=device)
    for i, p in enumerate(a.tolist()):
        for j, q in enumerate(b.tolist()):
            w = max(0.0, min(p[2], q[2]) - max(p[0], q[0]))
            h = max(0.0, min(p[3], q[3]) - max(p[1], q[1]))
            inter = w * h
            union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - inter
            out[i, j] = inter / union
    return out


def prepare(case, *, device="cpu"):
    return {k: torch.tensor(v, dtype=torch.float32, device=device) for k, v in case.items()}


def random_case(rng):
    def boxes(n):
        out = []
        for _ in range(n):
            x, y = rng.uniform(0, 20), rng.uniform(0, 20)
            out.append([x, y, x + rng.uniform(0.5, 10), y + rng.uniform(0.5, 10)])
        return out

    return {"a": boxes(rng.randint(1, 6)), "b": boxes(rng.randint(1, 6))}
'''
SUBMITTED = """\
import torch

def box_iou(a, b):
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    top_left = torch.max(a[:, None, :2], b[None, :, :2])
    bottom_right = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (bottom_right - top_left).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    return inter / (area_a[:, None] + area_b[None, :] - inter)
"""


def judge(prover: Prover, question: Question) -> float:
    """Seconds for one judgement of SUBMITTED; the benchmark stops if it is not right."""
    started = time.perf_counter()
    outcome = prover.run_cases(question, SUBMITTED)
    elapsed = time.perf_counter() - started
    judged, read = judgement(outcome, SUBMITTED)
    if not judged.correct or read is None or read.total != 20:
        raise SystemExit(f"the submitted function was not judged right: {outcome}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cold", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bank"
        (folder / "snippets").mkdir(parents=True)
        (folder / "snippets" / "box_iou.py").write_text(SNIPPET)
        bank = folder / "bench.yaml"
        bank.write_text(textwrap.dedent(BANK))
        store = Store(":memory:")
        set_trust(store, str(bank), trusted=True, now=datetime.now(timezone.utc))
        catalog = Catalog()
        catalog.add(load_file(bank))
        question = catalog.questions["box-iou"]
        cold = []
        for _ in range(options.cold):
            with Prover(catalog, store, device="cpu") as prover:
                cold.append(judge(prover, question))
        with Prover(catalog, store, device="cpu") as prover:
            judge(prover, question)  # the worker started and warm
            snippet = prover.snippet(question)
            warm, base = [], []
            for _ in range(options.runs):
                warm.append(judge(prover, question))
                started = time.perf_counter()
                outcome = prover.run(snippet, {})
                base.append(time.perf_counter() - started)
                if not outcome.ok:
                    raise SystemExit(f"the baseline failed: {outcome.error}")
        store.close()
    cold_s, warm_s, base_s = (statistics.median(x) for x in (cold, warm, base))
    print(f"code question, 20 cases (4 fixed + 16 random); CPU; median of {options.runs} runs")
    print(f"cold (worker start + torch import + judging): {cold_s * 1000:8.1f} ms"
          f"  (median of {options.cold})")  # fmt: skip
    print(
        f"warm judgement (Prover.run_cases):            {warm_s * 1000:8.1f} ms"
        f"  ({'within' if warm_s <= TARGET_S else 'OVER'} the {TARGET_S * 1000:.0f} ms target)"
    )
    print(f"baseline: answer() once (Prover.run):         {base_s * 1000:8.1f} ms")
    print(f"cold / warm:                                  {cold_s / warm_s:8.1f}x")
    print(f"warm / baseline:                              {warm_s / base_s:8.1f}x")


if __name__ == "__main__":
    main()
