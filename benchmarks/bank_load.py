"""Loading a 10,000-question bank: cold parse and validation, and the first card once cached.

Generates a bank of 10,000 questions (all six types, a tenth of them parametric) and prints,
median of several runs:
  - cold load + validate (quiz.bank.parse_bank: read, parse with line numbers, check every
    rule), against yaml.load with the C loader alone on the same text, and their ratio
    (below 1: quiz reads libyaml's events itself instead of PyYAML's composer);
  - the time until `quiz review --bank BIG.yaml` shows its first card (in a pty) with the
    bank already in the bank cache.
Targets (issue 4): cold load under 1 s; first card with the bank cached under 150 ms.

Usage: python benchmarks/bank_load.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from harness import time_until

from quiz.bank.catalog import parse_bank

COUNT = 10_000
TEMPLATES = [
    "- {{id: q{n}, type: numeric, prompt: 'Input {n}x{n}, 3x3 conv. Width?', answer: {a},"
    " tags: [conv]}}",
    "- {{id: q{n}, type: shape, prompt: 'Shape of zeros(2, {n})?', answer: [2, {n}]}}",
    "- {{id: q{n}, type: choice, prompt: 'Pick {n}', choices: [a{n}, b{n}, c{n}], answer: B}}",
    "- {{id: q{n}, type: multi, prompt: 'Pick {n}', choices: [a{n}, b{n}, c{n}], answer: [A, C]}}",
    "- {{id: q{n}, type: text, prompt: 'Name {n}?', answer: [n{n}, m{n}]}}",
    "- {{id: q{n}, type: open, prompt: 'Why {n}?', answer: 'Because {n}.'}}",
    "- {{id: q{n}, type: numeric, params: {{size: [8, 16, 32]}}, prompt: 'Input {{size}} #{n}?',"
    " answer: snippet, snippet: width}}",
]


def make_bank(path: Path) -> None:
    lines = ["bank: big", "questions:"]
    for n in range(COUNT):
        template = TEMPLATES[6] if n % 10 == 9 else TEMPLATES[n % 6]
        lines.append(template.format(n=n, a=n - 2))
    path.write_text("\n".join(lines) + "\n")
    # The snippet the parametric questions name, so that `quiz check` finds the bank clean.
    snippets = path.parent / "snippets"
    snippets.mkdir(exist_ok=True)
    (snippets / "width.py").write_text(
        "def answer(size, *, device='cpu'):\n    return size - 2\n", encoding="utf-8"
    )


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def first_card(path: Path, env: dict[str, str]) -> float:
    return time_until([sys.executable, "-m", "quiz", "review", "--bank", str(path)], "› ", env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        make_bank(path)
        raw = path.read_bytes()
        text = raw.decode()
        cold = median_seconds(lambda: parse_bank(path, raw), runs)
        bare = median_seconds(lambda: yaml.load(text, Loader=yaml.CSafeLoader), runs)  # noqa: S506
        env = {**os.environ, "QUIZ_HOME": str(Path(tmp) / "home"), "TERM": "dumb"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        first_card(path, env)  # fills the bank cache (and writes bytecode)
        cached = statistics.median(first_card(path, env) for _ in range(runs))
    print(f"bank: {COUNT:,} questions, {len(raw) / 2**20:.2f} MiB; median of {runs} runs")
    print(f"cold load + validate:             {cold * 1000:7.1f} ms  (target < 1000 ms)")
    print(f"yaml.load, C loader, alone:       {bare * 1000:7.1f} ms")
    print(f"ratio load+validate / yaml.load:  {cold / bare:7.2f}x")
    print(f"first card, bank cached:          {cached * 1000:7.1f} ms  (target < 150 ms)")


if __name__ == "__main__":
    main()
