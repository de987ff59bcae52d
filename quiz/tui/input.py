"""Reading the student: whole lines, or single keys in a terminal (one line each from a
pipe); and the student's own editor, opened on a bank file.

Shared by the review and exam loops; what is read is echoed when input is piped, so a
transcript reads like a session. In a terminal, what was typed ahead is never taken for the
next answer: `flush` drops it before a new card shows, and an Enter that comes within
ENTER_AFTER_KEY seconds of a single key belongs to that key (`4⏎` at the grade prompt),
whichever prompt comes next. Piped input is a transcript: nothing of it is dropped.

Lines are edited with readline (arrows, Home/End, this session's earlier lines), imported
on the first line read in a terminal, never for piped input; its history starts empty and
is never written to a file.
"""

from __future__ import annotations

import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from quiz.safetext import safe_text
from quiz.tui.words import later, say

ENTER_AFTER_KEY = 1.0
"""An Enter this soon after a single key was typed with it ("4⏎"), not for the next prompt:
nobody reads a card in less before revealing it with a bare Enter."""
PROMPT_STYLE = "bold cyan"
NO_EDITOR = later("No editor to open: set EDITOR (or VISUAL), e.g. `export EDITOR=nano`.")


class EndSession(Exception):
    """The student asked to stop (q, Ctrl-C or end of input)."""


@dataclass
class Keys:
    """How input is read: single keys in a terminal, whole lines from a pipe."""

    interactive: bool
    _key_at: float = field(default=-math.inf, init=False, repr=False)
    """When the last single key was read (time.monotonic)."""
    _editor: Any = field(default=None, init=False, repr=False)
    """The readline module once set up; False where there is none."""

    def flush(self) -> None:
        """Drop whatever was typed ahead: nothing typed for the card before (or while this
        one's key was computed) may answer it. A pipe is a transcript, kept whole."""
        if self.interactive:
            import termios

            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)

    def line(self, console: Console, prompt: str, then: Callable[[], None] | None = None) -> str:
        """Read one line; `then` runs once the prompt is on screen, before waiting."""
        if self.interactive:
            try:
                return self._edited_line(console, prompt, then)
            except EOFError:
                raise EndSession from None
        console.print(Text(prompt, style=PROMPT_STYLE), end="")
        if then is not None:
            console.file.flush()
            then()
        text = sys.stdin.readline()
        if not text:
            raise EndSession
        text = text.rstrip("\n")
        console.print(Text(safe_text(text)))
        return text

    def key(self, console: Console, prompt: str, *, commands: bool = False) -> str:
        """Read one key: "" for Enter. With `commands`, a ":" and the key after it come
        back as one (":q"), so that the answer line's commands work here too."""
        if not self.interactive:
            text = self.line(console, prompt).strip()
            return text[:2] if commands and text.startswith(":") else text[:1]
        # Single keys: the terminal leaves line mode *before* the prompt shows, so a key
        # (or Ctrl-D) typed the instant it appears is read as a key, not as a line edit.
        with _single_keys() as fd:
            console.print(Text(prompt, style=PROMPT_STYLE), end="")
            key = self._read_key(fd)
            if commands and key == ":":
                console.print(":", end="")
                second = self._read_key(fd)
                key = "" if second in ("", "\x04") else ":" + second.strip()
        if key in ("\x04", ""):
            raise EndSession
        if key in ("\r", "\n"):
            key = ""
        console.print(Text(safe_text(key)))
        return key

    def _read_key(self, fd: int) -> str:
        while True:
            # os.read, not sys.stdin.read: Python's buffer must not swallow keys meant for
            # the next input() line.
            char = _read_char(fd)
            if char not in ("\r", "\n"):
                break
            if time.monotonic() - self._key_at >= ENTER_AFTER_KEY:
                return char
            self._key_at = -math.inf  # the Enter of the key before: "x⏎" is one key
        if char == "\x1b":  # an arrow or function key: one key, not "[", "A"…
            _drain(fd)
        self._key_at = time.monotonic()
        return char

    def _edited_line(self, console: Console, prompt: str, then: Callable[[], None] | None) -> str:
        editor = self._line_editor()
        typed = ""
        shown = editor is None or time.monotonic() - self._key_at < ENTER_AFTER_KEY
        if shown:
            # Right after a key, the first key of the line is read here, out of line mode
            # (Ctrl-C works as anywhere else); readline then draws its prompt over this one.
            console.print(Text(prompt, style=PROMPT_STYLE), end="")
            console.file.flush()
            if then is not None:
                then()
                then = None
            with _single_keys():
                typed = self._typed_with_key()
        if editor is None:
            console.print(Text(safe_text(typed)), end="")
            console.file.flush()
            return typed + input()
        if shown:
            console.file.write("\r")
        failed: list[Exception] = []

        def before_typing() -> None:
            # readline calls this once its prompt is on screen; what it raises is lost, so
            # it is kept and raised once the line is read.
            try:
                if then is not None:
                    then()
            except Exception as exc:
                failed.append(exc)
            if typed:
                editor.insert_text(typed)
                editor.redisplay()

        editor.set_pre_input_hook(before_typing)
        try:
            text = input(_prompt_for_readline(console, prompt))
        finally:
            editor.set_pre_input_hook()
        if failed:
            raise failed[0]
        return text

    def _typed_with_key(self) -> str:
        """Right after a single key: an Enter that follows it within ENTER_AFTER_KEY is
        dropped, and the first character of the line, if one comes, is returned to be put
        back (the terminal is out of line mode here)."""
        wait = self._key_at + ENTER_AFTER_KEY - time.monotonic()
        self._key_at = -math.inf
        if wait <= 0:
            return ""
        import select

        fd = sys.stdin.fileno()
        if not select.select([fd], [], [], wait)[0]:
            return ""
        char = _read_char(fd)
        if char in ("", "\x04"):
            raise EOFError
        if char == "\x1b":
            _drain(fd)
        return char if char.isprintable() else ""

    def _line_editor(self) -> Any:
        """readline, set up for this session on first use; None where Python has none."""
        if self._editor is None:
            try:
                import readline
            except ImportError:
                self._editor = False
                return None
            # This session's lines only: whatever an earlier use in this process left is
            # cleared, nothing is read from or written to a history file, and Tab inserts
            # nothing instead of completing file names.
            readline.clear_history()
            readline.set_auto_history(True)
            readline.set_completer(lambda text, state: None)
            self._editor = readline
        return self._editor or None


def edit_file(path: Path, line: int, lang: str | None = None) -> str | None:
    """Open the student's editor ($VISUAL, else $EDITOR) as `EDITOR +LINE FILE` and wait for
    it to close. None when it ran; else why it could not, in words (in `lang`)."""
    command = (os.environ.get("VISUAL") or os.environ.get("EDITOR") or "").strip()
    if not command:
        return say(NO_EDITOR, lang)
    import shlex
    import signal
    import subprocess

    try:
        argv = shlex.split(command)
    except ValueError as exc:
        return say(
            "Cannot read the editor command {command!r} ({reason}).",
            lang,
            command=command,
            reason=exc,
        )
    # Ctrl-C in the editor is the editor's: quiz waits (a handler, not SIG_IGN, which the
    # editor would inherit).
    try:
        previous = signal.signal(signal.SIGINT, lambda *args: None)
    except ValueError:  # not the main thread: nothing to hold back
        previous = None
    try:
        subprocess.run([*argv, f"+{line}", str(path)], check=False)
    except OSError as exc:
        reason = exc.strerror or exc
        return say(
            "Cannot run the editor {editor} ({reason}).", lang, editor=argv[0], reason=reason
        )
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return None


def _prompt_for_readline(console: Console, prompt: str) -> str:
    """The prompt as the console would style it, its escape codes marked so that readline
    counts only what shows when it redraws the line."""
    from rich.console import COLOR_SYSTEMS
    from rich.style import Style

    colours = COLOR_SYSTEMS.get(console.color_system or "")
    styled = Style.parse(PROMPT_STYLE).render(prompt, color_system=colours)
    return re.sub(r"(\x1b\[[0-9;]*m)", "\x01\\1\x02", styled)


def _read_char(fd: int) -> str:
    """One character from the terminal: all the bytes of a UTF-8 one; "" at end of input."""
    first = os.read(fd, 1)
    if not first:
        return ""
    more = 3 if first[0] >= 0xF0 else 2 if first[0] >= 0xE0 else 1 if first[0] >= 0xC0 else 0
    data = first
    while more and (chunk := os.read(fd, more)):
        data += chunk
        more -= len(chunk)
    return data.decode("utf-8", "replace")


def _drain(fd: int) -> None:
    """Read away the rest of an escape sequence (its bytes come together)."""
    import select

    while select.select([fd], [], [], 0.02)[0]:
        if not os.read(fd, 64):
            return


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
