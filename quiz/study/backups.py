"""Daily backups: one copy of the database per study day, made before its first write, and
the ones kept (the last 7 days, the last 4 weeks).

Owns the folder's names and what is kept; the copy itself is Store.backup_to's (SQLite's
backup API, safe while another review writes), and checking a backup before a restore is
Store.restore_from's. The backup is made through the store's `before_first_write` hook,
which the command line sets (`daily_backup`), so a command that only reads never copies
anything, and a review pays for the copy only once its first answer is saved. A backup that
fails says why and lets the write go on: losing a day's backup must never lose an answer.

What is kept follows restic's `forget --keep-daily 7 --keep-weekly 4`: the newest backup
of each of the 7 latest days that have one, and the newest of each of the 4 latest ISO
weeks that have one. Counting days that have a backup, not calendar days, means a student
back from a month away still has last month's copies, not just today's.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from quiz.errors import QuizError, StoreError
from quiz.store import Store

KEEP_DAYS = 7
KEEP_WEEKS = 4
_NAME = re.compile(r"quiz-(\d{4}-\d{2}-\d{2})\.sqlite")


@dataclass(frozen=True)
class Backup:
    """One file of the backups folder: its name, the study day it was made on, its size
    and when it was written."""

    path: Path
    day: date
    size: int
    modified: datetime

    @property
    def name(self) -> str:
        return self.path.name


def backup_name(day: date) -> str:
    """The file name of the backup made on study day `day`: quiz-2026-12-02.sqlite."""
    return f"quiz-{day.isoformat()}.sqlite"


def daily_backup(store: Store, folder: Path, day: date, warn: Callable[[str], None]) -> Path | None:
    """Make the backup of study day `day` in `folder` unless it exists, then prune the
    folder; returns the backup made (None: there was one already, or it failed). A failure
    is passed to `warn`, in one line, and raises nothing."""
    target = folder / backup_name(day)
    if target.exists():
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        store.backup_to(target)
    except StoreError as exc:
        # Another quiz may have made it meanwhile: that is the day's backup, not a failure.
        if not target.exists():
            warn(str(exc))
        return None
    except OSError as exc:
        warn(f"{exc.filename or folder}: {exc.strerror or exc}")
        return None
    with contextlib.suppress(QuizError):  # not listed now: the next backup prunes it
        prune(folder)
    return target


def backups(folder: Path) -> list[Backup]:
    """The daily backups in `folder`, newest first; other files are not backups."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise QuizError(f"{folder}: cannot list the backups ({exc.strerror})") from None
    for entry in entries:
        match = _NAME.fullmatch(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            day = date.fromisoformat(match[1])
            info = entry.stat(follow_symlinks=False)
        except (ValueError, OSError):
            continue
        modified = datetime.fromtimestamp(info.st_mtime, timezone.utc)
        found.append(Backup(Path(entry.path), day, info.st_size, modified))
    return sorted(found, key=lambda b: (b.day, b.modified), reverse=True)


def kept(found: list[Backup]) -> list[Backup]:
    """Which backups (newest first) are kept: the newest of each of the KEEP_DAYS latest
    days that have one, and the newest of each of the KEEP_WEEKS latest ISO weeks."""
    keep: list[Backup] = []
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    for backup in found:
        week = backup.day.isocalendar()[:2]
        # The first seen of a day (or week) is its newest: `found` is newest first.
        if (backup.day not in days and len(days) < KEEP_DAYS) or (
            week not in weeks and len(weeks) < KEEP_WEEKS
        ):
            keep.append(backup)
        days.add(backup.day)
        weeks.add(week)
    return keep


def prune(folder: Path) -> list[Path]:
    """Remove the backups that `kept` does not keep; returns those removed. One that cannot
    be removed is left for the next day's pruning."""
    found = backups(folder)
    keep = {b.path for b in kept(found)}
    removed = []
    for backup in found:
        if backup.path in keep:
            continue
        try:
            backup.path.unlink()
        except OSError:
            continue
        removed.append(backup.path)
    return removed


def named(argument: str, folder: Path) -> Path:
    """What `quiz restore` was given: a name from `quiz backup --list` (a file of the
    backups folder), else a path as typed."""
    if argument and os.sep not in argument and _NAME.fullmatch(argument):
        candidate = folder / argument
        if candidate.is_file():
            return candidate
    return Path(argument)
