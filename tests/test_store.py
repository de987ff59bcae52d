import os
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
    assert store.introduced_ids(DAY) == ["q1"]
    assert store.undo(recorded.review_id, now=NOW, day=DAY) is None
    assert store.card("q1") is None
    assert store.introduced_ids(DAY) == []


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


# -- the card as shown, burying, flags and the undo journal ------------------------------------

NEXT_DAY = date(2026, 11, 28)


def test_a_grade_is_refused_when_the_card_changed_since_it_was_shown(store):
    shown = store.card("q1")  # new, as one terminal shows it
    store.record("q1", 4, now=NOW, day=DAY, schedule=policy.apply)  # another terminal grades it
    with pytest.raises(StoreError) as refused:
        store.record("q1", 5, now=NOW, day=DAY, schedule=policy.apply, shown=shown)
    assert str(refused.value) == "q1 changed in another quiz review after it was shown here"
    assert [r.grade for r in store.history("q1")] == [4]
    again = store.card("q1")
    store.record("q1", 5, now=NOW, day=NEXT_DAY, schedule=policy.apply, shown=again)
    assert store.card("q1").reviews == 2


def test_bury_hides_a_card_until_the_next_study_day_and_keeps_its_schedule(store):
    store.record("q1", 4, now=NOW, day=date(2026, 11, 20), schedule=policy.apply)
    schedule = store.card("q1")
    store.set_aside("q1", "bury", now=NOW, day=DAY)
    assert store.due(DAY) == []
    assert store.card("q1") == schedule
    assert store.due(NEXT_DAY) == [("q1", schedule.due_day)]
    store.record("q1", 5, now=NOW, day=NEXT_DAY, schedule=policy.apply)  # grading keeps it
    assert store.conn.execute("SELECT buried_until FROM cards").fetchone() == ("2026-11-28",)


def test_a_new_card_buried_then_unburied_is_new_again(store):
    action = store.set_aside("fresh", "bury", now=NOW, day=DAY)
    assert store.card("fresh") is not None and store.due(DAY) == []
    assert store.undo_action(action, now=NOW, day=DAY) is None
    assert store.card("fresh") is None


def test_undo_action_takes_back_a_suspension(store):
    store.record("q1", 4, now=NOW, day=date(2026, 11, 20), schedule=policy.apply)
    before = store.card("q1")
    action = store.set_aside("q1", "suspend", now=NOW, day=DAY)
    assert store.card("q1").suspended and store.due(DAY) == []
    assert store.undo_action(action, now=NOW, day=DAY) == before == store.card("q1")
    with pytest.raises(StoreError, match="^cannot undo: that action on q1 was undone$"):
        store.undo_action(action, now=NOW, day=DAY)


def test_undo_action_is_refused_once_the_card_changed(store):
    action = store.set_aside("q1", "suspend", now=NOW, day=DAY)
    store.set_suspended("q1", False, day=DAY)  # `quiz unsuspend` knows no journal
    with pytest.raises(StoreError, match="^cannot undo: q1 changed after it was suspended$"):
        store.undo_action(action, now=NOW, day=DAY)
    later = store.set_aside("q2", "bury", now=NOW, day=DAY)
    store.set_aside("q2", "suspend", now=NOW, day=DAY)
    with pytest.raises(StoreError, match="^cannot undo: q2 changed after it was buried$"):
        store.undo_action(later, now=NOW, day=DAY)
    with pytest.raises(StoreError, match="no longer holds that action on q9"):
        store.undo_action(later, now=NOW, day=DAY, question_id="q9")


def test_a_grade_is_not_undone_behind_a_later_burial(store):
    graded = store.record("q1", 2, now=NOW, day=DAY, schedule=policy.apply)
    store.set_aside("q1", "bury", now=NOW, day=DAY)
    with pytest.raises(StoreError, match="^cannot undo: q1 was buried after that answer$"):
        store.undo(graded.review_id, now=NOW, day=DAY)


def test_the_journal_gives_the_last_action_of_the_day_not_undone(store):
    assert store.last_action(DAY) is None
    store.record("q1", 4, now=NOW, day=date(2026, 11, 26), schedule=policy.apply)
    assert store.last_action(DAY) is None  # yesterday's is not today's to undo
    graded = store.record("q2", 4, now=NOW, day=DAY, schedule=policy.apply)
    buried = store.set_aside("q3", "bury", now=NOW, day=DAY)
    last = store.last_action(DAY)
    assert (last.id, last.kind, last.question_id) == (buried, "bury", "q3")
    store.undo_action(buried, now=NOW, day=DAY)
    last = store.last_action(DAY)
    assert (last.kind, last.question_id, last.review_id) == ("grade", "q2", graded.review_id)
    assert store.undo_action(last.id, now=NOW, day=DAY) is None  # q2 is new again
    assert store.card("q2") is None and store.last_action(DAY) is None
    assert [r.kind for r in store.history("q2")] == ["review", "undo"]


def test_flags_toggle_and_follow_a_renamed_question(store):
    assert store.toggle_flag("old-id", now=NOW) is True
    assert store.flagged() == {"old-id"}
    store.record("old-id", 4, now=NOW, day=DAY, schedule=policy.apply)
    store.follow_renames({"old-id": "new-id"})
    assert store.flagged() == {"new-id"}
    assert store.toggle_flag("new-id", now=NOW) is False
    assert store.flagged() == set()


def test_a_second_review_finds_the_first_one_open(tmp_path):
    path = tmp_path / "quiz.db"
    Store(path).close()
    first = subprocess.Popen(
        [sys.executable, "-c", HOLD_A_REVIEW_OPEN, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout.readline() == "open\n"
        with Store(path).review_marker() as other:
            assert other == first.pid
    finally:
        first.stdin.close()
        first.wait()
    with Store(path).review_marker() as other:
        assert other is None  # the first one ended: its marker went with it
    assert not [name for name in os.listdir(tmp_path) if ".review-" in name]


HOLD_A_REVIEW_OPEN = """
import sys
from quiz.store import Store

with Store(sys.argv[1]).review_marker():
    print("open", flush=True)
    sys.stdin.read()
"""


def test_a_marker_left_by_a_crashed_review_is_removed(tmp_path):
    path = tmp_path / "quiz.db"
    Store(path).close()
    stale = tmp_path / "quiz.db.review-999999999"
    stale.write_text("")
    with Store(path).review_marker() as other:
        assert other is None
    assert not stale.exists()


def test_step_8_upgrades_a_database_with_history(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply_pending(conn, 7)
    conn.close()
    conn = sqlite3.connect(path, isolation_level=None)  # a card due today, under step 7
    conn.execute(
        "INSERT INTO cards (question_id, easiness_x100, interval, repetitions, due_day)"
        " VALUES ('q1', 250, 1, 1, '2026-11-27')"
    )
    conn.close()
    upgraded = Store(path)
    assert migrations.applied_names(upgraded.conn) == list(migrations.NAMES)
    assert upgraded.due(DAY) == [("q1", DAY)]
    assert upgraded.last_action(DAY) is None and upgraded.flagged() == set()


def test_the_schema_fits_the_first_page(tmp_path):
    """A database damaged past its first page can still be opened, so that `quiz restore`
    can replace it: quiz's schema must fit in that page."""
    path = tmp_path / "quiz.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    pages = conn.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'").fetchall()
    assert pages == [(1,)]
