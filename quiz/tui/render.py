"""Small pieces every screen uses: plural words, one-line tables laid out by hand, and the
wrapping rules: a command to copy is never broken, a choice wraps under its text, an
explanation is never wider than EXPLANATION_WIDTH.

Imports nothing from the layers below but the core: values in, text on a console out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from quiz.safetext import safe_text

if TYPE_CHECKING:
    from quiz.model import Question
    from quiz.schedule.shuffle import ChoiceOrder


EXPLANATION_WIDTH = 100
"""The widest an explanation is printed: prose is hard to follow across a wide terminal."""

# A word as the student reads it, where a `command in backticks` counts as one word (with
# the punctuation that follows it) however many spaces it holds.
_WORD = re.compile(r"(?:`[^`\n]*`|[^\s`]|`)+")


def plural(count: int, word: str) -> str:
    """`1 card`, `2 cards`, `1,204 cards`: for the nouns that take an s."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def print_table(
    console: Console,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    give_way: Iterable[tuple[int, int]] = (),
    right: Collection[int] = (),
) -> None:
    """Columns of one-line cells (str or Text), two spaces apart, or one where the terminal
    is narrow. Narrower still, the columns in `give_way` ((index, narrowest) pairs, first
    gives first) are cut with an ellipsis. Laid out here rather than by rich's Table, which
    takes seconds over the rows of a 10,000-question bank."""
    cells = [[c if isinstance(c, Text) else Text(str(c)) for c in row] for row in rows]
    cells.insert(0, [Text(h, style="bold") for h in headers])
    widths = [max(cell.cell_len for cell in column) for column in zip(*cells, strict=True)]
    room = sum(max(0, widths[index] - floor) for index, floor in give_way)
    gap = 2 if sum(widths) + 2 * (len(widths) - 1) - console.width <= room else 1
    excess = sum(widths) + gap * (len(widths) - 1) - console.width
    for index, floor in give_way:
        cut = max(0, min(excess, widths[index] - floor))
        widths[index] -= cut
        excess -= cut
    space = Text(" " * gap)
    lines = []
    for row in cells:
        for index, (cell, width) in enumerate(zip(row, widths, strict=True)):
            if cell.cell_len > width:
                cell.truncate(width, overflow="ellipsis")
            cell.align("right" if index in right else "left", width)
        line = space.join(row)
        line.rstrip()
        lines.append(line)
    console.print(Text("\n").join(lines), soft_wrap=True)


def print_question(
    console: Console,
    question: Question,
    prompt: str,
    lang: str | None,
    order: ChoiceOrder | None = None,
) -> None:
    """A question as every screen shows it: its prompt (already filled for the variant),
    then its choices lettered A, B, C… in `order` (the bank's when None, as `quiz show`
    keeps it); bank text, so its control characters are shown."""
    from quiz.model import pick  # not at the top: `quiz --help` loads this module

    console.print(Text(safe_text(prompt)))
    choices = question.choices if order is None else order.choices(question)
    for index, choice in enumerate(choices):
        print_hanging(console, f"  {chr(65 + index)}) ", safe_text(pick(choice, lang)))


def print_hanging(console: Console, lead: str, text: str) -> None:
    """`lead` then `text`, whose wrapped lines start under its first character, not under
    the lead: a choice's letter stays alone at the left edge."""
    indent = cell_len(lead)
    lines = Text(text).wrap(console, max(console.width - indent, 20))
    shown = Text()
    for index, line in enumerate(lines):
        line.rstrip()
        shown.append(lead if index == 0 else " " * indent)
        shown.append_text(line)
        if index < len(lines) - 1:
            shown.append("\n")
    console.print(shown, soft_wrap=True)


def print_keeping_commands(console: Console, text: str, style: str = "") -> None:
    """`text` wrapped at the terminal's width, except that a `command in backticks` is never
    broken: one that does not fit on the line starts the next, and one wider than the
    terminal runs past its edge, which the terminal folds without a newline, so that a copy
    of it is still one command. Plain text in, no markup read."""
    lines = [line for paragraph in text.split("\n") for line in _lay_out(paragraph, console.width)]
    console.print(Text("\n".join(lines), style=style), soft_wrap=True)


def _lay_out(paragraph: str, width: int) -> list[str]:
    """A paragraph's words in lines of at most `width` cells (a single word may be wider);
    the lines after the first keep the paragraph's indent."""
    indent = paragraph[: len(paragraph) - len(paragraph.lstrip())]
    lines: list[str] = []
    line = ""
    for word in _WORD.findall(paragraph):
        if line and cell_len(indent + line + " " + word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(indent + line)
    return lines


def print_explanation(console: Console, explanation: str | Text, style: str = "italic") -> None:
    """An explanation, wrapped at the terminal's width but at most EXPLANATION_WIDTH columns;
    plain text (no markup read) is shown in `style`."""
    shown = Text(explanation, style=style) if isinstance(explanation, str) else explanation
    console.print(shown, width=min(console.width, EXPLANATION_WIDTH))
