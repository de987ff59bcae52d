"""The database schema as numbered steps; a landed step is never edited, only followed.

sqlite-utils' Migrations records each applied step in `_sqlite_migrations`. It is imported
only when a step is pending, so opening an up-to-date database (every `quiz review`) skips
its import cost.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "quiz"


def m001_cards_and_review_log(db: Database) -> None:
    """Cards keyed by question id, and the append-only review log they derive from."""
    db.execute(
        """
        CREATE TABLE cards (
            question_id TEXT PRIMARY KEY,
            easiness_x100 INTEGER NOT NULL,
            interval INTEGER NOT NULL,
            repetitions INTEGER NOT NULL,
            due_day TEXT NOT NULL,
            lapses INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0,
            leech INTEGER NOT NULL DEFAULT 0,
            reviews INTEGER NOT NULL DEFAULT 0,
            introduced_day TEXT,
            last_reviewed_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX cards_due ON cards (suspended, due_day)")
    db.execute("CREATE INDEX cards_introduced ON cards (introduced_day)")
    db.execute(
        """
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            day TEXT NOT NULL,
            question_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('review', 'drill', 'undo')),
            variant TEXT,
            answer TEXT,
            correct INTEGER,
            grade INTEGER CHECK (grade BETWEEN 0 AND 5),
            seconds REAL,
            state_before TEXT,
            state_after TEXT,
            undoes INTEGER REFERENCES reviews (id)
        )
        """
    )
    db.execute("CREATE INDEX reviews_question ON reviews (question_id, id)")
    db.execute("CREATE INDEX reviews_day ON reviews (day)")
    db.execute("CREATE UNIQUE INDEX reviews_undone ON reviews (undoes)")


def m002_trust_and_snippet_keys(db: Database) -> None:
    """Trusted snippets by content hash, and keys computed by snippets, cached by hash+args."""
    db.execute(
        """
        CREATE TABLE trusted_snippets (
            sha256 TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            trusted_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE snippet_keys (
            sha256 TEXT NOT NULL,
            args TEXT NOT NULL,
            value TEXT NOT NULL,
            computed_at TEXT NOT NULL,
            PRIMARY KEY (sha256, args)
        )
        """
    )


def m003_card_content_hash(db: Database) -> None:
    """The hash of the question as last reviewed, to tell the student it was edited since."""
    db.execute("ALTER TABLE cards ADD COLUMN content_hash TEXT")


def m004_review_interval_before(db: Database) -> None:
    """The interval a card had when reviewed, as a column: retention stats over a million
    reviews must not parse a million JSON states."""
    db.execute("ALTER TABLE reviews ADD COLUMN interval_before INTEGER")
    db.execute(
        "UPDATE reviews SET interval_before = json_extract(state_before, '$.interval')"
        " WHERE state_before IS NOT NULL AND kind = 'review'"
    )
    db.execute("CREATE INDEX reviews_retention ON reviews (kind, interval_before, grade)")


def m005_exams(db: Database) -> None:
    """Mock exams: when, which paper (seed, topics), the score, and every answer."""
    db.execute(
        """
        CREATE TABLE exams (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            seed INTEGER NOT NULL,
            minutes REAL,
            topics TEXT NOT NULL,
            questions INTEGER NOT NULL,
            correct INTEGER NOT NULL,
            seconds REAL NOT NULL,
            recorded INTEGER NOT NULL,
            answers TEXT NOT NULL
        )
        """
    )


def m006_trust_seals(db: Database) -> None:
    """A seal per trusted snippet, keyed outside the database: a restored one brings no trust."""
    db.execute("ALTER TABLE trusted_snippets ADD COLUMN seal TEXT")


def m007_exam_interrupted(db: Database) -> None:
    """Whether Ctrl-C or the time limit ended an exam before every question was answered.
    An exam saved before this step was if an answer of it is missing (given null)."""
    db.execute("ALTER TABLE exams ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0")
    # CASE, not AND: json_each must never see a damaged row's text, which would fail the step.
    db.execute(
        "UPDATE exams SET interrupted = 1 WHERE CASE WHEN json_valid(answers) THEN EXISTS"
        " (SELECT 1 FROM json_each(answers) WHERE json_extract(value, '$.given') IS NULL)"
        " ELSE 0 END"
    )


def m008_bury_flags_and_undo_journal(db: Database) -> None:
    """Burying (a card out of the queue until `buried_until`), flags, and a journal of the
    grades, suspensions and burials of each study day, which `:u` takes back after a restart."""
    # One line each: SQLite keeps this text in the schema, whose first page must hold it all
    # (a database damaged past page 1 can then still be opened, to restore a backup).
    db.execute("ALTER TABLE cards ADD COLUMN buried_until TEXT")
    db.execute("CREATE TABLE flags (question_id TEXT PRIMARY KEY, flagged_at TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE actions (id INTEGER PRIMARY KEY, at TEXT NOT NULL, day TEXT NOT NULL,"
        " question_id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('grade', 'suspend',"
        " 'bury')), review_id INTEGER REFERENCES reviews (id), card_before TEXT,"
        " card_after TEXT, undone_at TEXT)"
    )
    db.execute("CREATE INDEX actions_day ON actions (day, id)")


def m009_fsrs_memory(db: Database) -> None:
    """Each card's FSRS memory and the day its schedule last moved, and the scheduler's own
    values (fitted FSRS parameters, the rules the cards were last built under)."""
    # Short: the schema's text must stay within the database's first page (see m008).
    db.execute("ALTER TABLE cards ADD COLUMN stability REAL")
    db.execute("ALTER TABLE cards ADD COLUMN difficulty REAL")
    db.execute("ALTER TABLE cards ADD COLUMN reviewed_day TEXT")
    db.execute("CREATE TABLE scheduler (name TEXT PRIMARY KEY, value TEXT NOT NULL)")


def m010_review_mistake(db: Database) -> None:
    """The name of the question's mistake a wrong answer was, when the judge recognised one."""
    # No index: the schema's text must stay within the database's first page (see m008).
    db.execute("ALTER TABLE reviews ADD COLUMN mistake TEXT")


def m011_sync(db: Database) -> None:
    """Sync between machines (`quiz sync`): each review's origin, `DEVICE/N` (the device that
    made it and its number there; NULL until first sent), and the `sync` table: suspensions,
    burials, flags, exams and settings as events (key 'note' until sent, then 'event
    DEVICE/N'), and what the syncs read. Seeded with the set-asides, flags and exams made
    before this step, so that the first sync sends them too."""
    # Two short lines: the schema's text must stay within the database's first page (m008).
    db.execute("ALTER TABLE reviews ADD COLUMN origin TEXT")
    db.execute("CREATE TABLE sync (key TEXT, value TEXT)")
    # A suspension the student chose, or the unsuspension of a leech (8 lapses), dated at
    # the card's last review: a replay of the log makes the rest of a card's state.
    db.execute(
        "INSERT INTO sync (key, value) SELECT 'note', json_object('kind', 'suspended', 'at',"
        " coalesce(last_reviewed_at, due_day || 'T00:00:00+00:00'), 'day',"
        " coalesce(reviewed_day, due_day), 'question_id', question_id, 'value',"
        " json(CASE WHEN suspended THEN 'true' ELSE 'false' END)) FROM cards"
        " WHERE (suspended AND NOT leech) OR (NOT suspended AND lapses >= 8) ORDER BY question_id"
    )
    db.execute(
        "INSERT INTO sync (key, value) SELECT 'note', json_object('kind', 'buried', 'at',"
        " date(buried_until, '-1 day') || 'T00:00:00+00:00', 'day', date(buried_until,"
        " '-1 day'), 'question_id', question_id, 'value', buried_until) FROM cards"
        " WHERE date(buried_until) IS NOT NULL ORDER BY question_id"
    )
    db.execute(
        "INSERT INTO sync (key, value) SELECT 'note', json_object('kind', 'flagged', 'at',"
        " flagged_at, 'question_id', question_id, 'value', json('true')) FROM flags"
        " ORDER BY flagged_at, question_id"
    )
    db.execute(
        "INSERT INTO sync (key, value) SELECT 'note', json_object('kind', 'exam', 'at',"
        " started_at, 'value', json_object('started_at', started_at, 'seed', seed, 'minutes',"
        " minutes, 'topics', topics, 'questions', questions, 'correct', correct, 'seconds',"
        " seconds, 'recorded', recorded, 'interrupted', interrupted, 'answers', answers))"
        " FROM exams ORDER BY id"
    )


STEPS = (
    m001_cards_and_review_log,
    m002_trust_and_snippet_keys,
    m003_card_content_hash,
    m004_review_interval_before,
    m005_exams,
    m006_trust_seals,
    m007_exam_interrupted,
    m008_bury_flags_and_undo_journal,
    m009_fsrs_memory,
    m010_review_mistake,
    m011_sync,
)
NAMES = tuple(step.__name__ for step in STEPS)


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """Names of the steps this database has, without importing sqlite-utils."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
        [MIGRATION_SET],
    )
    return [name for (name,) in rows]


def apply_pending(conn: sqlite3.Connection, count: int | None = None) -> None:
    """Apply every step the database lacks (of the first `count`, if given), each in its own
    transaction."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in STEPS[:count]:
        migrations()(step)
    migrations.apply(Database(conn))
