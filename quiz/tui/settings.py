"""The `quiz config` screen: every setting, its value, where it comes from, what it means."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from quiz.config import Setting
from quiz.safetext import safe_text
from quiz.tui.render import print_table
from quiz.tui.words import say


def listing(
    console: Console,
    rows: Sequence[tuple[Setting, Any, str]],
    path: Path,
    banks: Sequence[Path] = (),
) -> None:
    cells = [
        [known.name, "—" if value is None else str(value), source, known.meaning]
        for known, value, source in rows
    ]
    print_table(console, ("setting", "value", "from", "meaning"), cells, give_way=((3, 12),))
    if banks:
        # A path is the student's own text, like a bank's.
        shown = safe_text(", ".join(map(str, banks)), multiline=False)
        console.print(Text(f"Registered banks (quiz banks add/remove): {shown}"), soft_wrap=True)
    console.print(Text(f"Settings file: {path}", style="dim"), soft_wrap=True)


def changed(console: Console, name: str, value: Any, path: Path) -> None:
    console.print(f"{name} = {value}  (saved in {path})", soft_wrap=True)


def reset(console: Console, setting: Setting, default: Any) -> None:
    shown = setting.unset if default is None else default
    console.print(f"{setting.name} is back to its default ({shown})")


def overridden(console: Console, variable: str, value: str) -> None:
    console.print(f"Note: {variable}={value} is set, and wins over the file.", style="yellow")


def bank_exam_dates(console: Console, days: Mapping[str, date], lang: str | None = None) -> None:
    """The banks' own exam days, under the settings (`quiz config`); nothing if none."""
    if not days:
        return
    each = say(", ", lang).join(f"{bank} {day.isoformat()}" for bank, day in days.items())
    line = say("Exam dates of banks (quiz config exam_date DAY --bank ID): {each}", lang, each=each)
    console.print(Text(safe_text(line, multiline=False)), soft_wrap=True)


def bank_exam_date_changed(
    console: Console,
    bank: str,
    day: date | None,
    overall: date | None,
    path: Path,
    lang: str | None = None,
) -> None:
    """A bank's own exam day set (`day`) or taken out (None: it follows exam_date again)."""
    if day is not None:
        line = say(
            "exam_date of {bank} = {day}  (saved in {path})",
            lang,
            bank=bank,
            day=day.isoformat(),
            path=path,
        )
    elif overall is not None:
        line = say(
            "{bank} has no exam day of its own: it follows exam_date ({day})",
            lang,
            bank=bank,
            day=overall.isoformat(),
        )
    else:
        line = say("{bank} has no exam day of its own, and exam_date is not set", lang, bank=bank)
    console.print(Text(safe_text(line, multiline=False)), soft_wrap=True)


def exam_over(console: Console, day: date, lang: str | None = None) -> None:
    """An exam day just set is over: it changes nothing."""
    console.print(
        say(
            "Note: {day} is over: an exam date rules until its day, and the normal schedule"
            " applies after it.",
            lang,
            day=day.isoformat(),
        ),
        style="yellow",
        soft_wrap=True,
    )
