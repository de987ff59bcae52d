"""The two schedulers on a simulated student (benchmarks/student.py), against the issue's
targets.

Accuracy, on 500 cards and a year of daily reviews (about 7,200 reviews), recall drawn from
FSRS-6 with known, non-default parameters:
  - `compare` must rank FSRS fitted to the log better than FSRS with its defaults, better
    than SM-2, on log loss (scored on the later third of the log, fitted on the rest);
  - `optimize` must recover parameters whose log loss on the log is within 2% of the true
    model's (ratio fitted / true: target at most 1.02).
Speed, on about 94,000 reviews (7,000 cards, a year), through the `quiz` command as a
student runs it, on 2 cores (the command is pinned to two where the machine has more):
  - `quiz scheduler optimize`: target 60 s;
  - `quiz scheduler compare`: target 20 s.
A figure is the median of the rounds, wall-clock and CPU (the command's user + system
time: on a machine shared with other work, the wall clock also counts the waiting); its
ratio is to the target.

Usage: python benchmarks/scheduler.py [--rounds 3] [--skip-speed]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import student

from quiz.schedule import evaluate
from quiz.schedule.fsrs import Fsrs
from quiz.store import Store

OPTIMIZE_TARGET = 60.0
COMPARE_TARGET = 20.0
RECOVERY_TARGET = 1.02
TODAY = "2026-01-06"


def quiz_command() -> list[str]:
    script = Path(sys.executable).with_name("quiz")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "quiz"]


def database(home: Path, log: list[student.Review]) -> Store:
    store = Store(home / "quiz.db")
    store.import_rows(student.card_rows(log), student.rows(log))
    return store


def accuracy() -> bool:
    from quiz.study import schedulers

    log = student.study()
    histories = student.histories(log)
    print(f"Simulated student: 500 cards, 365 days, {len(log):,} reviews.")
    with tempfile.TemporaryDirectory() as home:
        os.environ["QUIZ_HOME"] = home
        store = database(Path(home), log)
        started = time.perf_counter()
        comparison = schedulers.compare(store)
        seconds = time.perf_counter() - started
        print(f"\ncompare ({seconds:.1f} s):")
        losses = {}
        for row in comparison.rows:
            losses[row.key] = row.log_loss
            print(f"  {row.name:<28} log loss {row.log_loss:.4f}  RMSE(bins) {row.rmse_bins:.4f}")
        true_test = evaluate.metrics(
            evaluate.score(
                evaluate.fsrs_predictor(Fsrs(student.TRUE_PARAMETERS)),
                histories,
                since=comparison.first_test_day,
            )
        )
        print(f"  {'(the true model)':<28} log loss {true_test.log_loss:.4f}")
        ranked = losses["fsrs_fitted"] < losses["fsrs_default"] < losses["sm2"]
        print(f"  fitted < default < SM-2: {'yes' if ranked else 'NO'}")
        started = time.perf_counter()
        optimized = schedulers.optimize(store, now=__import__("datetime").datetime.now())
        seconds = time.perf_counter() - started
        true_all = evaluate.metrics(
            evaluate.score(evaluate.fsrs_predictor(Fsrs(student.TRUE_PARAMETERS)), histories)
        ).log_loss
        ratio = optimized.log_loss_fitted / true_all
        print(f"\noptimize ({seconds:.1f} s, {optimized.reviews:,} reviews fitted):")
        print(f"  log loss: true model {true_all:.4f}, fitted {optimized.log_loss_fitted:.4f},")
        print(f"  defaults {optimized.log_loss_default:.4f}")
        verdict = "within" if ratio <= RECOVERY_TARGET else "OVER"
        print(f"  fitted / true = {ratio:.4f} (target at most {RECOVERY_TARGET}: {verdict})")
        store.close()
    return ranked and ratio <= RECOVERY_TARGET


def run_timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of a command, pinned to two cores where there are more."""
    cores = sorted(os.sched_getaffinity(0))[:2]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.sched_setaffinity(0, cores),
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def speed(rounds: int) -> bool:
    log = student.study(cards=7000, new_per_day=40, seed=2)
    print(f"\nSpeed: {len(log):,} reviews of 7,000 cards, {rounds} rounds each, on 2 cores.")
    ok = True
    with tempfile.TemporaryDirectory() as home:
        database(Path(home), log).close()
        env = {**os.environ, "QUIZ_HOME": home, "QUIZ_NOW": TODAY}
        for words, target in (("optimize", OPTIMIZE_TARGET), ("compare", COMPARE_TARGET)):
            command = [*quiz_command(), "scheduler", words]
            samples = [run_timed(command, env) for _ in range(rounds)]
            wall = statistics.median(s[0] for s in samples)
            cpu = statistics.median(s[1] for s in samples)
            print(
                f"  quiz scheduler {words:<8}  wall {wall:5.1f} s ({wall / target:.2f}x target"
                f" {target:.0f} s)   CPU {cpu:5.1f} s ({cpu / target:.2f}x)"
            )
            ok = ok and min(wall, cpu) <= target
        print(f"  load average meanwhile: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    ok = accuracy()
    if not args.skip_speed:
        ok = speed(args.rounds) and ok
    print("\nall targets met" if ok else "\nsome target missed")


if __name__ == "__main__":
    main()
