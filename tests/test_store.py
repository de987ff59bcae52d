import sqlite3
import subprocess
import sys
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from quiz import migrations
from quiz.errors import StoreError
from quiz.schedule import policy
from quiz.store import Store, describe_sqlite_error

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
DAY = date(2026, 11, 27)


def test_migrations_are_applied_and_recorded(store):
    names = [r[0] for r in store.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert names == list(migrations.NAMES)
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"cards", "reviews"} <= tables


def test_reopening_applies_nothing_twice(tmp_path):
    path = tmp_path / "q.db"
    Store(path).close()
    again = Store(path)
    count = again.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert count == len(migrations.NAMES)
    assert again.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_first_review_creates_the_card(store):
    recorded = store.record(
        "q1", 4, now=NOW, day=DAY, answer="28", correct=True, seconds=3.5, schedule=policy.apply
    )
    assert recorded.before is None
    card = store.card("q1")
    assert card == recorded.after
    assert (card.state.interval, card.state.repetitions, card.due_day) == (1, 1, date(2026, 11, 28))
    assert card.introduced_day == DAY and card.reviews == 1
    [row] = store.history("q1")
    assert (row.kind, row.answer, row.correct, row.grade, row.seconds) == (
        "review",
        "28",
        True,
        4,
        3.5,
    )
    assert row.before is None and row.after == card


def test_variant_is_stored_with_the_review(store):
    store.record(
        "q1", 4, now=NOW, day=DAY, variant={"size": 32, "kernel": 3}, schedule=policy.apply
    )
    assert store.history("q1")[0].variant == {"kernel": 3, "size": 32}


def test_drill_logs_without_moving_the_schedule(store):
    store.record("q1", 1, now=NOW, day=DAY, schedule=policy.apply)
    before = store.card("q1")
    store.record("q1", 5, now=NOW, day=DAY, kind="drill", schedule=policy.apply)
    assert store.card("q1") == before
    assert [r.kind for r in store.history("q1")] == ["review", "drill"]


def test_drill_of_unknown_card_is_refused(store):
    with pytest.raises(StoreError, match="never been reviewed"):
        store.record("nope", 4, now=NOW, day=DAY, kind="drill", schedule=policy.apply)


def test_undo_restores_the_state_from_the_log(store):
    store.record("q1", 5, now=NOW, day=DAY, schedule=policy.apply)
    store.record("q1", 5, now=NOW, day=date(2026, 11, 28), schedule=policy.apply)
    first = store.card("q1")
    third = store.record("q1", 1, now=NOW, day=date(2026, 12, 4), schedule=policy.apply)
    restored = store.undo(third.review_id, now=NOW, day=date(2026, 12, 4))
    assert restored == first == store.card("q1")
    kinds = [(r.kind, r.undoes) for r in store.history("q1")]
    assert kinds == [
        ("review", None),
        ("review", None),
        ("review", None),
        ("undo", third.review_id),
    ]


def test_undo_of_a_first_review_makes_the_card_new_again(store):
    recorded = store.record("q1", 4, now=NOW, day=DAY, schedule=policy.apply)
    assert store.undo(recorded.review_id, now=NOW, day=DAY) is None
    assert store.card("q1") is None
    assert store.introduced_on(DAY) == 0


def test_undo_twice_is_refused(store):
    recorded = store.record("q1", 4, now=NOW, day=DAY, schedule=policy.apply)
    store.undo(recorded.review_id, now=NOW, day=DAY)
    with pytest.raises(StoreError, match="already undone"):
        store.undo(recorded.review_id, now=NOW, day=DAY)


def test_undo_behind_a_later_review_is_refused(store):
    first = store.record("q1", 4, now=NOW, day=DAY, schedule=policy.apply)
    store.record("q1", 4, now=NOW, day=date(2026, 11, 28), schedule=policy.apply)
    with pytest.raises(StoreError, match="reviewed again after that answer"):
        store.undo(first.review_id, now=NOW, day=DAY)


def test_eight_lapses_make_a_suspended_leech(store):
    became = []
    for n in range(policy.LEECH_LAPSES):
        recorded = store.record("q1", 1, now=NOW, day=date(2026, 12, 1 + n), schedule=policy.apply)
        became.append(recorded.became_leech)
    assert became == [False] * (policy.LEECH_LAPSES - 1) + [True]
    card = store.card("q1")
    assert card.leech and card.suspended and card.lapses == policy.LEECH_LAPSES
    assert store.due(date(2027, 1, 1)) == []


def test_suspend_and_unsuspend(store):
    store.record("q1", 4, now=NOW, day=DAY, schedule=policy.apply)
    store.set_suspended("q1", True, day=DAY)
    assert store.due(date(2027, 1, 1)) == []
    store.set_suspended("q1", False, day=DAY)
    assert store.due(date(2027, 1, 1)) == [("q1", date(2026, 11, 28))]


def test_due_is_most_overdue_first(store):
    store.record("late", 4, now=NOW, day=date(2026, 11, 20), schedule=policy.apply)
    store.record("later", 4, now=NOW, day=date(2026, 11, 10), schedule=policy.apply)
    store.record("future", 5, now=NOW, day=date(2026, 11, 27), schedule=policy.apply)
    store.record("future", 5, now=NOW, day=date(2026, 11, 28), schedule=policy.apply)
    assert [qid for qid, _ in store.due(DAY)] == ["later", "late"]
    assert store.due_by(DAY) == 2


def test_easiness_is_stored_exactly(store):
    for day in range(1, 4):
        store.record("q1", 3, now=NOW, day=date(2026, 12, day), schedule=policy.apply)
    assert store.card("q1").state.easiness == Decimal("2.08")


def test_corrupt_file_is_named(tmp_path):
    path = tmp_path / "quiz.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value) == f"{path}: not a quiz database (file is not a database)"


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value) == f"{path}: an SQLite database, but not a quiz database"


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "quiz.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('quiz', 'm999_from_the_future', 'x')"
        )
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value) == (
        f"{path}: written by a newer version of quiz (schema step m999_from_the_future);"
        " upgrade quiz to open it"
    )


def test_home_that_is_a_file_is_named(tmp_path):
    home = tmp_path / "home"
    home.write_text("not a folder")
    with pytest.raises(StoreError) as caught:
        Store(home / "quiz.db")
    assert str(caught.value).startswith(f"{home}: cannot create the data folder")


WRITER = """
import sys
from datetime import date, datetime, timezone
from quiz.store import Store
from quiz.schedule import policy
store = Store(sys.argv[1])
day = date(2026, 11, 27)
for n in range(int(sys.argv[3])):
    now = datetime.now(timezone.utc)
    store.record(f"{sys.argv[2]}-{n % 7}", 4, now=now, day=day, schedule=policy.apply)
print("done")
"""


@pytest.mark.slow
def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "quiz.db"
    Store(path).close()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, "150"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b", "a")
    ]
    results = [w.communicate(timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0, 0, 0], results
    store = Store(path)
    assert store.review_count() == 450
    # Every review of a card chained from the one before it: no update was lost.
    for qid in [f"a-{n}" for n in range(7)]:
        history = store.history(qid)
        assert store.card(qid).reviews == len(history)
        for earlier, later in zip(history, history[1:], strict=False):
            assert later.before == earlier.after


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (
            "attempt to write a readonly database",
            "the database or its folder is read-only; nothing was saved"
            " (attempt to write a readonly database)",
        ),
        (
            "database or disk is full",
            "the disk is full; nothing was saved (database or disk is full)",
        ),
        ("database is locked", "database is busy (database is locked); try again"),
        ("unable to open database file", "cannot read or write the database file"),
        ("disk I/O error", "cannot read or write the database file (disk I/O error)"),
        ("file is not a database", "not a quiz database (file is not a database)"),
        (
            "database disk image is malformed",
            "the database is damaged (database disk image is malformed); restore a backup"
            " with `quiz restore`",
        ),
        (
            "no such table: reviews",
            "the quiz schema in it is damaged (no such table: reviews); restore a backup"
            " with `quiz restore`",
        ),
    ],
)
def test_sqlite_errors_are_told_apart(error, said):
    # A full disk or a read-only home must never read as a damaged database.
    described = describe_sqlite_error(sqlite3.OperationalError(error))
    assert described.startswith(said)
    if "damaged" not in said and "not a quiz" not in said:
        assert "not a quiz" not in described and "damaged" not in described


def test_import_rows_writes_a_history_made_elsewhere(store):
    card = {"question_id": "q1", "easiness_x100": 250, "interval": 6, "repetitions": 2,
            "due_day": "2026-12-03", "reviews": 2}  # fmt: skip
    reviews = (
        {
            "at": f"2026-11-2{n}T10:00:00+00:00",
            "day": f"2026-11-2{n}",
            "question_id": "q1",
            "kind": "review",
            "grade": 4,
        }  # fmt: skip
        for n in range(2)
    )
    store.import_rows([card], reviews)
    assert store.card("q1").state.interval == 6
    assert [r.grade for r in store.history("q1")] == [4, 4]


def test_import_rows_refuses_a_column_the_table_lacks(store):
    with pytest.raises(StoreError, match="cards has no column 'bogus'"):
        store.import_rows([{"question_id": "q1", "bogus": 1}], [])
    assert store.cards() == {}
