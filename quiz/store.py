"""The SQLite store: cards, the append-only review log, undo, trust, backups and restores.

All SQL lives here. Each graded answer is one `BEGIN IMMEDIATE` transaction that reads the
card's current state, appends the review and writes the new state, so a second terminal
reviewing at the same time waits its turn instead of failing or overwriting. What a grade
does to a card is the scheduling policy's (quiz.schedule.policy), handed in by the caller;
this module only stores what it returns. The stats queries live here too.

Every SQLite failure leaves this module as a StoreError that names the file and says what
happened in words a student can act on (a full disk is not a damaged database), and so does a
row whose stored text cannot be read back. Trust in a snippet is sealed with a key kept beside
the database (`trust.key`), never inside it, so a database made elsewhere trusts nothing here.
A restore checks a private copy of the backup against quiz's exact schema before it replaces
anything.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import fcntl
import functools
import itertools
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

from quiz import migrations
from quiz.clock import utc_text
from quiz.errors import StoreError
from quiz.model import (
    Card,
    CardState,
    Phrase,
    Recorded,
    Review,
    Scheduled,
    day_text,
    decimal_value,
    parse_day,
)

BUSY_TIMEOUT_SECONDS = 15.0
KEY_FILE = "trust.key"
DEVICE_FILE = "device.id"
"""This home's id among the machines `quiz sync` merges, beside the database, never in it."""
READ_ONLY = "the database or its folder is read-only; nothing was saved"

# In-memory stores (tests, previews) have no folder to keep a key in: one key per process.
_PROCESS_KEY = os.urandom(32)
# What parsing a stored date, number or JSON state raises when the text in the row is bad.
_ROW_ERRORS = (ValueError, TypeError, KeyError, ArithmeticError)

M = TypeVar("M", bound=Callable[..., Any])


def describe_sqlite_error(exc: sqlite3.Error) -> str:
    """What an SQLite failure means for the student, with SQLite's own words in brackets.

    A full disk or a read-only folder must never read as a damaged database: that wording
    invites deleting a file that is fine.
    """
    text = str(exc)
    code = getattr(exc, "sqlite_errorname", "") or ""  # Python 3.11+; the text before that
    if code.startswith("SQLITE_READONLY") or "readonly" in text:
        return f"{READ_ONLY} ({text})"
    if code == "SQLITE_FULL" or "disk is full" in text:
        return f"the disk is full; nothing was saved ({text})"
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "is locked" in text:
        return f"database is busy ({text}); try again"
    if code.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_PERM")) or any(
        words in text for words in ("unable to open", "disk I/O error")
    ):
        return f"cannot read or write the database file ({text})"
    if code == "SQLITE_NOTADB" or "not a database" in text:
        return f"not a quiz database ({text})"
    if _corrupt(exc):
        return f"the database is damaged ({text}); restore a backup with `quiz restore`"
    if text.startswith(("no such table", "no such column")):
        return f"the quiz schema in it is damaged ({text}); restore a backup with `quiz restore`"
    return text


def _corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorname", "") or ""
    return code.startswith("SQLITE_CORRUPT") or "malformed" in str(exc)


class _DamagedRow(Exception):
    """A row whose stored text (a date, a number, a JSON state) cannot be read back."""


def _named_errors(method: M) -> M:
    """Run a Store method inside `Store._errors_named` (see there)."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        with self._errors_named():
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


Schedule = Callable[[Card | None, str, int, datetime, date], Card]
"""The scheduling policy: a card's next state from the one before (None: new), the grade,
the time and the study day."""


class _NotShown(enum.Enum):
    TOKEN = 0


NOT_SHOWN = _NotShown.TOKEN
"""`record` without `shown`: the grade is saved whatever the card is now (a test, an import)."""


@dataclass(frozen=True)
class Action:
    """One thing done to a card in a review that `undo_action` can take back: a grade (its
    row in the log), a suspension or a burial, with the card before and after (set-asides)."""

    id: int
    kind: str  # "grade", "suspend" or "bury"
    question_id: str
    review_id: int | None
    before: Card | None
    after: Card | None


class Store:
    """A quiz database; opening it applies any pending migrations.

    A database whose file or folder the user cannot write is opened read-only (`read_only`):
    everything that only reads works, and every write is refused with one clear message.
    """

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.read_only = False
        self.before_first_write: Callable[[], None] | None = None
        """Called once, before this store's first write transaction: the caller's (the
        daily backup, study/backups.py); the store only calls it."""
        self._in_memory = self.path == ":memory:"
        self._key: bytes | None = None
        self._device: str | None = None
        self._held = False
        if not self._in_memory:
            _prepare_folder(Path(self.path))
        try:
            self.conn = self._connect()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {describe_sqlite_error(exc)}") from None
        try:
            self._migrate()
        except sqlite3.Error as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: {describe_sqlite_error(exc)}") from None
        except BaseException:
            self.conn.close()
            raise

    def close(self) -> None:
        self.conn.close()

    def _connect(self) -> sqlite3.Connection:
        path = Path(self.path)
        if self._in_memory or not path.exists() or (_writable(path) and _writable(path.parent)):
            return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        # mode=ro: SQLite itself refuses every write (root's too), so reading commands work
        # on a read-only home and writing ones fail with one message instead of half-writing.
        self.read_only = True
        uri = f"{path.resolve().as_uri()}?mode=ro"
        wal = path.with_name(f"{path.name}-wal")
        if not _writable(path.parent) and not (wal.exists() and wal.stat().st_size):
            # A WAL database wants a -shm file beside it, which an unwritable folder cannot
            # hold. With no -wal content the file alone is the whole database and nobody can
            # be writing it, so it is read as immutable (no -shm, no locks).
            uri += "&immutable=1"
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)

    def _migrate(self) -> None:
        applied = self._applied()
        if len(applied) == len(migrations.NAMES) and (
            self._in_memory or self.read_only or self._journal_mode() == "wal"
        ):
            return
        if self.read_only:
            raise StoreError(
                f"{self.path}: read-only, and this version of quiz must upgrade it first"
                f" (schema step {migrations.NAMES[len(applied)]})"
            )
        with self._creation_lock():
            # Another quiz may have created or upgraded the file while this one waited.
            applied = self._applied()
            if not applied and self._foreign_tables():
                raise StoreError(f"{self.path}: an SQLite database, but not a quiz database")
            if len(applied) < len(migrations.NAMES):
                migrations.apply_pending(self.conn)
            if not self._in_memory:
                self._use_wal()

    def _applied(self) -> list[str]:
        applied = migrations.applied_names(self.conn)
        unknown = [name for name in applied if name not in migrations.NAMES]
        if unknown:
            raise StoreError(
                f"{self.path}: written by a newer version of quiz (schema step {unknown[0]});"
                " upgrade quiz to open it"
            )
        return applied

    @contextmanager
    def _creation_lock(self) -> Iterator[None]:
        """Only one quiz at a time creates or upgrades a database file.

        Commands started together on a fresh home would otherwise each create the tables
        (`table cards already exists`) or trip over each other's schema changes. The lock is
        a file beside the database (`quiz.db.lock`), taken only when a step is pending.
        """
        if self._in_memory:
            yield
            return
        lock_path = Path(f"{self.path}.lock")
        try:
            handle = open(lock_path, "a")
        except OSError as exc:
            raise StoreError(f"{lock_path}: cannot create the lock file ({exc.strerror})") from None
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    @contextmanager
    def _errors_named(self) -> Iterator[None]:
        """SQLite errors and unreadable rows become a StoreError that names the file."""
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {describe_sqlite_error(exc)}") from None
        except _DamagedRow as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def _journal_mode(self) -> str:
        (mode,) = self.conn.execute("PRAGMA journal_mode").fetchone()
        return mode

    def _foreign_tables(self) -> bool:
        row = self.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'"
        ).fetchone()
        return row[0] > 0

    def _use_wal(self) -> None:
        if self._journal_mode() != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front so a busy database waits, not fails.
        Inside `transaction()`, a write is part of that one transaction."""
        if self._held:
            yield self.conn
            return
        if self.read_only:
            raise StoreError(f"{self.path}: {READ_ONLY}")
        hook, self.before_first_write = self.before_first_write, None
        if hook is not None:
            hook()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {describe_sqlite_error(exc)}") from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            # SQLite ends the transaction itself on some errors (a full disk): roll back only
            # what is still open, and let the error that got here be the one reported.
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction around the several steps of a use case (a sync): every
        write made through this store inside the block commits with it, or none does."""
        with self._errors_named(), self._write():
            self._held = True
            try:
                yield
            finally:
                self._held = False

    # -- reading cards ----------------------------------------------------------------------

    @_named_errors
    def card(self, question_id: str) -> Card | None:
        row = self.conn.execute(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE question_id = ?", [question_id]
        ).fetchone()
        return _card(row) if row else None

    @_named_errors
    def cards(self, question_ids: Iterable[str] | None = None) -> dict[str, Card]:
        """Cards by question id: all of them, or those of `question_ids` that exist."""
        if question_ids is None:
            rows = self.conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards")
        else:
            rows = self.conn.execute(
                f"SELECT {_CARD_COLUMNS} FROM cards WHERE question_id IN"
                " (SELECT value FROM json_each(?))",
                [json.dumps(list(question_ids))],
            )
        return {row[0]: _card(row) for row in rows}

    @_named_errors
    def due(self, today: date, question_ids: Iterable[str] | None = None) -> list[tuple[str, date]]:
        """(question id, due day) of unsuspended cards due by `today`, most overdue first;
        a card buried until a later day waits for it."""
        sql = (
            "SELECT question_id, due_day FROM cards WHERE suspended = 0 AND due_day <= ?"
            " AND (buried_until IS NULL OR buried_until <= ?)"
        )
        args: list[Any] = [today.isoformat(), today.isoformat()]
        if question_ids is not None:
            sql += " AND question_id IN (SELECT value FROM json_each(?))"
            args.append(json.dumps(list(question_ids)))
        rows = self.conn.execute(sql + " ORDER BY due_day, question_id", args)
        return [(qid, _parse_due_day(qid, day)) for qid, day in rows]

    @_named_errors
    def buried_ids(self, today: date) -> set[str]:
        """The question ids of the cards buried until after `today` (out of its queue)."""
        rows = self.conn.execute(
            "SELECT question_id FROM cards WHERE buried_until > ?", [today.isoformat()]
        )
        return {qid for (qid,) in rows}

    @_named_errors
    def introduced_ids(self, day: date) -> list[str]:
        """The question ids of the new cards first reviewed on `day` (the new-card limits
        count them by bank, which the store leaves to the catalog)."""
        rows = self.conn.execute(
            "SELECT question_id FROM cards WHERE introduced_day = ?", [day.isoformat()]
        )
        return [qid for (qid,) in rows]

    @_named_errors
    def due_by(self, day: date, question_ids: Iterable[str] | None = None) -> int:
        """How many unsuspended cards are due on or before `day`."""
        if question_ids is None:
            (count,) = self.conn.execute(
                "SELECT count(*) FROM cards WHERE suspended = 0 AND due_day <= ?",
                [day.isoformat()],
            ).fetchone()
            return count
        return len(self.due(day, question_ids))

    # -- the log ----------------------------------------------------------------------------

    @_named_errors
    def history(self, question_id: str, earlier_ids: Iterable[str] = ()) -> list[Review]:
        """The log of a question, including reviews made under its `earlier_ids`."""
        ids = [question_id, *earlier_ids]
        rows = self.conn.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE question_id IN"
            " (SELECT value FROM json_each(?)) ORDER BY id",
            [json.dumps(ids)],
        )
        return [_review(row) for row in rows]

    @_named_errors
    def follow_renames(self, renames: dict[str, str]) -> list[tuple[str, str]]:
        """Move cards from old ids to new ones ({old: new}); the log keeps its rows.

        Only a card whose new id has none yet moves, so running this again is harmless.
        Returns the (old, new) pairs that moved.
        """
        if not renames:
            return []
        moved = []
        with self._write():
            for old, new in renames.items():
                cursor = self.conn.execute(
                    "UPDATE cards SET question_id = ? WHERE question_id = ?"
                    " AND NOT EXISTS (SELECT 1 FROM cards WHERE question_id = ?)",
                    [new, old, new],
                )
                if cursor.rowcount:
                    moved.append((old, new))
                    self.conn.execute(
                        "UPDATE OR IGNORE flags SET question_id = ? WHERE question_id = ?",
                        [new, old],
                    )
        return moved

    @_named_errors
    def review(self, review_id: int) -> Review | None:
        row = self.conn.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE id = ?", [review_id]
        ).fetchone()
        return _review(row) if row else None

    def all_reviews(self) -> Iterator[Review]:
        """The whole log, oldest first, read in one consistent snapshot."""
        # Not @_named_errors: a generator's errors come while it is iterated, not called.
        with self._errors_named():
            for row in self.conn.execute(f"SELECT {_REVIEW_COLUMNS} FROM reviews ORDER BY id"):
                yield _review(row)

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the database, safe while another process is reviewing.

        The copy is written under a temporary name beside `target` and takes its name only
        once complete, so a backup killed half-way leaves no partial file that looks like a
        backup. An existing `target` is never replaced.
        """
        if os.path.lexists(target) or not self._copy_to(target):
            raise StoreError(f"{target}: already exists; choose a new file name")

    def restore_from(self, source: Path, *, keep_current_as: Path) -> Path:
        """Replace this database's content with a backup; returns where the old content is.

        The backup is first copied to a private file, and only that copy is checked and
        restored, so the file cannot change between the check and its use. The check is
        exact (quiz's own tables, indexes and columns as the backup's schema steps make them,
        nothing more: a trigger in a backup would run on the student's next answer), and
        nothing here changes before it passes. The current content is then kept at
        `keep_current_as` (or that name with `-2`, `-3`… if it is taken).
        """
        import shutil
        import tempfile

        if self.read_only:
            raise StoreError(f"{self.path}: {READ_ONLY}")
        if not source.is_file():
            raise StoreError(f"{source}: no such file")
        wal = source.with_name(f"{source.name}-wal")
        if wal.exists() and wal.stat().st_size:
            raise StoreError(
                f"{source}: not a complete backup: part of it is still in {wal.name};"
                " make backups with `quiz backup`"
            )
        folder = None if self._in_memory else Path(self.path).parent
        try:
            handle, name = tempfile.mkstemp(dir=folder, prefix=".quiz-restore-", suffix=".db")
            os.close(handle)
        except OSError as exc:
            raise StoreError(f"{folder}: cannot write a working copy ({exc.strerror})") from None
        private = Path(name)
        try:
            try:
                shutil.copyfile(source, private)
            except OSError as exc:
                raise StoreError(f"{source}: cannot read it ({exc.strerror})") from None
            # immutable: the private copy is nobody else's, so no locks and no -wal/-shm files.
            copy = sqlite3.connect(f"{private.resolve().as_uri()}?immutable=1", uri=True)
            try:
                _check_backup(copy, source)
                kept = self._keep_copy(keep_current_as)
                try:
                    copy.backup(self.conn)
                except sqlite3.Error as exc:
                    # SQLite rolls the copy back as a whole: the kept copy is not needed.
                    kept.unlink(missing_ok=True)
                    raise StoreError(
                        f"{source}: not restored ({exc}); the database is unchanged"
                    ) from None
            finally:
                copy.close()
        finally:
            private.unlink(missing_ok=True)
        try:
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {describe_sqlite_error(exc)}") from None
        return kept

    def _keep_copy(self, base: Path) -> Path:
        """Back up to `base`, or to the first of `base-2`, `base-3`… that is free."""
        target, number = base, 1
        while os.path.lexists(target) or not self._copy_to(target):
            number += 1
            target = base.with_name(f"{base.name}-{number}")
        return target

    def _copy_to(self, target: Path) -> bool:
        """Write a copy to a temporary file beside `target`, then give it that name.

        False if the name was taken meanwhile (the copy is then discarded).
        """
        import tempfile

        try:
            handle, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
            )
            os.close(handle)
        except OSError as exc:
            raise StoreError(f"{target}: cannot write the backup ({exc.strerror})") from None
        temp = Path(name)
        try:
            copy = sqlite3.connect(temp)
            try:
                self.conn.backup(copy)
            finally:
                copy.close()
            return _publish(temp, target)
        except sqlite3.Error as exc:
            raise StoreError(f"{target}: cannot write the backup ({exc})") from None
        except OSError as exc:
            raise StoreError(f"{target}: cannot write the backup ({exc.strerror})") from None
        finally:
            temp.unlink(missing_ok=True)

    @_named_errors
    def review_count(self) -> int:
        (count,) = self.conn.execute("SELECT count(*) FROM reviews").fetchone()
        return count

    # -- the scheduler: its values, and cards rebuilt from the log ---------------------------

    @_named_errors
    def scheduled_reviews(self) -> list[Scheduled]:
        """Every review that moved a schedule (no drill, none undone), oldest first."""
        return self._scheduled_reviews()

    def _scheduled_reviews(self) -> list[Scheduled]:
        rows = self.conn.execute(
            "SELECT question_id, at, day, grade FROM reviews r WHERE kind = 'review'"
            " AND grade IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id)"
            " ORDER BY id"
        )
        try:
            return [
                Scheduled(qid, at, date.fromisoformat(day), grade) for qid, at, day, grade in rows
            ]
        except _ROW_ERRORS as exc:
            raise _DamagedRow(f"damaged review day ({_cause(exc)})") from None

    @_named_errors
    def scheduler_value(self, name: str) -> Any:
        """One of the scheduler's stored values (JSON), None if it has none."""
        row = self.conn.execute("SELECT value FROM scheduler WHERE name = ?", [name]).fetchone()
        if row is None:
            return None
        try:
            return json.loads(row[0])
        except ValueError as exc:
            raise _DamagedRow(f"damaged scheduler value {name!r} ({_cause(exc)})") from None

    @_named_errors
    def set_scheduler_value(self, name: str, value: Any) -> None:
        """Store one of the scheduler's values (JSON); None removes it."""
        with self._write():
            self._set_scheduler_value(name, value)

    def _set_scheduler_value(self, name: str, value: Any) -> None:
        if value is None:
            self.conn.execute("DELETE FROM scheduler WHERE name = ?", [name])
        else:
            self.conn.execute(
                "INSERT INTO scheduler (name, value) VALUES (?, ?) ON CONFLICT (name)"
                " DO UPDATE SET value = excluded.value",
                [name, json.dumps(value, sort_keys=True)],
            )

    @_named_errors
    def rebuild_cards(
        self,
        replay: Callable[[list[Scheduled], dict[str, Card]], Iterable[Card]],
        *,
        marker: tuple[str, Any] | None = None,
    ) -> int:
        """Rebuild cards from the log: `replay` (the caller's, as `record` takes the
        policy) gets the scheduled reviews and the cards, and returns the cards it changed,
        which are written back. Read, replayed and written in one transaction, so a grade
        saved meanwhile in another terminal is never lost; `marker` (name, value) is stored
        with them. Returns how many cards were written."""
        with self._write():
            changed = list(replay(self._scheduled_reviews(), self.cards()))
            for card in changed:
                self._put(card)
            if marker is not None:
                self._set_scheduler_value(*marker)
        return len(changed)

    # -- histories made elsewhere -------------------------------------------------------------

    @_named_errors
    def import_rows(
        self, cards: Iterable[dict[str, Any]], reviews: Iterable[dict[str, Any]]
    ) -> None:
        """Write card and review rows as given, in one transaction: a history made elsewhere
        (the benchmarks' synthetic millions), far faster than grading it answer by answer.
        Each row names its columns, which must be the table's own."""
        with self._write():
            for table, rows in (("cards", cards), ("reviews", reviews)):
                batch = iter(rows)
                first = next(batch, None)
                if first is None:
                    continue
                known = {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}
                unknown = sorted(set(first) - known)
                if unknown:
                    raise StoreError(f"{self.path}: {table} has no column {unknown[0]!r}")
                columns = list(first)
                sql = (
                    f"INSERT INTO {table} ({', '.join(columns)})"
                    f" VALUES ({', '.join(':' + c for c in columns)})"
                )
                self.conn.executemany(sql, itertools.chain([first], batch))

    # -- figures for stats ------------------------------------------------------------------

    @_named_errors
    def undone_review_ids(self) -> set[int]:
        """Ids of the answers an undo took back."""
        rows = self.conn.execute("SELECT undoes FROM reviews WHERE undoes IS NOT NULL")
        return {review_id for (review_id,) in rows}

    @_named_errors
    def uncounted_by_day(self) -> dict[str, int]:
        """Per day, the log rows that are no answer: undos and the answers they took back.
        Undo is rare: these are found through the undoes index, so that the big counts can
        run on the day index alone and subtract them."""
        uncounted: dict[str, int] = {}
        for sql in (
            # INDEXED BY: left alone, SQLite walks the day index (every review) to group.
            "SELECT day FROM reviews INDEXED BY reviews_undone WHERE undoes IS NOT NULL",
            "SELECT day FROM reviews WHERE id IN"
            " (SELECT undoes FROM reviews INDEXED BY reviews_undone WHERE undoes IS NOT NULL)",
        ):
            for (day,) in self.conn.execute(sql):
                uncounted[day] = uncounted.get(day, 0) + 1
        return uncounted

    @_named_errors
    def rows_by_day(self, first: date, last: date) -> dict[str, int]:
        """Log rows per day from `first` to `last`, undos included."""
        rows = self.conn.execute(
            "SELECT day, count(*) FROM reviews WHERE day >= ? AND day <= ? GROUP BY day",
            [first.isoformat(), last.isoformat()],
        )
        return dict(rows.fetchall())

    @_named_errors
    def rows_on(self, day: date) -> int:
        (count,) = self.conn.execute(
            "SELECT count(*) FROM reviews WHERE day = ?", [day.isoformat()]
        ).fetchone()
        return int(count)

    @_named_errors
    def any_rows_on(self, day: date) -> bool:
        row = self.conn.execute("SELECT 1 FROM reviews WHERE day = ? LIMIT 1", [day.isoformat()])
        return row.fetchone() is not None

    @_named_errors
    def answers_on(self, day: date) -> list[tuple[int, str, bool, int | None, float | None]]:
        """(id, kind, was new, correct, seconds) of each answer logged on `day`."""
        rows = self.conn.execute(
            "SELECT id, kind, state_before IS NULL, correct, seconds FROM reviews"
            " WHERE day = ? AND kind != 'undo'",
            [day.isoformat()],
        )
        return [
            (rid, kind, bool(new), correct, seconds) for rid, kind, new, correct, seconds in rows
        ]

    @_named_errors
    def learning(self) -> dict[str, tuple[int, int]]:
        """question id -> (repetitions, interval) of every card not suspended."""
        # NOT INDEXED: every card is read anyway; the due index would add a lookup per row.
        rows = self.conn.execute(
            "SELECT question_id, repetitions, interval, suspended FROM cards NOT INDEXED"
        )
        return {qid: (reps, interval) for qid, reps, interval, suspended in rows if not suspended}

    @_named_errors
    def due_counts(
        self, today: date, last: date, question_ids: Iterable[str] | None = None
    ) -> dict[str, int]:
        """Cards (all, or those of `question_ids`) due on each day up to `last`; anything
        overdue counts on `today`."""
        among, args = _among("question_id", question_ids)
        rows = self.conn.execute(
            "SELECT max(due_day, ?), count(*) FROM cards WHERE suspended = 0 AND due_day <= ?"
            f"{among} GROUP BY max(due_day, ?)",
            [today.isoformat(), last.isoformat(), *args, today.isoformat()],
        )
        return dict(rows.fetchall())

    @_named_errors
    def recall_counts(
        self,
        low: int,
        high: int | None,
        among: set[int] | None = None,
        question_ids: Iterable[str] | None = None,
    ) -> tuple[int, int]:
        """(scheduled reviews, those recalled: grade 3 or more) of cards whose interval was
        from `low` to `high` days, over one range of the retention index; `among` narrows
        them to these review ids, `question_ids` to these questions."""
        sql = (
            "SELECT count(*), coalesce(sum(grade >= 3), 0) FROM reviews"
            " WHERE kind = 'review' AND interval_before >= ? AND interval_before <= ?"
        )
        args: list[Any] = [low, high if high is not None else 2**62]
        if among is not None:
            sql += f" AND id IN ({','.join('?' * len(among))})"
            args += sorted(among)
        of_questions, more = _among("question_id", question_ids)
        sql += of_questions
        args += more
        reviews, recalled = self.conn.execute(sql, args).fetchone()
        return int(reviews), int(recalled)

    @_named_errors
    def most_lapsed(
        self, limit: int, question_ids: Iterable[str] | None = None
    ) -> list[tuple[str, int, float, bool]]:
        """(question id, lapses, easiness, leech) of the cards (all, or those of
        `question_ids`) failed most often."""
        among, args = _among("question_id", question_ids)
        rows = self.conn.execute(
            f"SELECT question_id, lapses, easiness_x100, leech FROM cards WHERE lapses > 0{among}"
            " ORDER BY lapses DESC, easiness_x100 ASC, question_id LIMIT ?",
            [*args, limit],
        )
        return [(qid, lapses, ef / 100, bool(leech)) for qid, lapses, ef, leech in rows]

    @_named_errors
    def leech_ids(self, question_ids: Iterable[str] | None = None) -> list[str]:
        among, args = _among("question_id", question_ids)
        rows = self.conn.execute(f"SELECT question_id FROM cards WHERE leech = 1{among}", args)
        return [qid for (qid,) in rows]

    @_named_errors
    def mistake_counts(
        self, question_ids: Iterable[str] | None = None
    ) -> list[tuple[str, str, int]]:
        """(question id, mistake name, answers that were it) over the whole log, most first;
        undone answers aside."""
        among, args = _among("question_id", question_ids)
        rows = self.conn.execute(
            "SELECT question_id, mistake, count(*) FROM reviews r WHERE mistake IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id)"
            f"{among} GROUP BY question_id, mistake"
            " ORDER BY count(*) DESC, question_id, mistake",
            args,
        )
        return [(qid, name, int(count)) for qid, name, count in rows]

    @_named_errors
    def variant_answers(
        self, question_ids: Iterable[str] | None = None
    ) -> list[tuple[str, str, bool]]:
        """(question id, variant as JSON, right) of every judged answer to a variant of a
        parametric question, same-day repeats included; undone answers aside."""
        among, args = _among("question_id", question_ids)
        rows = self.conn.execute(
            "SELECT question_id, variant, correct FROM reviews r WHERE variant IS NOT NULL"
            " AND correct IS NOT NULL AND kind != 'undo'"
            f" AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id){among}"
            " ORDER BY id",
            args,
        )
        return [(qid, variant, bool(correct)) for qid, variant, correct in rows]

    # -- writing ----------------------------------------------------------------------------

    @_named_errors
    def record(
        self,
        question_id: str,
        grade: int,
        *,
        now: datetime,
        day: date,
        kind: str = "review",
        answer: str | None = None,
        correct: bool | None = None,
        seconds: float | None = None,
        variant: dict[str, Any] | None = None,
        content_hash: str | None = None,
        schedule: Schedule,
        shown: Card | None | _NotShown = NOT_SHOWN,
        mistake: str | None = None,
    ) -> Recorded:
        """Log one graded answer and, for a scheduled review, store the card `schedule`
        makes of it (quiz.schedule.policy.apply): read, scheduled and written in one
        transaction, so a second terminal never grades from a stale card. The store
        persists what the policy returns and decides nothing itself.

        `shown` is the card as it was when the question went on screen: if the card in the
        store is no longer that one (another `quiz review` graded, suspended or buried it
        meanwhile), the grade is refused with a StoreError rather than counted twice.

        A drill (a same-day repeat of a card graded below 4) is logged with the card's
        state unchanged. The grade is journaled for `undo_action`. `mistake` names the
        question's mistake that the answer was, if the judge recognised one.
        """
        if kind not in ("review", "drill"):
            raise ValueError(f"kind must be 'review' or 'drill', not {kind!r}")
        with self._write():
            before = self.card(question_id)
            if shown is not NOT_SHOWN and before != shown:
                raise StoreError(
                    Phrase(
                        "{id} changed in another quiz review after it was shown here",
                        id=question_id,
                    )
                )
            if kind == "drill":
                if before is None:
                    raise StoreError(f"cannot drill {question_id}: it has never been reviewed")
                after = before
            else:
                after = schedule(before, question_id, grade, now, day)
            if content_hash is not None:
                after = replace(after, content_hash=content_hash)
            cursor = self.conn.execute(
                "INSERT INTO reviews (at, day, question_id, kind, variant, answer, correct,"
                " grade, seconds, state_before, state_after, interval_before, mistake)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    utc_text(now),
                    day.isoformat(),
                    question_id,
                    kind,
                    json.dumps(variant, sort_keys=True) if variant is not None else None,
                    answer,
                    None if correct is None else int(correct),
                    int(grade),
                    seconds,
                    before.to_json() if before else None,
                    after.to_json(),
                    _scheduled_interval(before) if before and kind == "review" else None,
                    mistake,
                ],
            )
            review_id = _row_id(cursor)
            self._put(after)
            self.conn.execute(
                "INSERT INTO actions (at, day, question_id, kind, review_id) VALUES (?,?,?,?,?)",
                [utc_text(now), day.isoformat(), question_id, "grade", review_id],
            )
        became_leech = after.leech and not (before and before.leech)
        return Recorded(review_id, before, after, became_leech)

    @_named_errors
    def undo(self, review_id: int, *, now: datetime, day: date) -> Card | None:
        """Take back a graded answer: the card returns to its state before it, from the log.

        The log stays append-only: the undo is a row of its own that names the one it
        cancels. Returns the restored card (None if the card is new again). Refused when the
        card was reviewed, suspended or buried (in a review) after that answer.
        """
        with self._write():
            return self._undo_review(review_id, now=now, day=day)

    def _undo_review(self, review_id: int, *, now: datetime, day: date) -> Card | None:
        target = self.review(review_id)
        if target is None or target.kind not in ("review", "drill"):
            raise StoreError(f"review {review_id} is not a graded answer")
        if self._undone(review_id):
            raise StoreError(f"review {review_id} was already undone")
        (origin,) = self.conn.execute(
            "SELECT origin FROM reviews WHERE id = ?", [review_id]
        ).fetchone()
        if origin is not None and origin.split("/")[0] != self.device_id():
            # An undo is sent as an event of this machine naming one of its own answers.
            raise StoreError(
                Phrase("cannot undo: {id} was answered on another machine", id=target.question_id)
            )
        later = self.conn.execute(
            "SELECT count(*) FROM reviews r WHERE question_id = ? AND id > ?"
            " AND kind = 'review' AND NOT EXISTS"
            " (SELECT 1 FROM reviews u WHERE u.undoes = r.id)",
            [target.question_id, review_id],
        ).fetchone()[0]
        if later and target.kind == "review":
            raise StoreError(
                Phrase(
                    "cannot undo: {id} was reviewed again after that answer", id=target.question_id
                )
            )
        # A grade from before the journal has no row in it: every set-aside is later. (The
        # journal is found by day, the one index it has.)
        set_aside = self.conn.execute(
            "SELECT kind FROM actions WHERE id > coalesce((SELECT max(id) FROM actions"
            " WHERE day = ? AND review_id = ?), 0) AND question_id = ? AND kind != 'grade'"
            " AND undone_at IS NULL",
            [target.day.isoformat(), review_id, target.question_id],
        ).fetchone()
        if set_aside:
            raise StoreError(_set_aside_after_answer(set_aside[0], target.question_id))
        current = self.card(target.question_id)
        restored = target.before if target.kind == "review" else current
        if restored is None:
            self.conn.execute("DELETE FROM cards WHERE question_id = ?", [target.question_id])
        else:
            # Suspension with `quiz suspend` is the student's own choice: keep it.
            keep = current.suspended and not current.leech if current else False
            self._put(replace(restored, suspended=restored.suspended or keep))
        self.conn.execute(
            "INSERT INTO reviews (at, day, question_id, kind, state_before, state_after,"
            " undoes) VALUES (?,?,?,?,?,?,?)",
            [
                utc_text(now),
                day.isoformat(),
                target.question_id,
                "undo",
                current.to_json() if current else None,
                restored.to_json() if restored else None,
                review_id,
            ],
        )
        self.conn.execute(
            "UPDATE actions SET undone_at = ? WHERE day = ? AND review_id = ?",
            [utc_text(now), target.day.isoformat(), review_id],
        )
        return restored

    @_named_errors
    def set_aside(self, question_id: str, kind: str, *, now: datetime, day: date) -> int:
        """Suspend a card (`kind` "suspend": out of every queue until unsuspended) or bury
        it ("bury": out of the queue until the next study day, its schedule untouched), as
        an action of `day` that `undo_action` can take back; returns the action's id."""
        if kind not in _SET_ASIDE:
            raise ValueError(f"kind must be 'suspend' or 'bury', not {kind!r}")
        with self._write():
            before = self.card(question_id)
            # A new card gets a card to hold the mark, as `quiz suspend` gives it one.
            after = before or Card(question_id, CardState(), day)
            if kind == "suspend":
                after = replace(after, suspended=True)
            self._put(after)
            if kind == "bury":
                self.conn.execute(
                    "UPDATE cards SET buried_until = ? WHERE question_id = ?",
                    [(day + timedelta(days=1)).isoformat(), question_id],
                )
            cursor = self.conn.execute(
                "INSERT INTO actions (at, day, question_id, kind, card_before, card_after)"
                " VALUES (?,?,?,?,?,?)",
                [
                    utc_text(now),
                    day.isoformat(),
                    question_id,
                    kind,
                    before.to_json() if before else None,
                    after.to_json(),
                ],
            )
            action_id = _row_id(cursor)
            if kind == "suspend":
                self._note("suspended", utc_text(now), True, day=day, question_id=question_id)
            else:
                until = (day + timedelta(days=1)).isoformat()
                self._note("buried", utc_text(now), until, day=day, question_id=question_id)
        return action_id

    @_named_errors
    def last_action(self, day: date) -> Action | None:
        """The latest grade, suspension or burial of `day` not yet undone, whichever session
        made it."""
        row = self.conn.execute(
            f"SELECT {_ACTION_COLUMNS} FROM actions WHERE day = ? AND undone_at IS NULL"
            " ORDER BY id DESC LIMIT 1",
            [day.isoformat()],
        ).fetchone()
        return _action(row) if row else None

    @_named_errors
    def undo_action(
        self, action_id: int, *, now: datetime, day: date, question_id: str | None = None
    ) -> Card | None:
        """Take back one journaled action: a grade as `undo` does, a suspension or burial by
        putting the card back as it was before it. Returns the card as restored (None: the
        card is new again). StoreError ("cannot undo: …") when anything touched the card
        since: a later action, or a change the journal does not know of. With `question_id`,
        the action must be on that question (a restored database reuses action ids)."""
        with self._write():
            row = self.conn.execute(
                f"SELECT {_ACTION_COLUMNS}, undone_at FROM actions WHERE id = ?", [action_id]
            ).fetchone()
            if row is None or question_id not in (None, row[2]):
                raise StoreError(
                    Phrase(
                        "cannot undo: the database no longer holds that action on {id}"
                        " (it was restored or changed since)",
                        id=question_id,
                    )
                    if question_id
                    else Phrase(
                        "cannot undo: the database no longer holds action {number}"
                        " (it was restored or changed since)",
                        number=action_id,
                    )
                )
            action = _action(row[:-1])
            if row[-1] is not None:
                raise StoreError(
                    Phrase("cannot undo: that action on {id} was undone", id=action.question_id)
                )
            if action.kind == "grade" and action.review_id is not None:
                return self._undo_review(action.review_id, now=now, day=day)
            newer = self.conn.execute(
                "SELECT 1 FROM actions WHERE question_id = ? AND id > ? AND undone_at IS NULL",
                [action.question_id, action_id],
            ).fetchone()
            if newer or self.card(action.question_id) != action.after:
                raise StoreError(_changed_since_set_aside(action.kind, action.question_id))
            self._note_set_aside_undone(action, now, day)
            if action.before is None:
                self.conn.execute("DELETE FROM cards WHERE question_id = ?", [action.question_id])
            else:
                self._put(action.before)
                self.conn.execute(
                    "UPDATE cards SET buried_until = NULL WHERE question_id = ?",
                    [action.question_id],
                )
            self.conn.execute(
                "UPDATE actions SET undone_at = ? WHERE id = ?", [utc_text(now), action_id]
            )
        return action.before

    # -- flags ------------------------------------------------------------------------------

    @_named_errors
    def toggle_flag(self, question_id: str, *, now: datetime) -> bool:
        """Flag a question (`quiz list --flagged` lists it) or take its flag off; whether it
        is flagged now."""
        with self._write():
            cursor = self.conn.execute("DELETE FROM flags WHERE question_id = ?", [question_id])
            flagged = not cursor.rowcount
            if flagged:
                self.conn.execute(
                    "INSERT INTO flags (question_id, flagged_at) VALUES (?, ?)",
                    [question_id, utc_text(now)],
                )
            self._note("flagged", utc_text(now), flagged, question_id=question_id)
        return flagged

    @_named_errors
    def flagged(self) -> set[str]:
        """The ids of the flagged questions."""
        return {qid for (qid,) in self.conn.execute("SELECT question_id FROM flags")}

    # -- open reviews -----------------------------------------------------------------------

    @contextmanager
    def review_marker(self) -> Iterator[int | None]:
        """Mark a review as open on this database while the block runs; yields the pid of
        another review open on it, None if there is none.

        Each open review holds a lock on a file of its own beside the database
        (`quiz.db.review-PID`), which the system lets go of when the process ends, however
        it ends; a marker whose lock can be taken was left by a review that crashed, and is
        removed. A folder that cannot hold a marker marks nothing.
        """
        if self._in_memory:
            yield None
            return
        database = Path(self.path)
        prefix = f"{database.name}.review-"
        other = None
        try:
            names = [n for n in os.listdir(database.parent) if n.startswith(prefix)]
        except OSError:
            names = []
        for name in sorted(names):
            if _held_by_another(database.parent / name):
                pid = name.removeprefix(prefix)
                other = int(pid) if pid.isdigit() else other
        mine = database.parent / f"{prefix}{os.getpid()}"
        handle = _hold_marker(mine)
        try:
            yield other
        finally:
            if handle is not None:
                mine.unlink(missing_ok=True)
                handle.close()

    @_named_errors
    def set_suspended(
        self, question_id: str, suspended: bool, *, day: date, now: datetime | None = None
    ) -> Card:
        """Suspend a card (kept out of every queue) or bring it back. `now` dates the change
        for `quiz sync` (None: the start of `day`)."""
        when = now or datetime.combine(day, datetime.min.time(), tzinfo=timezone.utc)
        with self._write():
            card = self.card(question_id) or Card(question_id, CardState(), day)
            changed = replace(card, suspended=suspended, leech=card.leech and suspended)
            self._put(changed)
            self._note("suspended", utc_text(when), suspended, day=day, question_id=question_id)
        return changed

    # -- snippets: trust and cached keys ------------------------------------------------------

    @_named_errors
    def trust(self, sha256: str, path: str, *, now: datetime) -> None:
        """Trust this content, sealed with this home's key (made now if there is none)."""
        with self._write():
            self.conn.execute(
                "INSERT OR REPLACE INTO trusted_snippets (sha256, path, trusted_at, seal)"
                " VALUES (?, ?, ?, ?)",
                [sha256, _shown_path(path), utc_text(now), self._seal(sha256, create=True)],
            )

    @_named_errors
    def revoke(self, sha256: str, path: str) -> int:
        """Forget trust in this content, and in anything trusted under this path."""
        with self._write():
            cursor = self.conn.execute(
                "DELETE FROM trusted_snippets WHERE sha256 = ? OR path = ?", [sha256, path]
            )
        return cursor.rowcount

    @_named_errors
    def is_trusted(self, sha256: str) -> bool:
        """Whether this content was trusted here: a row whose seal this home's key made.

        A row without a seal (from before seals, or copied from another database) is not.
        """
        row = self.conn.execute(
            "SELECT seal FROM trusted_snippets WHERE sha256 = ?", [sha256]
        ).fetchone()
        return row is not None and self._sealed(sha256, row[0])

    @_named_errors
    def trusted(self) -> list[tuple[str, str, str]]:
        """(path, sha256, trusted_at) of every snippet trusted here (a valid seal)."""
        rows = self.conn.execute(
            "SELECT path, sha256, trusted_at, seal FROM trusted_snippets ORDER BY path, trusted_at"
        )
        return [(path, sha, at) for path, sha, at, seal in rows if self._sealed(sha, seal)]

    def _sealed(self, sha256: str, seal: Any) -> bool:
        import hmac

        expected = self._seal(sha256) if isinstance(seal, str) else None
        return expected is not None and hmac.compare_digest(seal, expected)

    def _seal(self, sha256: str, *, create: bool = False) -> str | None:
        """HMAC-SHA256 of the content hash under this home's key (None: no key yet)."""
        if self._key is None:
            if self._in_memory:
                self._key = _PROCESS_KEY
            else:
                self._key = _trust_key(Path(self.path).with_name(KEY_FILE), create=create)
        if self._key is None:
            return None
        # hashlib and hmac load OpenSSL (milliseconds): paid only when trust is asked about.
        import hashlib
        import hmac

        return hmac.new(self._key, sha256.encode(), hashlib.sha256).hexdigest()

    @_named_errors
    def cached_key(
        self, sha256: str, args: dict[str, Any], *, function: str = "answer", missing: Any = None
    ) -> Any:
        """A key the snippet with this content computed for these args, or `missing`. With
        `function`, the value that function of the snippet (a mistake's) computed."""
        row = self.conn.execute(
            "SELECT value FROM snippet_keys WHERE sha256 = ? AND args = ?",
            [sha256, _cache_args(args, function)],
        ).fetchone()
        try:
            return json.loads(row[0]) if row else missing
        except _ROW_ERRORS:
            # Only a cache: a damaged entry is recomputed (and replaced), not an error.
            return missing

    @_named_errors
    def cache_key(
        self,
        sha256: str,
        args: dict[str, Any],
        value: Any,
        *,
        now: datetime,
        function: str = "answer",
    ) -> None:
        with self._write():
            self.conn.execute(
                "INSERT OR REPLACE INTO snippet_keys (sha256, args, value, computed_at)"
                " VALUES (?, ?, ?, ?)",
                [sha256, _cache_args(args, function), json.dumps(value), utc_text(now)],
            )

    # -- exams ----------------------------------------------------------------------------

    @_named_errors
    def save_exam(self, exam: dict[str, Any], *, now: datetime) -> int:
        """Store a finished mock exam (the dict quiz.exam.Result.to_record gives)."""
        row = {
            "started_at": utc_text(now),
            "seed": exam["seed"],
            "minutes": exam["minutes"],
            "topics": json.dumps(exam["topics"]),
            "questions": exam["questions"],
            "correct": exam["correct"],
            "seconds": exam["seconds"],
            "recorded": int(exam["recorded"]),
            "interrupted": int(exam["interrupted"]),
            "answers": json.dumps(exam["answers"], ensure_ascii=False),
        }
        with self._write():
            cursor = self.conn.execute(_INSERT_EXAM, [row[c] for c in _EXAM_COLUMNS])
            self._note("exam", row["started_at"], row)
        return _row_id(cursor)

    @_named_errors
    def exams(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, started_at, seed, minutes, topics, questions, correct, seconds,"
            " recorded, answers, interrupted FROM exams ORDER BY id"
        )
        return [_exam(row) for row in rows]

    # -- sync: the events `quiz sync` sends to other machines, and theirs merged ---------------

    def device_id(self) -> str:
        """This home's id among the machines `quiz sync` merges, made now if it has none. It
        is a file beside the database, never inside it: a backup restored on another machine
        writes as that machine, never as this one."""
        if self._device is None:
            if self._in_memory:
                self._device = os.urandom(6).hex()
            else:
                self._device = _device_id(Path(self.path).with_name(DEVICE_FILE), create=True)
        assert self._device is not None
        return self._device

    def device_id_if_made(self) -> str | None:
        """This home's device id, None if no sync or undo has needed one yet."""
        if self._device is None and not self._in_memory:
            self._device = _device_id(Path(self.path).with_name(DEVICE_FILE), create=False)
        return self._device

    def _note(self, kind: str, at: str, value: Any, **fields: Any) -> None:
        """Keep a change that `quiz sync` sends (a set-aside, a flag, an exam, settings), in
        the transaction that makes it: key 'note' until a sync numbers it."""
        body = {"kind": kind, "at": at, "value": value}
        body.update({k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()})
        self.conn.execute("INSERT INTO sync (key, value) VALUES ('note', ?)", [_json_text(body)])

    def _note_set_aside_undone(self, action: Action, now: datetime, day: date) -> None:
        """The notes of an undone suspension or burial: the card goes back to as it was before
        it, which is also unburied."""
        qid = action.question_id
        if action.kind == "suspend":
            before = bool(action.before and action.before.suspended)
            self._note("suspended", utc_text(now), before, day=day, question_id=qid)
        row = self.conn.execute(
            "SELECT buried_until FROM cards WHERE question_id = ?", [qid]
        ).fetchone()
        if action.kind == "bury" or (row is not None and row[0] is not None):
            self._note("buried", utc_text(now), None, day=day, question_id=qid)

    @_named_errors
    def sync_values(self, prefix: str) -> dict[str, Any]:
        """What the syncs keep under keys that start with `prefix` (the files read, the
        devices seen, the folder), by the rest of the key."""
        rows = self.conn.execute(
            "SELECT key, value FROM sync WHERE substr(key, 1, length(?)) = ?", [prefix, prefix]
        )
        found = {}
        for key, value in rows:
            try:
                found[key[len(prefix) :]] = json.loads(value)
            except ValueError as exc:
                raise _DamagedRow(f"damaged sync record {_shown(key)} ({exc})") from None
        return found

    @_named_errors
    def sync_value(self, key: str) -> Any:
        """What the syncs keep under `key` (None: nothing)."""
        return self.sync_values(key).get("")

    @_named_errors
    def unsent_count(self) -> int:
        """How many review rows and other changes no sync has sent yet."""
        (reviews,) = self.conn.execute(
            "SELECT count(*) FROM reviews WHERE origin IS NULL"
        ).fetchone()
        (notes,) = self.conn.execute("SELECT count(*) FROM sync WHERE key = 'note'").fetchone()
        return int(reviews) + int(notes)

    @_named_errors
    def set_sync_value(self, key: str, value: Any) -> None:
        with self._write():
            self.conn.execute("DELETE FROM sync WHERE key = ?", [key])
            self.conn.execute(
                "INSERT INTO sync (key, value) VALUES (?, ?)", [key, _json_text(value)]
            )

    @_named_errors
    def notes(self) -> list[tuple[int, str | None, dict[str, Any]]]:
        """Every change sent or to send that is no review (set-asides, flags, exams,
        settings), in the order written: (row, origin `DEVICE/N` or None if unsent, body)."""
        rows = self.conn.execute(
            "SELECT rowid, key, value FROM sync WHERE key = 'note' OR key LIKE 'event %'"
            " ORDER BY rowid"
        )
        found = []
        for rowid, key, value in rows:
            try:
                body = json.loads(value)
            except ValueError as exc:
                raise _DamagedRow(f"damaged sync event {_shown(key)} ({exc})") from None
            found.append((rowid, None if key == "note" else key[len("event ") :], body))
        return found

    @_named_errors
    def add_note(self, body: dict[str, Any]) -> None:
        """A change made outside the database (the settings file), to send."""
        with self._write():
            self.conn.execute(
                "INSERT INTO sync (key, value) VALUES ('note', ?)", [_json_text(body)]
            )

    @_named_errors
    def add_event(self, origin: str, body: dict[str, Any]) -> None:
        """Another machine's change (no review), merged under its origin."""
        with self._write():
            self.conn.execute(
                "INSERT INTO sync (key, value) VALUES (?, ?)", [f"event {origin}", _json_text(body)]
            )

    @_named_errors
    def set_note_origins(self, origins: Iterable[tuple[int, str]]) -> None:
        """Number unsent notes: (row, origin) pairs."""
        with self._write():
            self.conn.executemany(
                "UPDATE sync SET key = 'event ' || ? WHERE rowid = ?",
                [(origin, rowid) for rowid, origin in origins],
            )

    @_named_errors
    def review_origins(self) -> dict[str, tuple[int, str]]:
        """origin -> (row id, kind) of every review row sent or merged."""
        rows = self.conn.execute("SELECT origin, id, kind FROM reviews WHERE origin IS NOT NULL")
        return {origin: (rid, kind) for origin, rid, kind in rows}

    @_named_errors
    def unsent_reviews(self) -> list[tuple[int, dict[str, Any]]]:
        """The review rows no sync has numbered yet, oldest first: (id, event fields), the
        row an undo takes back given as its id here (`undoes`)."""
        return self._review_events("id", "origin IS NULL ORDER BY id")

    @_named_errors
    def reviews_with_origins(self, origins: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
        """(origin, event fields) of the review rows with these origins."""
        return self._review_events(
            "origin", "origin IN (SELECT value FROM json_each(?))", [json.dumps(list(origins))]
        )

    def _review_events(
        self, first: str, where: str, values: list[Any] | None = None
    ) -> list[tuple[Any, dict[str, Any]]]:
        """(`first` column, event fields) of the review rows `where` selects."""
        rows = self.conn.execute(
            f"SELECT {first}, {', '.join(EVENT_COLUMNS)}, undoes FROM reviews WHERE {where}",
            values or [],
        )
        return [(row[0], _event_fields(row[1:])) for row in rows]

    @_named_errors
    def set_review_origins(self, origins: Iterable[tuple[int, str]]) -> None:
        """Number unsent review rows: (id, origin) pairs."""
        with self._write():
            self.conn.executemany(
                "UPDATE reviews SET origin = ? WHERE id = ?",
                [(origin, rid) for rid, origin in origins],
            )

    @_named_errors
    def add_review(self, fields: dict[str, Any], origin: str, undoes: int | None) -> int:
        """Another machine's review row, merged under its origin; `undoes` is the id here of
        the row it takes back. Returns its id (the last, until `renumber_reviews`)."""
        with self._write():
            cursor = self.conn.execute(
                f"INSERT INTO reviews ({', '.join(EVENT_COLUMNS)}, undoes, origin)"
                f" VALUES ({','.join('?' * (len(EVENT_COLUMNS) + 2))})",
                [*(fields[c] for c in EVENT_COLUMNS), undoes, origin],
            )
        return _row_id(cursor)

    @_named_errors
    def review_order(self) -> list[tuple[int, str, str | None]]:
        """(id, at, origin) of every review row, by id."""
        rows = self.conn.execute("SELECT id, at, origin FROM reviews ORDER BY id")
        return [(rid, at, origin) for rid, at, origin in rows]

    @_named_errors
    def renumber_reviews(self, order: list[int]) -> int:
        """Give the review rows the ids 1, 2, 3… in `order` (their ids now, every row once),
        with the rows they undo and the journal following; how many rows moved. Only the
        rows from the first out of place are rewritten."""
        place = next((i for i, rid in enumerate(order) if rid != i + 1), None)
        if place is None:
            return 0
        moved = {old: place + 1 + k for k, old in enumerate(order[place:])}
        with self._write():
            columns = f"{', '.join(EVENT_COLUMNS)}, undoes, origin"
            rows = {
                row[0]: row[1:]
                for row in self.conn.execute(
                    f"SELECT id, {columns} FROM reviews WHERE id > ?", [place]
                )
            }
            self.conn.execute("DELETE FROM reviews WHERE id > ?", [place])
            earlier = self.conn.execute(
                "SELECT id, undoes FROM reviews WHERE undoes > ?", [place]
            ).fetchall()
            # Through negative values: two rows may swap targets, and each is unique.
            for rid, target in earlier:
                self.conn.execute(
                    "UPDATE reviews SET undoes = ? WHERE id = ?", [-moved.get(target, target), rid]
                )
            self.conn.execute("UPDATE reviews SET undoes = -undoes WHERE undoes < 0")
            undoes = len(EVENT_COLUMNS)
            self.conn.executemany(
                f"INSERT INTO reviews (id, {columns})"
                f" VALUES ({','.join('?' * (len(EVENT_COLUMNS) + 3))})",
                [
                    (
                        moved[old],
                        *rows[old][:undoes],
                        moved.get(rows[old][undoes], rows[old][undoes]),
                        rows[old][undoes + 1],
                    )
                    for old in order[place:]
                ],
            )
            journal = self.conn.execute(
                "SELECT id, review_id FROM actions WHERE review_id > ?", [place]
            ).fetchall()
            self.conn.executemany(
                "UPDATE actions SET review_id = ? WHERE id = ?",
                [(moved.get(rid, rid), aid) for aid, rid in journal],
            )
        return len(order) - place

    @_named_errors
    def scheduled_origins(self) -> list[tuple[Scheduled, str | None]]:
        """Every review that moved a schedule, as `scheduled_reviews` gives them, each with
        its origin."""
        rows = self.conn.execute(
            "SELECT question_id, at, day, grade, origin FROM reviews r WHERE kind = 'review'"
            f" AND grade IS NOT NULL AND {_NOT_UNDONE} ORDER BY id"
        )
        try:
            return [
                (Scheduled(qid, at, date.fromisoformat(day), grade), origin)
                for qid, at, day, grade, origin in rows
            ]
        except _ROW_ERRORS as exc:
            raise _DamagedRow(f"damaged review day ({_cause(exc)})") from None

    @_named_errors
    def last_content_hashes(self) -> dict[str, str | None]:
        """The content hash of each question as last graded (its latest answer not undone)."""
        rows = self.conn.execute(
            "SELECT question_id, CASE WHEN json_valid(state_after) THEN"
            " json_extract(state_after, '$.content_hash') END FROM reviews r"
            f" WHERE kind IN ('review', 'drill') AND {_NOT_UNDONE} ORDER BY id"
        )
        return dict(rows.fetchall())

    @_named_errors
    def card_rows(self) -> dict[str, tuple[Card, str | None]]:
        """Every card, with the day it is buried until (None: not buried)."""
        rows = self.conn.execute(f"SELECT {_CARD_COLUMNS}, buried_until FROM cards")
        return {row[0]: (_card(row[:-1]), row[-1]) for row in rows}

    @_named_errors
    def replace_cards(self, cards: dict[str, tuple[Card, str | None]]) -> int:
        """Make the cards these (card, buried until) and no others; how many rows changed."""
        with self._write():
            current = self.card_rows()
            gone = sorted(current.keys() - cards.keys())
            self.conn.executemany(
                "DELETE FROM cards WHERE question_id = ?", [(qid,) for qid in gone]
            )
            changed = [qid for qid, row in cards.items() if current.get(qid) != row]
            for qid in changed:
                card, buried_until = cards[qid]
                self._put(card)
                self.conn.execute(
                    "UPDATE cards SET buried_until = ? WHERE question_id = ?",
                    [buried_until, qid],
                )
        return len(gone) + len(changed)

    @_named_errors
    def replace_flags(self, flags: dict[str, str]) -> bool:
        """Make the flags these (question id -> when flagged); whether they changed."""
        with self._write():
            current = dict(self.conn.execute("SELECT question_id, flagged_at FROM flags"))
            if current == flags:
                return False
            self.conn.execute("DELETE FROM flags")
            self.conn.executemany(
                "INSERT INTO flags (question_id, flagged_at) VALUES (?, ?)", sorted(flags.items())
            )
        return True

    @_named_errors
    def replace_exams(self, exams: list[dict[str, Any]]) -> bool:
        """Make the mock exams these rows (as `save_exam` writes them), numbered 1, 2, 3… in
        this order; whether they changed."""
        wanted = [(n, *(row[c] for c in _EXAM_COLUMNS)) for n, row in enumerate(exams, 1)]
        with self._write():
            current = self.conn.execute(
                f"SELECT id, {', '.join(_EXAM_COLUMNS)} FROM exams ORDER BY id"
            ).fetchall()
            if current == wanted:
                return False
            self.conn.execute("DELETE FROM exams")
            self.conn.executemany(
                f"INSERT INTO exams (id, {', '.join(_EXAM_COLUMNS)})"
                f" VALUES ({','.join('?' * (len(_EXAM_COLUMNS) + 1))})",
                wanted,
            )
        return True

    @_named_errors
    def exam_rows(self) -> list[dict[str, Any]]:
        """The mock exams as stored (columns as `save_exam` writes them), by id."""
        rows = self.conn.execute(f"SELECT {', '.join(_EXAM_COLUMNS)} FROM exams ORDER BY id")
        return [dict(zip(_EXAM_COLUMNS, row, strict=True)) for row in rows]

    def _undone(self, review_id: int) -> bool:
        row = self.conn.execute("SELECT 1 FROM reviews WHERE undoes = ?", [review_id])
        return row.fetchone() is not None

    def _put(self, card: Card) -> None:
        # An upsert, not INSERT OR REPLACE: a card's row holds more than the Card (the day
        # it is buried until), which writing its schedule must leave as it is.
        self.conn.execute(
            _PUT_CARD,
            [
                card.question_id,
                int(card.state.easiness * 100),
                card.state.interval,
                card.state.repetitions,
                card.due_day.isoformat(),
                card.lapses,
                int(card.suspended),
                int(card.leech),
                card.reviews,
                day_text(card.introduced_day),
                card.last_reviewed_at,
                card.content_hash,
                card.stability,
                card.difficulty,
                day_text(card.reviewed_day),
            ],
        )


def _among(column: str, values: Iterable[str] | None) -> tuple[str, list[Any]]:
    """The SQL that narrows a query to rows whose `column` is one of `values` (nothing when
    None), and its argument: one JSON list, however many values."""
    if values is None:
        return "", []
    return f" AND {column} IN (SELECT value FROM json_each(?))", [json.dumps(list(values))]


def _check_backup(conn: sqlite3.Connection, source: Path) -> None:
    """Refuse (a private copy of) a backup unless it is exactly a quiz database: sound pages,
    and the schema that quiz's own steps make, with nothing added (no trigger, view, virtual
    table or extra table or index) and nothing changed."""

    def refuse(why: str) -> StoreError:
        return StoreError(f"{source}: not a quiz backup: {why}")

    try:
        # Functions in a hostile schema (index expressions, CHECKs) stay inert while checking.
        conn.execute("PRAGMA trusted_schema = OFF")
        problems = [problem for (problem,) in conn.execute("PRAGMA integrity_check(1)")]
        if problems != ["ok"]:
            problem = problems[0].replace("*** in database main ***", "")
            raise refuse(f"damaged ({' '.join(problem.split())})")
        actual = _schema(conn)
        full = _schema_after(len(migrations.NAMES))
        log_table = ("table", "_sqlite_migrations")
        if log_table not in actual:
            raise StoreError(f"{source}: not a quiz database (no quiz schema in it)")
        if actual[log_table] != full[log_table]:
            raise refuse("table _sqlite_migrations differs from quiz's schema")
        names = migrations.applied_names(conn)
        if not names:
            raise StoreError(f"{source}: not a quiz database (no quiz schema in it)")
        unknown = [name for name in names if name not in migrations.NAMES]
        if unknown:
            raise StoreError(
                f"{source}: written by a newer version of quiz (schema step {unknown[0]})"
            )
        if tuple(names) != migrations.NAMES[: len(names)]:
            raise refuse(f"its schema steps are out of order ({', '.join(names)})")
        expected = full if len(names) == len(migrations.NAMES) else _schema_after(len(names))
        difference = _schema_difference(actual, expected)
        if difference:
            raise refuse(difference)
        broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken:
            raise refuse(f"row {broken[1]} of {broken[0]} refers to a row that does not exist")
    except sqlite3.Error as exc:
        if _corrupt(exc):
            raise refuse(f"damaged ({exc})") from None
        raise StoreError(f"{source}: {describe_sqlite_error(exc)}") from None


# Schema objects in the order a refusal names them: what would run code comes first.
_KIND_ORDER = {"trigger": 0, "view": 1, "table": 2, "index": 3}


def _schema_difference(
    actual: dict[tuple[str, str], tuple[str, str | None]],
    expected: dict[tuple[str, str], tuple[str, str | None]],
) -> str | None:
    """The first difference between two schemas, in words; None if they are the same."""

    def ordered(keys: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return sorted(keys, key=lambda key: (_KIND_ORDER.get(key[0], 9), key[0], key[1]))

    for kind, name in ordered(actual.keys() - expected.keys()):
        sql = actual[kind, name][1] or ""
        if kind == "table" and sql.upper().startswith("CREATE VIRTUAL"):
            kind = "virtual table"
        return f"unexpected {kind} {_shown(name)}"
    for kind, name in ordered(expected.keys() - actual.keys()):
        return f"missing {kind} {name}"
    for kind, name in ordered(key for key in expected if actual[key] != expected[key]):
        return f"{kind} {name} differs from quiz's schema"
    return None


def _schema(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str | None]]:
    """{(type, name): (table, SQL)} of everything in the schema, the SQL normalised."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    return {(kind, name): (table, _normal_sql(sql)) for kind, name, table, sql in rows}


def _schema_after(count: int) -> dict[tuple[str, str], tuple[str, str | None]]:
    """The schema the first `count` migration steps make, built in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.apply_pending(conn, count)
        return _schema(conn)
    finally:
        conn.close()


def _normal_sql(sql: str | None) -> str | None:
    """SQL compared for meaning, not layout: whitespace and identifier quoting vary with the
    version of sqlite-utils that wrote the table, string literals do not."""
    if sql is None:
        return None
    text = re.sub(r'["`\[\]]', "", sql)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ?([(),]) ?", r"\1", text).strip()


def _publish(temp: Path, target: Path) -> bool:
    """Give a finished file its final name unless that name is taken (then False).

    A hard link is atomic and never replaces a file. A filesystem without hard links (FAT on
    a USB stick) gets an exclusive empty placeholder that the file then replaces.
    """
    try:
        os.link(temp, target)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return False
    os.replace(temp, target)
    return True


def _trust_key(path: Path, *, create: bool) -> bytes | None:
    """This home's trust key; with `create`, made first if there is none (else None)."""
    try:
        text = path.read_bytes().strip()
    except FileNotFoundError:
        if not create:
            return None
        _create_trust_key(path)
        return _trust_key(path, create=False)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the trust key ({exc.strerror})") from None
    if not re.fullmatch(rb"[0-9a-f]{64}", text):
        raise StoreError(f"{path}: not a quiz trust key; delete it and trust your banks again")
    return bytes.fromhex(text.decode())


def _create_trust_key(path: Path) -> None:
    """Write a fresh random key; if another quiz wrote one first, theirs stays."""
    import tempfile

    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(os.urandom(32).hex() + "\n")
                out.flush()
                os.fsync(out.fileno())
            _publish(Path(name), path)
        finally:
            Path(name).unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the trust key ({exc.strerror})") from None


def _device_id(path: Path, *, create: bool) -> str | None:
    """The device id kept in `path`; with `create`, made first if there is none (else None)."""
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except FileNotFoundError:
        if not create:
            return None
        _create_device_id(path)
        return _device_id(path, create=False)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the device id ({exc.strerror})") from None
    if not re.fullmatch(r"[0-9a-f]{12}", text):
        raise StoreError(f"{path}: not a quiz device id; delete it and a new one is made")
    return text


def _create_device_id(path: Path) -> None:
    """Write a fresh random device id; if another quiz wrote one first, theirs stays."""
    import tempfile

    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(os.urandom(6).hex() + "\n")
                out.flush()
                os.fsync(out.fileno())
            _publish(Path(name), path)
        finally:
            Path(name).unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the device id ({exc.strerror})") from None


def _json_text(value: Any) -> str:
    """JSON as the sync table keeps it: keys sorted, so that equal values are equal text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _event_fields(row: tuple) -> dict[str, Any]:
    """A review row's `EVENT_COLUMNS` and `undoes`, by name."""
    return {**dict(zip(EVENT_COLUMNS, row, strict=False)), "undoes": row[len(EVENT_COLUMNS)]}


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _prepare_folder(path: Path) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{folder}: cannot create the data folder ({exc.strerror})") from None
    if not folder.is_dir():
        raise StoreError(f"{folder}: not a folder, cannot hold the database")
    if path.exists() and path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")


_CARD_COLUMNS = (
    "question_id, easiness_x100, interval, repetitions, due_day, lapses, suspended, leech,"
    " reviews, introduced_day, last_reviewed_at, content_hash, stability, difficulty,"
    " reviewed_day"
)
_REVIEW_COLUMNS = (
    "id, at, day, question_id, kind, variant, answer, correct, grade, seconds,"
    " state_before, state_after, undoes, mistake"
)
_CARD_NAMES = _CARD_COLUMNS.replace(" ", "").split(",")
_PUT_CARD = (
    f"INSERT INTO cards ({_CARD_COLUMNS}) VALUES ({','.join('?' * len(_CARD_NAMES))})"
    " ON CONFLICT (question_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _CARD_NAMES[1:])
)
_ACTION_COLUMNS = "id, kind, question_id, review_id, card_before, card_after"
_EXAM_COLUMNS = (
    "started_at", "seed", "minutes", "topics", "questions", "correct", "seconds", "recorded",
    "interrupted", "answers",
)  # fmt: skip
_INSERT_EXAM = (
    f"INSERT INTO exams ({', '.join(_EXAM_COLUMNS)}) VALUES ({','.join('?' * len(_EXAM_COLUMNS))})"
)
EVENT_COLUMNS = (
    "at", "day", "question_id", "kind", "variant", "answer", "correct", "grade", "seconds",
    "state_before", "state_after", "interval_before", "mistake",
)  # fmt: skip
"""The columns of a review row that `quiz sync` sends as they are (its id, origin and the
row it undoes are this database's own)."""
_NOT_UNDONE = "NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id)"
_SET_ASIDE = ("suspend", "bury")
"""The actions that set a card aside (and can be undone)."""


def _set_aside_after_answer(kind: str, question_id: str) -> Phrase:
    """Why a grade cannot be undone: the card was set aside since. Whole templates, one per
    kind, so that a screen can word each in the student's language."""
    if kind == "suspend":
        return Phrase("cannot undo: {id} was suspended after that answer", id=question_id)
    return Phrase("cannot undo: {id} was buried after that answer", id=question_id)


def _changed_since_set_aside(kind: str, question_id: str) -> Phrase:
    """Why a suspension or burial cannot be undone: the card changed since."""
    if kind == "suspend":
        return Phrase("cannot undo: {id} changed after it was suspended", id=question_id)
    return Phrase("cannot undo: {id} changed after it was buried", id=question_id)


def _action(row: tuple) -> Action:
    try:
        return Action(
            id=row[0],
            kind=row[1],
            question_id=row[2],
            review_id=row[3],
            before=Card.from_json(row[2], row[4]),
            after=Card.from_json(row[2], row[5]),
        )
    except _ROW_ERRORS as exc:
        raise _DamagedRow(
            f"damaged action {row[0]} on question {_shown(row[2])} ({_cause(exc)})"
        ) from None


def _held_by_another(marker: Path) -> bool:
    """Whether another process holds this review marker; one nobody holds is removed."""
    try:
        handle = open(marker, "a")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        marker.unlink(missing_ok=True)
        return False


def _hold_marker(marker: Path) -> Any:
    """This process's review marker, locked until it ends: made under a name no scan reads,
    then renamed, so that no other review finds it before it is locked."""
    partial = marker.with_name(f".{marker.name}")
    try:
        handle = open(partial, "w")
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.replace(partial, marker)
    except OSError:
        handle.close()
        partial.unlink(missing_ok=True)
        return None
    return handle


def _scheduled_interval(card: Card) -> int:
    """The days a card was scheduled to wait: from its last review to its due day (FSRS's
    interval, or one the fuzz moved), else SM-2's interval (a card stored before the day of
    its last review was kept)."""
    if card.reviewed_day is None:
        return card.state.interval
    return (card.due_day - card.reviewed_day).days


def _card(row: tuple) -> Card:
    try:
        return Card(
            question_id=row[0],
            state=CardState(decimal_value(row[1]) / 100, row[2], row[3]),
            due_day=date.fromisoformat(row[4]),
            lapses=row[5],
            suspended=bool(row[6]),
            leech=bool(row[7]),
            reviews=row[8],
            introduced_day=parse_day(row[9]),
            last_reviewed_at=row[10],
            content_hash=row[11],
            stability=row[12],
            difficulty=row[13],
            reviewed_day=parse_day(row[14]),
        )
    except _ROW_ERRORS as exc:
        raise _DamagedRow(f"damaged card of question {_shown(row[0])} ({_cause(exc)})") from None


def _review(row: tuple) -> Review:
    try:
        return Review(
            id=row[0],
            at=row[1],
            day=date.fromisoformat(row[2]),
            question_id=row[3],
            kind=row[4],
            variant=json.loads(row[5]) if row[5] else None,
            answer=row[6],
            correct=None if row[7] is None else bool(row[7]),
            grade=row[8],
            seconds=row[9],
            before=Card.from_json(row[3], row[10]),
            after=Card.from_json(row[3], row[11]),
            undoes=row[12],
            mistake=row[13],
        )
    except _ROW_ERRORS as exc:
        raise _DamagedRow(
            f"damaged review {row[0]} of question {_shown(row[3])} ({_cause(exc)})"
        ) from None


def _exam(row: tuple) -> dict[str, Any]:
    try:
        return {
            "id": row[0],
            "started_at": row[1],
            "seed": row[2],
            "minutes": row[3],
            "topics": json.loads(row[4]),
            "questions": row[5],
            "correct": row[6],
            "seconds": row[7],
            "recorded": bool(row[8]),
            "answers": json.loads(row[9]),
            "interrupted": bool(row[10]),
        }
    except _ROW_ERRORS as exc:
        raise _DamagedRow(f"damaged exam {row[0]} ({_cause(exc)})") from None


def _parse_due_day(question_id: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except _ROW_ERRORS as exc:
        raise _DamagedRow(
            f"damaged card of question {_shown(question_id)} ({_cause(exc)})"
        ) from None


def _shown(text: Any) -> str:
    """A name read from the file, safe in a one-line message (no control characters)."""
    text = str(text)
    return text if text.isprintable() else ascii(text)


def _cause(exc: Exception) -> str:
    return f"missing {exc}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__


def _args_text(args: dict[str, Any]) -> str:
    return json.dumps(args, sort_keys=True, separators=(",", ":"))


def _cache_args(args: dict[str, Any], function: str) -> str:
    """The cache's `args` column: answer()'s keys under their args as JSON (as they always
    were), another function's values under its name and them (JSON never starts with one)."""
    text = _args_text(args)
    return text if function == "answer" else f"{function} {text}"


def _shown_path(path: str) -> str:
    # Only shown (trust keys on the content hash): a path that is not UTF-8 is kept legibly.
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _row_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just wrote (always set after one that succeeded)."""
    if cursor.lastrowid is None:
        raise StoreError("the database did not say which row it wrote")
    return cursor.lastrowid
