"""Code and predict cards on screen: the block shown highlighted, a student's function read
from their editor or typed line by line, and the verdict of its cases.

Shared by the review and the exam; the running is the Prover's, the judging
quiz.schedule.code's. What the student wrote and what the run printed are shown as rich
Text made safe, never read as markup.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.text import Text

from quiz.safetext import safe_text
from quiz.schedule import code
from quiz.schedule.answers import Judgement
from quiz.tui.input import Keys, edit_file
from quiz.tui.judge import print_judgement
from quiz.tui.words import later, say, say_phrase

TYPE_IT = later("Type the function; a blank line ends it.")


def print_block(console: Console, text: str, *, title: str | None = None) -> None:
    """Code as the student reads it: highlighted, its control characters shown, not obeyed."""
    from rich.syntax import Syntax

    shown = safe_text(text.rstrip("\n"))
    highlighted = Syntax(shown, "python", theme="ansi_dark").highlight(shown)
    highlighted.rstrip()
    if title:
        console.print(Text(title, style="bold"))
    console.print(highlighted, no_wrap=True, overflow="ellipsis")


def has_editor() -> bool:
    return bool((os.environ.get("VISUAL") or os.environ.get("EDITOR") or "").strip())


def read_code(
    keys: Keys,
    console: Console,
    seed: str,
    lang: str | None,
    then: Callable[[], None] | None = None,
) -> str:
    """The student's function. In a terminal with an editor ($VISUAL or $EDITOR), Enter on
    the empty first line opens it on a file seeded with `seed` (the starter, or the last
    attempt); otherwise the lines typed, until a blank one. A first line that is a command
    (`:q`) or `?` is returned as it is, for the caller."""
    editor = keys.interactive and has_editor()
    while True:
        first = keys.line(console, "› ", then=then)
        then = None
        if first.strip().startswith(":") or first.strip() == "?":
            return first.strip()
        if first.strip():
            break
        if editor:
            written, problem = edit_source(seed, lang)
            if problem is None:
                if written.strip():
                    print_block(console, written)
                    return written
                continue
            console.print(Text(safe_text(problem), "yellow"))
            editor = False
        console.print(Text(say(TYPE_IT, lang), "dim"))
    lines = [first.rstrip()]
    while True:
        line = keys.line(console, "… ")
        if not line.strip():
            return "\n".join(lines) + "\n"
        lines.append(line.rstrip())


def edit_source(seed: str, lang: str | None) -> tuple[str, str | None]:
    """What the student leaves in their editor, opened on a private file seeded with `seed`
    at the line after it; why not, if the editor could not run."""
    folder = tempfile.mkdtemp(prefix="quiz-answer-")
    path = Path(folder) / "answer.py"
    try:
        path.write_text(seed if seed.endswith("\n") else seed + "\n", encoding="utf-8")
        problem = edit_file(path, len(seed.splitlines()) + 1, lang)
        if problem is not None:
            return "", problem
        return path.read_text(encoding="utf-8", errors="replace"), None
    except OSError as exc:
        return "", str(exc)
    finally:
        for leftover in Path(folder).glob("*"):
            leftover.unlink(missing_ok=True)
        os.rmdir(folder)


def print_verdict(
    console: Console, judgement: Judgement, verdict: code.CaseVerdict | None, lang: str | None
) -> None:
    """✓ or ✗ with how many cases passed, then the first failing case: its inputs, what was
    expected and what came, or the exception and its line in the student's code."""
    print_judgement(console, judgement, lang)
    if verdict is None:
        return
    for line in code.failure_lines(verdict):
        console.print(Text("  " + safe_text(say_phrase(line, lang)), style="red"))
