"""Shared by the benchmarks: timing commands (in a pty or plain) and writing a synthetic
history straight into a quiz database."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterable
from typing import Any

import pexpect

from quiz.store import Store


def time_until(argv: list[str], pattern: str | type, env: dict[str, str]) -> float:
    """Seconds from spawning `argv` in a pty until its output matches `pattern`.

    A matched prompt is answered with end-of-input and the process waited for, so a review's
    snippet worker (which starts importing torch once the first card is up) has exited before
    the next measurement starts.
    """
    started = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env=env, encoding="utf-8", timeout=60)
    child.expect(pattern)
    elapsed = time.perf_counter() - started
    if pattern is not pexpect.EOF:
        child.sendeof()
        child.expect(pexpect.EOF)
    child.close()
    return elapsed


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds a command takes to finish; the benchmark stops if it fails."""
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def write_history(
    store: Store, cards: Iterable[dict[str, Any]], reviews: Iterable[dict[str, Any]]
) -> None:
    """Write synthetic card and review rows (column -> value) through the store, in one
    transaction: far faster than grading them one by one, which 10⁶ reviews need."""
    store.import_rows(cards, reviews)
    store.close()
