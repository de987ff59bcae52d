"""`quiz stats` on a database of 1,000,000 reviews.

Builds a history of 10,000 cards and 1,000,000 reviews spread over two years (with interval
columns filled as `quiz review` fills them), then prints the median wall time of
`quiz stats` (and of `quiz stats --json`) over several runs, beside the baseline
`python -c "import typer, rich"` measured in the same run.
Target (issue 6): under 500 ms.

Usage: python benchmarks/stats.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from first_card import CARD_COLUMNS
from harness import timed, write_history

from quiz.store import Store

CARDS = 10_000
REVIEWS = 1_000_000
TODAY = date(2026, 11, 27)

REVIEW_COLUMNS = (
    "at", "day", "question_id", "kind", "answer", "correct", "grade", "seconds", "state_before",
    "state_after", "interval_before",
)  # fmt: skip


def build(path: Path) -> None:
    store = Store(path)
    rng = random.Random(11)
    ids = [f"card-{n:05d}" for n in range(CARDS)]
    cards = []
    for qid in ids:
        due = (TODAY + timedelta(rng.randint(-5, 60))).isoformat()
        interval = rng.choice([1, 6, 15, 40, 100])
        values = (qid, 250, interval, 3, due, rng.randint(0, 3), 0, 0, 100, "2025-01-01", None)
        cards.append(dict(zip(CARD_COLUMNS, values, strict=True)))
    state = json.dumps({"easiness": "2.50", "interval": 6, "repetitions": 2})
    start = TODAY - timedelta(days=730)

    def rows():
        for n in range(REVIEWS):
            day = (start + timedelta(days=n * 730 // REVIEWS)).isoformat()
            grade = rng.randint(1, 5)
            interval = rng.choice([1, 6, 15, 40, 100])
            values = (f"{day}T10:00:00+00:00", day, ids[n % CARDS], "review", "28",
                      int(grade >= 3), grade, 4.0, state, state, interval)  # fmt: skip
            yield dict(zip(REVIEW_COLUMNS, values, strict=True))

    write_history(store, cards, rows())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as home:
        started = time.perf_counter()
        build(Path(home) / "quiz.db")
        built = time.perf_counter() - started
        env = {**os.environ, "QUIZ_HOME": home, "QUIZ_NOW": f"{TODAY}T12:00:00"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        quiz = [sys.executable, "-m", "quiz", "stats"]
        timed(quiz, env)  # warm caches and bytecode
        text = statistics.median(timed(quiz, env) for _ in range(runs))
        as_json = statistics.median(timed([*quiz, "--json"], env) for _ in range(runs))
        base = statistics.median(
            timed([sys.executable, "-c", "import typer, rich"], env) for _ in range(runs)
        )
    print(f"database: {CARDS:,} cards, {REVIEWS:,} reviews (built in {built:.0f} s);"
          f" median of {runs} runs")  # fmt: skip
    print(f"quiz stats:                 {text * 1000:7.1f} ms  (target < 500 ms)")
    print(f"quiz stats --json:          {as_json * 1000:7.1f} ms")
    print(f"baseline import typer, rich:{base * 1000:7.1f} ms  (ratio {text / base:.1f}x)")


if __name__ == "__main__":
    main()
