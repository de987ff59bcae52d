"""The SQLite store: cards, the append-only review log, undo, and the queries behind queues.

All SQL lives here. Each graded answer is one `BEGIN IMMEDIATE` transaction that reads the
card's current state, appends the review and writes the new state, so a second terminal
reviewing at the same time waits its turn instead of failing or overwriting. Scheduling maths
is sm2's; this module only stores what it returns.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from quiz import migrations, sm2
from quiz.clock import utc_text
from quiz.errors import StoreError

LEECH_LAPSES = 8
BUSY_TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True)
class Card:
    """A question's scheduling record; a question without one is new."""

    question_id: str
    state: sm2.CardState
    due_day: date
    lapses: int = 0
    suspended: bool = False
    leech: bool = False
    reviews: int = 0
    introduced_day: date | None = None
    last_reviewed_at: str | None = None
    content_hash: str | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "easiness": str(self.state.easiness),
                "interval": self.state.interval,
                "repetitions": self.state.repetitions,
                "due_day": self.due_day.isoformat(),
                "lapses": self.lapses,
                "suspended": self.suspended,
                "leech": self.leech,
                "reviews": self.reviews,
                "introduced_day": _day_text(self.introduced_day),
                "last_reviewed_at": self.last_reviewed_at,
                "content_hash": self.content_hash,
            }
        )

    @classmethod
    def from_json(cls, question_id: str, text: str | None) -> Card | None:
        if text is None:
            return None
        data = json.loads(text)
        return cls(
            question_id=question_id,
            state=sm2.CardState(Decimal(data["easiness"]), data["interval"], data["repetitions"]),
            due_day=date.fromisoformat(data["due_day"]),
            lapses=data["lapses"],
            suspended=data["suspended"],
            leech=data["leech"],
            reviews=data["reviews"],
            introduced_day=_parse_day(data["introduced_day"]),
            last_reviewed_at=data["last_reviewed_at"],
            content_hash=data.get("content_hash"),
        )


@dataclass(frozen=True)
class Review:
    """One row of the review log."""

    id: int
    at: str
    day: date
    question_id: str
    kind: str
    variant: dict[str, Any] | None
    answer: str | None
    correct: bool | None
    grade: int | None
    seconds: float | None
    before: Card | None
    after: Card | None
    undoes: int | None


@dataclass(frozen=True)
class Recorded:
    """What one graded answer did: its log row and whether it made the card a leech."""

    review_id: int
    before: Card | None
    after: Card
    became_leech: bool


class Store:
    """A quiz database; opening it applies any pending migrations."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        in_memory = self.path == ":memory:"
        if not in_memory:
            _prepare_folder(Path(self.path))
        try:
            self.conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from None
        try:
            self._migrate()
            if not in_memory:
                self._use_wal()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: not a quiz database ({exc})") from None

    def close(self) -> None:
        self.conn.close()

    def _migrate(self) -> None:
        applied = migrations.applied_names(self.conn)
        unknown = [name for name in applied if name not in migrations.NAMES]
        if unknown:
            raise StoreError(
                f"{self.path}: written by a newer version of quiz (schema step {unknown[0]});"
                " upgrade quiz to open it"
            )
        if len(applied) == len(migrations.NAMES):
            return
        if not applied and self._foreign_tables():
            raise StoreError(f"{self.path}: an SQLite database, but not a quiz database")
        try:
            migrations.apply_pending(self.conn)
        except sqlite3.OperationalError:
            # Another process may have migrated the same new file a moment earlier.
            if len(migrations.applied_names(self.conn)) != len(migrations.NAMES):
                raise

    def _foreign_tables(self) -> bool:
        row = self.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'"
        ).fetchone()
        return row[0] > 0

    def _use_wal(self) -> None:
        (mode,) = self.conn.execute("PRAGMA journal_mode").fetchone()
        if mode != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front so a busy database waits, not fails."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: database is busy ({exc}); try again") from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- reading cards ----------------------------------------------------------------------

    def card(self, question_id: str) -> Card | None:
        row = self.conn.execute(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE question_id = ?", [question_id]
        ).fetchone()
        return _card(row) if row else None

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

    def due(self, today: date, question_ids: Iterable[str] | None = None) -> list[tuple[str, date]]:
        """(question id, due day) of unsuspended cards due by `today`, most overdue first."""
        sql = "SELECT question_id, due_day FROM cards WHERE suspended = 0 AND due_day <= ?"
        args: list[Any] = [today.isoformat()]
        if question_ids is not None:
            sql += " AND question_id IN (SELECT value FROM json_each(?))"
            args.append(json.dumps(list(question_ids)))
        rows = self.conn.execute(sql + " ORDER BY due_day, question_id", args)
        return [(qid, date.fromisoformat(day)) for qid, day in rows]

    def introduced_on(self, day: date) -> int:
        """How many new cards were first reviewed on `day`."""
        (count,) = self.conn.execute(
            "SELECT count(*) FROM cards WHERE introduced_day = ?", [day.isoformat()]
        ).fetchone()
        return count

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

    def history(self, question_id: str, earlier_ids: Iterable[str] = ()) -> list[Review]:
        """The log of a question, including reviews made under its `earlier_ids`."""
        ids = [question_id, *earlier_ids]
        rows = self.conn.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE question_id IN"
            " (SELECT value FROM json_each(?)) ORDER BY id",
            [json.dumps(ids)],
        )
        return [_review(row) for row in rows]

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
        return moved

    def review(self, review_id: int) -> Review | None:
        row = self.conn.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE id = ?", [review_id]
        ).fetchone()
        return _review(row) if row else None

    def all_reviews(self) -> Iterator[Review]:
        """The whole log, oldest first, read in one consistent snapshot."""
        for row in self.conn.execute(f"SELECT {_REVIEW_COLUMNS} FROM reviews ORDER BY id"):
            yield _review(row)

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the database, safe while another process is reviewing."""
        try:
            with sqlite3.connect(target) as copy:
                self.conn.backup(copy)
            copy.close()
        except sqlite3.Error as exc:
            raise StoreError(f"{target}: cannot write the backup ({exc})") from None

    def restore_from(self, source: Path) -> None:
        """Replace this database's content with a backup made by `backup_to`."""
        check_is_quiz_database(source)
        try:
            with sqlite3.connect(source) as original:
                original.backup(self.conn)
            original.close()
        except sqlite3.Error as exc:
            raise StoreError(f"{source}: cannot restore from it ({exc})") from None

    def review_count(self) -> int:
        (count,) = self.conn.execute("SELECT count(*) FROM reviews").fetchone()
        return count

    # -- writing ----------------------------------------------------------------------------

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
    ) -> Recorded:
        """Log one graded answer and, for a scheduled review, move the card's schedule.

        A drill (a same-day repeat of a card graded below 4) is logged with the card's
        state unchanged.
        """
        if kind not in ("review", "drill"):
            raise ValueError(f"kind must be 'review' or 'drill', not {kind!r}")
        with self._write():
            before = self.card(question_id)
            if kind == "drill":
                if before is None:
                    raise StoreError(f"cannot drill {question_id}: it has never been reviewed")
                after = before
            else:
                after = _scheduled(before, question_id, grade, now, day)
            if content_hash is not None:
                after = replace(after, content_hash=content_hash)
            cursor = self.conn.execute(
                "INSERT INTO reviews (at, day, question_id, kind, variant, answer, correct,"
                " grade, seconds, state_before, state_after, interval_before)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
                    before.state.interval if before and kind == "review" else None,
                ],
            )
            self._put(after)
        became_leech = after.leech and not (before and before.leech)
        return Recorded(cursor.lastrowid, before, after, became_leech)

    def undo(self, review_id: int, *, now: datetime, day: date) -> Card | None:
        """Take back a graded answer: the card returns to its state before it, from the log.

        The log stays append-only: the undo is a row of its own that names the one it
        cancels. Returns the restored card (None if the card is new again).
        """
        with self._write():
            target = self.review(review_id)
            if target is None or target.kind not in ("review", "drill"):
                raise StoreError(f"review {review_id} is not a graded answer")
            if self._undone(review_id):
                raise StoreError(f"review {review_id} was already undone")
            later = self.conn.execute(
                "SELECT count(*) FROM reviews r WHERE question_id = ? AND id > ?"
                " AND kind = 'review' AND NOT EXISTS"
                " (SELECT 1 FROM reviews u WHERE u.undoes = r.id)",
                [target.question_id, review_id],
            ).fetchone()[0]
            if later and target.kind == "review":
                raise StoreError(
                    f"cannot undo: {target.question_id} was reviewed again after that answer"
                )
            current = self.card(target.question_id)
            restored = target.before if target.kind == "review" else current
            if restored is None:
                self.conn.execute("DELETE FROM cards WHERE question_id = ?", [target.question_id])
            else:
                # Suspension is the student's own choice, made outside grading: keep it.
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
        return restored

    def set_suspended(self, question_id: str, suspended: bool, *, day: date) -> Card:
        """Suspend a card (kept out of every queue) or bring it back."""
        with self._write():
            card = self.card(question_id) or Card(question_id, sm2.CardState(), day)
            changed = replace(card, suspended=suspended, leech=card.leech and suspended)
            self._put(changed)
        return changed

    # -- snippets: trust and cached keys ------------------------------------------------------

    def trust(self, sha256: str, path: str, *, now: datetime) -> None:
        with self._write():
            self.conn.execute(
                "INSERT OR REPLACE INTO trusted_snippets (sha256, path, trusted_at)"
                " VALUES (?, ?, ?)",
                [sha256, path, utc_text(now)],
            )

    def revoke(self, sha256: str, path: str) -> int:
        """Forget trust in this content, and in anything trusted under this path."""
        with self._write():
            cursor = self.conn.execute(
                "DELETE FROM trusted_snippets WHERE sha256 = ? OR path = ?", [sha256, path]
            )
        return cursor.rowcount

    def is_trusted(self, sha256: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM trusted_snippets WHERE sha256 = ?", [sha256])
        return row.fetchone() is not None

    def trusted(self) -> list[tuple[str, str, str]]:
        """(path, sha256, trusted_at) of every trusted snippet."""
        rows = self.conn.execute(
            "SELECT path, sha256, trusted_at FROM trusted_snippets ORDER BY path, trusted_at"
        )
        return [tuple(row) for row in rows]

    def cached_key(self, sha256: str, args: dict[str, Any]) -> Any:
        """A key the snippet with this content computed for these args, or None."""
        row = self.conn.execute(
            "SELECT value FROM snippet_keys WHERE sha256 = ? AND args = ?",
            [sha256, _args_text(args)],
        ).fetchone()
        return json.loads(row[0]) if row else None

    def cache_key(self, sha256: str, args: dict[str, Any], value: Any, *, now: datetime) -> None:
        with self._write():
            self.conn.execute(
                "INSERT OR REPLACE INTO snippet_keys (sha256, args, value, computed_at)"
                " VALUES (?, ?, ?, ?)",
                [sha256, _args_text(args), json.dumps(value), utc_text(now)],
            )

    # -- exams ----------------------------------------------------------------------------

    def save_exam(self, exam: dict[str, Any], *, now: datetime) -> int:
        """Store a finished mock exam (the dict quiz.exam.Result.to_record gives)."""
        with self._write():
            cursor = self.conn.execute(
                "INSERT INTO exams (started_at, seed, minutes, topics, questions, correct,"
                " seconds, recorded, answers) VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    utc_text(now),
                    exam["seed"],
                    exam["minutes"],
                    json.dumps(exam["topics"]),
                    exam["questions"],
                    exam["correct"],
                    exam["seconds"],
                    int(exam["recorded"]),
                    json.dumps(exam["answers"], ensure_ascii=False),
                ],
            )
        return cursor.lastrowid

    def exams(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, started_at, seed, minutes, topics, questions, correct, seconds,"
            " recorded, answers FROM exams ORDER BY id"
        )
        return [
            {
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
            }
            for row in rows
        ]

    def _undone(self, review_id: int) -> bool:
        row = self.conn.execute("SELECT 1 FROM reviews WHERE undoes = ?", [review_id])
        return row.fetchone() is not None

    def _put(self, card: Card) -> None:
        self.conn.execute(
            f"INSERT OR REPLACE INTO cards ({_CARD_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
                _day_text(card.introduced_day),
                card.last_reviewed_at,
                card.content_hash,
            ],
        )


def check_is_quiz_database(path: Path) -> None:
    """Refuse anything but a quiz database this version can open, without changing it."""
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = migrations.applied_names(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a quiz database ({exc})") from None
    if not names:
        raise StoreError(f"{path}: not a quiz database (no quiz schema in it)")
    unknown = [name for name in names if name not in migrations.NAMES]
    if unknown:
        raise StoreError(f"{path}: written by a newer version of quiz (schema step {unknown[0]})")


def _scheduled(before: Card | None, question_id: str, grade: int, now: datetime, day: date) -> Card:
    previous = before or Card(question_id, sm2.CardState(), day)
    state = sm2.review(previous.state, grade)
    # A lapse is any scheduled review graded as a failure (below 3), new cards included:
    # a card failed eight times is costing the student time whatever its history.
    lapses = previous.lapses + (grade < sm2.PASSING_GRADE)
    leech = previous.leech or lapses >= LEECH_LAPSES
    return Card(
        question_id=question_id,
        state=state,
        due_day=day + timedelta(days=state.interval),
        lapses=lapses,
        suspended=previous.suspended or leech,
        leech=leech,
        reviews=previous.reviews + 1,
        introduced_day=previous.introduced_day or day,
        last_reviewed_at=utc_text(now),
        content_hash=previous.content_hash,
    )


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
    " reviews, introduced_day, last_reviewed_at, content_hash"
)
_REVIEW_COLUMNS = (
    "id, at, day, question_id, kind, variant, answer, correct, grade, seconds,"
    " state_before, state_after, undoes"
)


def _card(row: tuple) -> Card:
    return Card(
        question_id=row[0],
        state=sm2.CardState(Decimal(row[1]) / 100, row[2], row[3]),
        due_day=date.fromisoformat(row[4]),
        lapses=row[5],
        suspended=bool(row[6]),
        leech=bool(row[7]),
        reviews=row[8],
        introduced_day=_parse_day(row[9]),
        last_reviewed_at=row[10],
        content_hash=row[11],
    )


def _review(row: tuple) -> Review:
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
    )


def _args_text(args: dict[str, Any]) -> str:
    return json.dumps(args, sort_keys=True, separators=(",", ":"))


def _day_text(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _parse_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
