"""Startup of `quiz` against the floor that every typer + rich + SQLite + YAML tool pays.

The floor is `python -c "import typer, rich.console, sqlite3, yaml"`. Against it, in one run:
  - `quiz --help` and every `quiz COMMAND --help`, groups' subcommands included (found by
    reading the Commands section of each help page); target at most 1.3x the floor;
  - the first card of `quiz review` on 10,000 cards and 100,000 reviews (the database and the
    measure of first_card.py: until the prompt shows, in a pseudo-terminal); target 1.4x;
  - `quiz banks` on that database; target 1.5x.
quiz runs as the `quiz` console script beside this Python, as students run it (`python -m
quiz` where there is none). Samples are paired: each round runs every command next to a
floor sample taken the same way (pipes for a command that finishes, a pty for the first
card), in alternating order from round to round. A figure is the median time of the rounds;
its ratio is the median of the rounds' command/floor ratios, so a slow moment of the machine
weighs on both sides of a pair.

Usage: python benchmarks/startup.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pexpect
from first_card import CARDS, REVIEWS, TODAY, build_database
from harness import time_until, timed

FLOOR = [sys.executable, "-c", "import typer, rich.console, sqlite3, yaml"]
HELP_TARGET = 1.3
FIRST_CARD_TARGET = 1.4
BANKS_TARGET = 1.5


def quiz_command() -> tuple[list[str], str]:
    """The installed CLI and how it is named in the report."""
    script = Path(sys.executable).with_name("quiz")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)], f"console script {script}"
    return [sys.executable, "-m", "quiz"], f"{Path(sys.executable).name} -m quiz"


def listed_commands(help_text: str) -> list[str]:
    """The names in the Commands section of a help page, rich panel or plain click list."""
    names: list[str] = []
    lines = iter(help_text.splitlines())
    for line in lines:
        if line.strip(" │|╭─+-").startswith("Commands"):
            break
    else:
        return names
    rows = []
    for line in lines:
        if line.lstrip().startswith(("╰", "+-")) or not line.strip():
            break
        rows.append(line.strip().strip("│|").rstrip())
    if not rows:
        return names
    # A name starts a row at the least indent; its wrapped description is indented further.
    indent = min(len(row) - len(row.lstrip()) for row in rows)
    for row in rows:
        if len(row) - len(row.lstrip()) == indent:
            names.append(row.split()[0])
    return names


def help_commands(quiz: list[str], env: dict[str, str]) -> list[list[str]]:
    """`--help` of quiz, of each command and of each group's subcommands, depth first.

    Running each one here also compiles its bytecode before the timing starts."""

    def under(path: list[str]) -> list[list[str]]:
        page = subprocess.run(
            [*quiz, *path, "--help"], env=env, capture_output=True, text=True, check=True
        ).stdout
        found = [[*path, "--help"]]
        for name in listed_commands(page):
            found += under([*path, name])
        return found

    return under([])


class Measure(NamedTuple):
    command: Callable[[], float]
    floor: str  # how it is measured, and so which floor it pairs with: "pipe" or "pty"
    target: float


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    rounds = parser.parse_args().rounds
    quiz, quiz_name = quiz_command()
    with tempfile.TemporaryDirectory() as home:
        build_database(Path(home) / "quiz.db")
        env = {**os.environ, "QUIZ_HOME": home, "QUIZ_NOW": f"{TODAY}T12:00:00", "TERM": "dumb"}
        # As in first_card.py: the warm-up runs write the bytecode a pip install would have.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        helps = help_commands(quiz, env)
        review, banks = [*quiz, "review"], [*quiz, "banks"]
        time_until(review, "› ", env)
        timed(banks, env)
        timed(FLOOR, env)

        floor = {
            "pipe": lambda: timed(FLOOR, env),
            "pty": lambda: time_until(FLOOR, pexpect.EOF, env),
        }
        measures = {
            " ".join(["quiz", *argv]): Measure(
                lambda argv=argv: timed([*quiz, *argv], env), "pipe", HELP_TARGET
            )
            for argv in helps
        }
        measures["first card of quiz review"] = Measure(
            lambda: time_until(review, "› ", env), "pty", FIRST_CARD_TARGET
        )
        measures["quiz banks"] = Measure(lambda: timed(banks, env), "pipe", BANKS_TARGET)
        times: dict[str, list[float]] = {label: [] for label in measures}
        ratios: dict[str, list[float]] = {label: [] for label in measures}
        floors: dict[str, list[float]] = {"pipe": [], "pty": []}
        # Each round visits every command in turn, so a slow moment of the machine is spread
        # over all figures; within a pair, which one runs first alternates by round.
        for n in range(rounds):
            for label, measure in measures.items():
                if n % 2:
                    spent, base = measure.command(), floor[measure.floor]()
                else:
                    base, spent = floor[measure.floor](), measure.command()
                times[label].append(spent)
                ratios[label].append(spent / base)
                floors[measure.floor].append(base)

    width = max(len(label) for label in measures)
    print(f"quiz: {quiz_name}; database: {CARDS:,} cards, {REVIEWS:,} reviews")
    print(f"median of {rounds} paired rounds; ratio = median of per-round command/floor ratios")
    print(
        f"{'floor (pipe)':<{width}}  {statistics.median(floors['pipe']) * 1000:7.1f} ms"
        f'  python -c "{FLOOR[2]}"'
    )
    print(f"{'floor (pty)':<{width}}  {statistics.median(floors['pty']) * 1000:7.1f} ms")
    for label, measure in measures.items():
        ratio = statistics.median(ratios[label])
        verdict = "ok" if ratio <= measure.target else "OVER"
        print(
            f"{label:<{width}}  {statistics.median(times[label]) * 1000:7.1f} ms  {ratio:5.2f}x"
            f"  (target <= {measure.target}x)  {verdict}"
        )


if __name__ == "__main__":
    main()
