"""Shared by the benchmarks: how long a command takes to show something in a real terminal."""

from __future__ import annotations

import time

import pexpect


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
