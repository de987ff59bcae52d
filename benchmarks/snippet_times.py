"""How long each built-in snippet takes on the CPU, slowest first (target: under 2 s each).

Each snippet runs as `quiz check --run` runs it: forked from a warm worker that has imported
torch (and loaded what torch loads on first use), so the figure is the snippet's own work.
Every snippet runs several times; the median is printed, beside the median time of an empty
snippet (the fork and report overhead) measured in the same run.

Usage: python benchmarks/snippet_times.py [--runs 3] [--top 15]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from quiz.bank.files import Snippet
from quiz.paths import builtin_root
from quiz.snippets.client import Worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=15)
    options = parser.parse_args()
    snippets = sorted((builtin_root() / "snippets").glob("*.py"))
    worker = Worker(jobs=1, warm=True)
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.py"
        empty.write_text("def answer(*, device='cpu'):\n    return 0\n")
        try:
            for _ in range(options.runs):
                for path in [empty, *snippets]:
                    outcome = worker.run(Snippet.read(path), {}, device="cpu")
                    times.setdefault(path.stem, []).append(outcome.seconds)
        finally:
            worker.close()
    base = statistics.median(times.pop("empty"))
    medians = sorted(((statistics.median(v), k) for k, v in times.items()), reverse=True)
    over = [name for seconds, name in medians if seconds >= 2.0]
    print(f"{len(medians)} snippets, median of {options.runs} runs each (CPU)")
    print(f"empty snippet (overhead): {base * 1000:6.1f} ms")
    for seconds, name in medians[: options.top]:
        print(f"{seconds * 1000:8.1f} ms  {name}")
    print(f"slowest: {medians[0][0]:.2f} s; over 2 s: {len(over)} {over if over else ''}")


if __name__ == "__main__":
    main()
