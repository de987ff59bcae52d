"""The `quiz config` screen: every setting, its value, where it comes from, what it means."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from quiz.config import Setting
from quiz.safetext import safe_text
from quiz.tui.render import print_table


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
