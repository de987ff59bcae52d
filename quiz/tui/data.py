"""What the data commands print: the backups (`quiz backup --list`), the warning of a daily
backup that failed, and what `quiz import anki` wrote.

The warning can come in the middle of a review, so it is worded in the student's language
(words.py); the lists are a command's output, in English like `quiz list`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.text import Text

from quiz.export.anki_import import ImportSummary
from quiz.safetext import safe_text
from quiz.study.backups import Backup
from quiz.tui.render import plural
from quiz.tui.words import say


def backup_failed(reason: str, lang: str | None) -> None:
    """One line on stderr: today's backup was not made, and the answers are still saved."""
    line = say(
        "warning: no backup today ({reason}); your answers are saved as usual", lang, reason=reason
    )
    Console(stderr=True, highlight=False).print(
        Text(safe_text(line, multiline=False), style="yellow"), soft_wrap=True
    )


def backup_list(console: Console, found: Sequence[Backup], folder: Path) -> None:
    """The daily backups, newest first: name, study day, size; then where they are."""
    if not found:
        console.print(
            Text(
                safe_text(
                    f"No daily backups yet in {folder}: one is made before the first answer"
                    " of each study day."
                )
            ),
            soft_wrap=True,
        )
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    table.add_column("name", no_wrap=True)
    table.add_column("day", no_wrap=True)
    table.add_column("size", no_wrap=True, justify="right")
    for backup in found:
        table.add_row(backup.name, backup.day.isoformat(), _size(backup.size))
    console.print(table)
    console.print(
        Text(
            safe_text(
                f"{plural(len(found), 'backup')} in {folder}; `quiz restore NAME` restores one."
            )
        ),
        soft_wrap=True,
    )


def imported(console: Console, summary: ImportSummary) -> None:
    """What an import wrote: the bank, its questions, its media, what it left out."""
    console.print(
        Text(
            safe_text(
                f"Wrote {summary.bank_file} (bank {summary.bank_id}):"
                f" {plural(summary.questions, 'question')} from {plural(summary.notes, 'note')}"
                f" ({summary.text} text, {summary.open} open)."
            )
        ),
        soft_wrap=True,
    )
    if summary.media_dir is not None:
        console.print(
            Text(
                safe_text(f"Copied {plural(summary.media, 'media file')} to {summary.media_dir}.")
            ),
            soft_wrap=True,
        )
    if summary.missing_media:
        names = ", ".join(sorted(set(summary.missing_media)))
        console.print(
            Text(safe_text(f"Not in the package, referenced by name only: {names}."), "yellow"),
            soft_wrap=True,
        )
    for reason, count in sorted(summary.skipped.items()):
        console.print(
            Text(safe_text(f"Left out {plural(count, 'note')} ({reason})."), "yellow"),
            soft_wrap=True,
        )
    console.print(Text(safe_text(f"Check it with: quiz check {summary.bank_file}")))


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
