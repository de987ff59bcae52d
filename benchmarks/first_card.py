"""Time to the first card of `quiz review` on a large history, and to record one answer.

Builds a database of 10,000 cards and 100,000 reviews (the built-in questions plus retired
ones whose history is kept), then measures in a pseudo-terminal, median of several runs:
  - until `quiz review` shows its first card and waits for an answer;
  - the baseline `python -c "import typer, rich"`, in the same run;
and in-process, the median time for Store.record to save one graded answer.
Targets (issue 2): first card within 150 ms and under 2x the baseline; record under 5 ms.

Usage: python benchmarks/first_card.py [--runs 9]
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
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pexpect
from harness import time_until, write_history

from quiz.bank.catalog import load_catalog
from quiz.schedule import policy
from quiz.store import Store

CARDS = 10_000
REVIEWS = 100_000
TODAY = date(2026, 11, 27)


CARD_COLUMNS = (
    "question_id", "easiness_x100", "interval", "repetitions", "due_day", "lapses", "suspended",
    "leech", "reviews", "introduced_day", "last_reviewed_at",
)  # fmt: skip
REVIEW_COLUMNS = (
    "at", "day", "question_id", "kind", "variant", "answer", "correct", "grade", "seconds",
    "state_before", "state_after",
)  # fmt: skip


def build_database(path: Path) -> None:
    store = Store(path)
    ids = list(load_catalog().questions)
    ids += [f"retired-{n:05d}" for n in range(CARDS - len(ids))]
    rng = random.Random(7)
    state = json.dumps({"easiness": "2.50", "interval": 6, "repetitions": 2})
    cards, reviews = [], []
    for qid in ids:
        due = TODAY + timedelta(days=rng.randint(-20, 60))
        cards.append(
            dict(
                zip(
                    CARD_COLUMNS,
                    (qid, 250, 6, 2, due.isoformat(), 0, 0, 0, 10, "2026-01-01", None),
                    strict=True,
                )
            )
        )
    for n in range(REVIEWS):
        qid = ids[n % CARDS]
        at = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=4 * n)
        reviews.append(
            dict(
                zip(
                    REVIEW_COLUMNS,
                    (
                        at.isoformat(),
                        at.date().isoformat(),
                        qid,
                        "review",
                        None,
                        "28",
                        1,
                        rng.randint(1, 5),
                        5.0,
                        state,
                        state,
                    ),
                    strict=True,
                )
            )
        )
    write_history(store, cards, reviews)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as home:
        db = Path(home) / "quiz.db"
        build_database(db)
        env = {**os.environ, "QUIZ_HOME": home, "QUIZ_NOW": f"{TODAY}T12:00:00", "TERM": "dumb"}
        # An installed quiz has its bytecode compiled, as pip does on install; the warm-up
        # run writes it for a checkout, where PYTHONDONTWRITEBYTECODE would forbid it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        quiz = [sys.executable, "-m", "quiz", "review"]
        baseline = [sys.executable, "-c", "import typer, rich"]
        time_until(quiz, "› ", env)  # warm the file cache once
        first, base = [], []
        for _ in range(runs):
            first.append(time_until(quiz, "› ", env))
            base.append(time_until(baseline, pexpect.EOF, env))
        store = Store(db)
        record = []
        for n in range(200):
            started = time.perf_counter()
            store.record(
                f"retired-{n:05d}",
                4,
                now=datetime.now(timezone.utc),
                day=TODAY,
                answer="28",
                correct=True,
                seconds=3.0,
                schedule=policy.apply,
            )
            record.append(time.perf_counter() - started)
    first_ms = statistics.median(first) * 1000
    base_ms = statistics.median(base) * 1000
    print(f"database: {CARDS:,} cards, {REVIEWS:,} reviews; median of {runs} runs")
    print(f"first card of `quiz review`:       {first_ms:7.1f} ms  (target < 150 ms)")
    print(f"baseline `import typer, rich`:     {base_ms:7.1f} ms")
    print(f"ratio first card / baseline:       {first_ms / base_ms:7.2f}x  (target < 2x)")
    print(
        f"record one graded answer (median): {statistics.median(record) * 1000:7.2f} ms"
        "  (target < 5 ms)"
    )


if __name__ == "__main__":
    main()
