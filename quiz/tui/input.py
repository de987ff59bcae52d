"""Reading the student: whole lines, or single keys in a terminal (one line each from a pipe).

Shared by the review and exam loops; what is read is echoed when input is piped, so a
transcript reads like a session.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from quiz.safetext import safe_text


class EndSession(Exception):
    """The student asked to stop (q, Ctrl-C or end of input)."""


@dataclass
class Keys:
    """How input is read: single keys in a terminal, whole lines from a pipe."""

    interactive: bool

    def line(self, console: Console, prompt: str, then: Callable[[], None] | None = None) -> str:
        """Read one line; `then` runs once the prompt is on screen, before waiting."""
        console.print(Text(prompt, style="bold cyan"), end="")
        if then is not None:
            console.file.flush()
            then()
        try:
            if self.interactive:
                return input()
            text = sys.stdin.readline()
        except EOFError:
            raise EndSession from None
        if not text:
            raise EndSession
        if not self.interactive:
            console.print(Text(safe_text(text.rstrip("\n"))))
        return text.rstrip("\n")

    def key(self, console: Console, prompt: str) -> str:
        if not self.interactive:
            return self.line(console, prompt).strip()[:1]
        # Single keys: the terminal leaves line mode *before* the prompt shows, so a key
        # (or Ctrl-D) typed the instant it appears is read as a key, not as a line edit.
        with _single_keys() as fd:
            console.print(Text(prompt, style="bold cyan"), end="")
            # os.read, not sys.stdin.read: Python's buffer must not swallow keys meant for
            # the next input() line.
            key = os.read(fd, 1).decode("utf-8", "replace")
        if key in ("\x04", ""):
            raise EndSession
        if key in ("\r", "\n"):
            key = ""
        console.print(Text(safe_text(key)))
        return key


@contextmanager
def _single_keys() -> Iterator[int]:
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield fd
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
