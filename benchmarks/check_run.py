"""`quiz check --run` on 100 snippet-backed questions against the naive way.

Generates a bank of 100 numeric questions, each with its own snippet (a real PyTorch layer
whose output width is the key), trusts it, then measures, median of several runs:
  - `quiz check BANK --run` (one warm worker imports torch once, a forked child per snippet);
  - the naive way: a fresh `python` process per snippet, run one after the other;
  - `python -c "import torch"`, for the target.
Targets (issue 3): at least 20x faster than naive, and within torch import + 50 ms/snippet.

Usage: python benchmarks/check_run.py [--runs 3] [--jobs 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness import timed

COUNT = 100
SNIPPET = '''"""Output width of a Conv2d on a {size}x{size} input."""

import torch
from torch import nn


def answer(size={size}, kernel={kernel}, padding={padding}, *, device="cpu"):
    torch.manual_seed(0)
    conv = nn.Conv2d(3, 8, kernel, padding=padding, device=device)
    with torch.no_grad():
        out = conv(torch.randn(1, 3, size, size, device=device))
    return int(out.shape[-1])


if __name__ == "__main__":
    print(answer())
'''
NAIVE = "import runpy, sys; print(runpy.run_path(sys.argv[1])['answer']())"


def make_bank(folder: Path) -> tuple[Path, list[Path]]:
    (folder / "snippets").mkdir(parents=True)
    lines = ["bank: bench", "questions:"]
    paths = []
    for n in range(COUNT):
        size, kernel, padding = 16 + n % 17, 1 + 2 * (n % 3), n % 2
        path = folder / "snippets" / f"width_{n:03d}.py"
        path.write_text(SNIPPET.format(size=size, kernel=kernel, padding=padding))
        paths.append(path)
        key = size + 2 * padding - kernel + 1
        lines += [
            f"  - id: width-{n:03d}",
            "    type: numeric",
            f"    prompt: 'Output width of conv number {n}?'",
            f"    answer: {key}",
            f"    snippet: width_{n:03d}",
        ]
    bank = folder / "bench.yaml"
    bank.write_text("\n".join(lines) + "\n")
    return bank, paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bank, paths = make_bank(Path(tmp) / "bank")
        env = {**os.environ, "QUIZ_HOME": str(Path(tmp) / "home")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        quiz = [sys.executable, "-m", "quiz"]
        timed([*quiz, "trust", str(bank)], env)
        check = [*quiz, "check", str(bank), "--run", "-j", str(options.jobs)]
        timed(check, env)  # warm the file cache
        fast, naive, imports = [], [], []
        for _ in range(options.runs):
            fast.append(timed(check, env))
            started = time.perf_counter()
            for path in paths:
                timed([sys.executable, "-c", NAIVE, str(path)], env)
            naive.append(time.perf_counter() - started)
            imports.append(timed([sys.executable, "-c", "import torch"], env))
    fast_s, naive_s, torch_s = (statistics.median(x) for x in (fast, naive, imports))
    budget = torch_s + 0.050 * COUNT
    print(f"{COUNT} snippet-backed questions; median of {options.runs} runs; -j {options.jobs}")
    print(f"quiz check --run:           {fast_s:7.2f} s")
    print(f"naive (python per snippet): {naive_s:7.2f} s")
    print(f"speed-up:                   {naive_s / fast_s:7.1f}x  (target >= 20x)")
    print(f"torch import:               {torch_s:7.2f} s")
    print(
        f"budget import + 50 ms each: {budget:7.2f} s  ({'within' if fast_s <= budget else 'OVER'})"
    )


if __name__ == "__main__":
    main()
