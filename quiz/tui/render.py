"""Small pieces every screen uses: plural words, one-line tables laid out by hand.

Imports nothing from the layers below but the core: values in, text on a console out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from quiz.safetext import safe_text

if TYPE_CHECKING:
    from quiz.model import Question


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


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


def print_question(console: Console, question: Question, prompt: str, lang: str | None) -> None:
    """A question as every screen shows it: its prompt (already filled for the variant),
    then its choices lettered A, B, C…; bank text, so its control characters are shown."""
    from quiz.model import pick  # not at the top: `quiz --help` loads this module

    console.print(Text(safe_text(prompt)))
    for index, choice in enumerate(question.choices):
        console.print(Text(safe_text(f"  {chr(65 + index)}) {pick(choice, lang)}")))
