"""Attacks on the database and its commands: hostile backups, forged trust, broken files,
full disks, read-only homes, races on a fresh home, killed backups and `quiz trust /`.

Every hostile file is made in tmp_path; every message a user can see is asserted whole.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from conftest import QUIZ, REPO, child_env, quiz
from quiz import migrations
from quiz import store as store_module
from quiz.errors import StoreError
from quiz.paths import database_path
from quiz.schedule import policy
from quiz.store import KEY_FILE, Store

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
DAY = date(2026, 11, 27)
SHA = "ab" * 32
OTHER_SHA = "cd" * 32

BANK = """\
bank: tb
title: Test bank
questions:
  - id: tb-a
    type: text
    prompt: "Say a."
    answer: [a]
  - id: tb-b
    type: text
    prompt: "Say b."
    answer: [b]
  - id: tb-c
    type: numeric
    prompt: "What is 28?"
    answer: 28
    snippet: width
"""


def one_line_error(result, expected: str) -> None:
    """A CliRunner result that failed with exactly `expected` and nothing else."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output + result.stderr
    assert result.stderr.strip() == expected


def reported(result, message: str) -> bool:
    """Whether the store's message reached the student (as the command's error, or as the
    review loop's note that the answer was not saved), with no traceback."""
    assert "Traceback" not in result.output + result.stderr
    return " ".join(message.split()) in " ".join((result.output + result.stderr).split())


def make_db(path: Path, reviews: int = 2) -> Path:
    """A quiz database at `path` with `reviews` graded answers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Store(path)
    for n in range(reviews):
        db.record(f"q{n}", 4, now=NOW, day=DAY, schedule=policy.apply)
    db.close()
    return path


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def snapshot(path: Path) -> tuple[list, list]:
    """The whole content and schema of a database, to show it did not change."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        schema = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        return schema, list(conn.iterdump())
    finally:
        conn.close()


def home_files() -> set[str]:
    """Names in the home besides the database's own (-wal, -shm, lock, daily backups) and the
    trust key."""
    own = {"quiz.db", "quiz.db-wal", "quiz.db-shm", "quiz.db.lock", KEY_FILE, "cache", "backups"}
    return {p.name for p in database_path().parent.iterdir()} - own


@pytest.fixture
def bank_dir(tmp_path) -> Path:
    folder = tmp_path / "course"
    (folder / "snippets").mkdir(parents=True)
    (folder / "bank.yaml").write_text(BANK, encoding="utf-8")
    (folder / "snippets" / "width.py").write_text(
        "def answer(device='cpu'):\n    return 28\n", encoding="utf-8"
    )
    return folder


# -- 1. trust is bound to this home's key, never carried by a database ------------------------


def test_trust_made_under_another_home_is_not_restored(tmp_path):
    theirs = tmp_path / "other-home" / "quiz.db"
    make_db(theirs)
    other = Store(theirs)
    other.trust(SHA, "/their/snippets/evil.py", now=NOW)
    assert other.is_trusted(SHA)  # trusted there, under their key
    other.close()
    make_db(database_path())

    result = quiz("restore", str(theirs))

    assert result.exit_code == 0, result.output
    here = Store(database_path())
    assert not here.is_trusted(SHA)
    assert here.trusted() == []
    listed = quiz("trust", "--list")
    assert listed.output.strip() == "No trusted snippets. Built-in banks are always trusted."


def test_own_backup_restored_in_the_same_home_keeps_its_trust(tmp_path):
    make_db(database_path())
    Store(database_path()).trust(SHA, "/mine/width.py", now=NOW)
    backup = tmp_path / "mine.db"
    assert quiz("backup", str(backup)).exit_code == 0
    Store(database_path()).revoke(SHA, "/mine/width.py")

    assert quiz("restore", str(backup)).exit_code == 0

    here = Store(database_path())
    assert here.is_trusted(SHA)
    assert [row[:2] for row in here.trusted()] == [("/mine/width.py", SHA)]


def test_a_forged_or_missing_seal_trusts_nothing():
    path = make_db(database_path())
    genuine = Store(path)
    genuine.trust(SHA, "/mine/width.py", now=NOW)
    wrong_key_seal = Store(":memory:")._seal(OTHER_SHA)  # another key's seal
    sql(
        path,
        "INSERT INTO trusted_snippets VALUES"
        f" ('{OTHER_SHA}', '/forged.py', 'x', '{wrong_key_seal}')",
        f"INSERT INTO trusted_snippets VALUES ('{'ef' * 32}', '/unsealed.py', 'x', NULL)",
        f"INSERT INTO trusted_snippets VALUES ('{'01' * 32}', '/numeric.py', 'x', 42)",
    )
    reopened = Store(path)
    assert reopened.is_trusted(SHA)
    assert not reopened.is_trusted(OTHER_SHA)
    assert not reopened.is_trusted("ef" * 32)
    assert not reopened.is_trusted("01" * 32)
    assert [row[0] for row in reopened.trusted()] == ["/mine/width.py"]


def test_trust_from_before_seals_is_dropped_by_the_upgrade(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply_pending(conn, 5)  # the schema as it was before m006
    conn.execute(f"INSERT INTO trusted_snippets VALUES ('{SHA}', '/old.py', 'x')")
    conn.close()
    upgraded = Store(path)
    assert migrations.applied_names(upgraded.conn) == list(migrations.NAMES)
    assert not upgraded.is_trusted(SHA) and upgraded.trusted() == []


def test_the_trust_key_is_private_and_made_only_when_trusting():
    path = make_db(database_path())
    key = path.with_name(KEY_FILE)
    db = Store(path)
    assert not db.is_trusted(SHA) and not key.exists()  # asking does not make a key
    db.trust(SHA, "/mine/width.py", now=NOW)
    assert key.stat().st_mode & 0o777 == 0o600
    assert len(key.read_text().strip()) == 64
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(f".{KEY_FILE}")] == []


def test_two_quiz_making_the_key_at_once_agree_on_one(monkeypatch):
    path = make_db(database_path())
    key = path.with_name(KEY_FILE)
    real_link = os.link

    def another_quiz_wins(source, target):
        key.write_text("12" * 32 + "\n")  # made by the other process a moment earlier
        real_link(source, target)

    monkeypatch.setattr(os, "link", another_quiz_wins)
    db = Store(path)
    db.trust(SHA, "/mine/width.py", now=NOW)
    monkeypatch.setattr(os, "link", real_link)
    assert key.read_text() == "12" * 32 + "\n"
    assert Store(path).is_trusted(SHA)  # sealed with the key that won


def test_in_memory_stores_seal_with_a_key_of_their_own(store):
    store.trust(SHA, "/mine/width.py", now=NOW)
    assert store.is_trusted(SHA) and not store.is_trusted(OTHER_SHA)


def test_a_damaged_trust_key_is_named(tmp_path):
    path = make_db(database_path())
    Store(path).trust(SHA, "/mine/width.py", now=NOW)
    key = path.with_name(KEY_FILE)
    key.write_text("not a key")
    one_line_error(
        quiz("trust", "--list"),
        f"error: {key}: not a quiz trust key; delete it and trust your banks again",
    )
    key.unlink()
    key.mkdir()
    one_line_error(
        quiz("trust", "--list"), f"error: {key}: cannot read the trust key (Is a directory)"
    )


def test_a_trust_key_that_cannot_be_made_is_named(monkeypatch, bank_dir):
    make_db(database_path())

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", no_space)
    result = quiz("trust", str(bank_dir))
    assert result.exit_code == 1 and "Traceback" not in result.output + result.stderr
    # The full disk stops the day's backup first, which warns and lets the command go on.
    warning, error = result.stderr.strip().splitlines()
    assert warning.startswith("warning: no backup today (") and "No space left" in warning
    assert error == (
        f"error: {database_path().with_name(KEY_FILE)}: cannot create the trust key"
        " (No space left on device)"
    )


# -- 2. a restore takes exactly quiz's schema, checked on a private copy ----------------------


def hostile(tmp_path: Path, *statements: str, name: str = "evil.db") -> Path:
    path = make_db(tmp_path / name, reviews=1)
    sql(path, *statements)
    return path


@pytest.mark.parametrize(
    ("statements", "why"),
    [
        (
            ["CREATE TRIGGER t AFTER INSERT ON reviews BEGIN DELETE FROM reviews; END"],
            "unexpected trigger t",
        ),
        (
            [
                "CREATE TRIGGER quiet AFTER INSERT ON _sqlite_migrations"
                " BEGIN DELETE FROM cards; END"
            ],
            "unexpected trigger quiet",
        ),
        (["CREATE VIEW v AS SELECT * FROM cards"], "unexpected view v"),
        (["CREATE TABLE photos (id INTEGER)"], "unexpected table photos"),
        (["CREATE VIRTUAL TABLE notes USING fts5(body)"], "unexpected virtual table notes"),
        (["CREATE INDEX extra ON cards (lapses)"], "unexpected index extra"),
        (["DROP INDEX cards_due"], "missing index cards_due"),
        (["DROP TABLE reviews"], "missing table reviews"),
        (["ALTER TABLE cards ADD COLUMN payload TEXT"], "table cards differs from quiz's schema"),
        (
            [
                "DROP INDEX cards_due",
                "CREATE INDEX cards_due ON cards (due_day) WHERE suspended = 0",
            ],
            "index cards_due differs from quiz's schema",
        ),
        (
            [
                "ALTER TABLE _sqlite_migrations RENAME TO old",
                "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT,"
                " name TEXT, applied_at TEXT, extra TEXT)",
                "INSERT INTO _sqlite_migrations SELECT *, NULL FROM old",
                "DROP TABLE old",
            ],
            "table _sqlite_migrations differs from quiz's schema",
        ),
        (
            ["DELETE FROM _sqlite_migrations WHERE name = 'm002_trust_and_snippet_keys'"],
            "its schema steps are out of order ("
            + ", ".join(n for n in migrations.NAMES if n != "m002_trust_and_snippet_keys")
            + ")",
        ),
        (
            [
                "PRAGMA foreign_keys = OFF",
                "INSERT INTO reviews (id, at, day, question_id, kind, undoes)"
                " VALUES (77, 'x', '2026-11-27', 'q0', 'undo', 999)",
            ],
            "row 77 of reviews refers to a row that does not exist",
        ),
    ],
)
def test_restore_refuses_anything_but_quiz_schema(tmp_path, statements, why):
    live = make_db(database_path(), reviews=3)
    before = snapshot(live)
    evil = hostile(tmp_path, *statements)

    result = quiz("restore", str(evil))

    one_line_error(result, f"error: {evil}: not a quiz backup: {why}")
    assert snapshot(live) == before
    assert home_files() == set()  # no safety copy, no working copy left behind


def test_restore_compares_meaning_not_layout(tmp_path):
    """Another sqlite-utils may quote or space the log table differently: same schema."""
    make_db(database_path())
    relaid = hostile(
        tmp_path,
        "ALTER TABLE _sqlite_migrations RENAME TO old",
        "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY,"
        " migration_set TEXT, name TEXT, applied_at TEXT)",
        "INSERT INTO _sqlite_migrations SELECT * FROM old",
        "DROP TABLE old",
        "CREATE UNIQUE INDEX idx__sqlite_migrations_migration_set_name"
        " ON _sqlite_migrations (migration_set,name)",
    )
    result = quiz("restore", str(relaid))
    assert result.exit_code == 0, result.stderr
    assert Store(database_path()).review_count() == 1


def test_restore_refuses_a_newer_or_foreign_or_damaged_file(tmp_path):
    make_db(database_path())
    newer = hostile(
        tmp_path,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('quiz', 'm999_next', 'x')",
    )
    one_line_error(
        quiz("restore", str(newer)),
        f"error: {newer}: written by a newer version of quiz (schema step m999_next)",
    )
    theirs = hostile(tmp_path, "DELETE FROM _sqlite_migrations", name="empty-log.db")
    one_line_error(
        quiz("restore", str(theirs)),
        f"error: {theirs}: not a quiz database (no quiz schema in it)",
    )
    damaged = make_db(tmp_path / "damaged.db", reviews=300)
    with open(damaged, "r+b") as raw:
        for page in range(3, damaged.stat().st_size // 4096, 2):
            raw.seek(page * 4096)
            raw.write(b"\xa5" * 4096)
    result = quiz("restore", str(damaged))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {damaged}: not a quiz backup: damaged (")
    assert len(result.stderr.strip().splitlines()) == 1
    assert home_files() == set()


def test_restore_refuses_a_backup_still_being_written(tmp_path):
    make_db(database_path())
    source = make_db(tmp_path / "live.db")
    (tmp_path / "live.db-wal").write_bytes(b"\0" * 100)
    one_line_error(
        quiz("restore", str(source)),
        f"error: {source}: not a complete backup: part of it is still in live.db-wal;"
        " make backups with `quiz backup`",
    )


def test_restore_uses_the_copy_it_checked(tmp_path, monkeypatch):
    make_db(database_path())
    good = make_db(tmp_path / "good.db", reviews=4)
    evil = hostile(tmp_path, "CREATE TRIGGER t AFTER INSERT ON reviews BEGIN SELECT 1; END")
    checked = store_module._check_backup

    def check_then_swap(conn, source):
        checked(conn, source)
        os.replace(evil, good)  # the file changes between the check and its use

    monkeypatch.setattr(store_module, "_check_backup", check_then_swap)
    assert quiz("restore", str(good)).exit_code == 0
    restored = Store(database_path())
    assert restored.review_count() == 4
    kinds = {row[0] for row in restored.conn.execute("SELECT type FROM sqlite_master")}
    assert "trigger" not in kinds


def test_an_older_backup_is_restored_and_upgraded(tmp_path):
    make_db(database_path())
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    migrations.apply_pending(conn, 5)
    conn.execute(
        "INSERT INTO reviews (at, day, question_id, kind, grade) VALUES"
        " ('2026-01-01T00:00:00Z', '2026-01-01', 'q', 'review', 4)"
    )
    conn.close()
    result = quiz("restore", str(old))
    assert result.exit_code == 0, result.output
    restored = Store(database_path())
    assert migrations.applied_names(restored.conn) == list(migrations.NAMES)
    assert restored.review_count() == 1


def test_a_restore_that_cannot_be_written_changes_nothing(tmp_path):
    big = make_db(tmp_path / "big.db", reviews=400)
    live = Store(make_db(database_path(), reviews=3))
    (pages,) = live.conn.execute("PRAGMA page_count").fetchone()
    live.conn.execute(f"PRAGMA max_page_count = {pages}")
    keep = database_path().with_name("kept")
    with pytest.raises(StoreError) as caught:
        live.restore_from(big, keep_current_as=keep)
    assert str(caught.value) == (
        f"{big}: not restored (database or disk is full); the database is unchanged"
    )
    assert live.review_count() == 3 and Store(database_path()).review_count() == 3
    assert not keep.exists() and home_files() == set()


def test_restoring_twice_in_one_second_keeps_both_earlier_databases(tmp_path):
    make_db(database_path(), reviews=1)
    backup = make_db(tmp_path / "b.db", reviews=2)
    env = {"QUIZ_NOW": "2026-11-27T09:00:00"}
    assert quiz("restore", str(backup), **env).exit_code == 0
    second = quiz("restore", str(backup), **env)
    assert second.exit_code == 0
    kept = sorted(database_path().parent.glob("quiz.db.before-restore-*"))
    assert [p.name for p in kept] == [
        "quiz.db.before-restore-20261127-090000",
        "quiz.db.before-restore-20261127-090000-2",
    ]
    assert kept[1].name in second.output.replace("\n", "")
    assert [Store(p).review_count() for p in kept] == [1, 2]


def test_restore_working_copy_failures_are_named(tmp_path, monkeypatch):
    make_db(database_path())
    backup = make_db(tmp_path / "b.db")

    def unreadable(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(shutil, "copyfile", unreadable)
    one_line_error(
        quiz("restore", str(backup)), f"error: {backup}: cannot read it (Permission denied)"
    )
    monkeypatch.setattr(tempfile, "mkstemp", unreadable)
    one_line_error(
        quiz("restore", str(backup)),
        f"error: {database_path().parent}: cannot write a working copy (Permission denied)",
    )
    assert home_files() == set()


# -- 3. every SQLite failure is one line naming the file -------------------------------------


def test_disk_full_mid_session_keeps_earlier_grades(tmp_path, monkeypatch):
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK.split("  - id: tb-c")[0], encoding="utf-8")
    Store(database_path()).close()
    connect = Store._connect

    def small_disk(self):
        conn = connect(self)
        # The disk is full: the file may not grow by a single page.
        conn.execute("PRAGMA max_page_count = 1")
        return conn

    monkeypatch.setattr(Store, "_connect", small_disk)
    # The second answer (within the 10,000 characters allowed) needs pages of its own.
    result = quiz("review", "--bank", str(bank), input="a\n4\n" + "b" * 9000 + "\n4\n")
    assert reported(
        result,
        f"{database_path()}: the disk is full; nothing was saved (database or disk is full)",
    )
    monkeypatch.setattr(Store, "_connect", connect)
    db = Store(database_path())
    assert [(r.question_id, r.answer) for r in db.all_reviews()] == [("tb-a", "a")]
    assert db.card("tb-b") is None


def test_disk_full_on_a_store_write_is_named_and_rolled_back(tmp_path):
    path = make_db(tmp_path / "q.db", reviews=3)
    db = Store(path)
    db.conn.execute("PRAGMA max_page_count = 1")
    with pytest.raises(StoreError) as caught:
        db.record("big", 4, now=NOW, day=DAY, answer="x" * 20000, schedule=policy.apply)
    assert str(caught.value) == (
        f"{path}: the disk is full; nothing was saved (database or disk is full)"
    )
    assert not db.conn.in_transaction
    assert Store(path).review_count() == 3


def read_only_home(monkeypatch) -> None:
    """Make quiz see the home as unwritable (as a read-only mount or chmod would for a
    student). As root, chmod stops nothing, so os.access is what is told; the database is
    then opened read-only and SQLite itself refuses every write, root's included."""
    home = database_path().parent
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and Path(path).resolve().is_relative_to(home.resolve()):
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def reviewed(mini_bank) -> None:
    assert quiz("review", "--bank", str(mini_bank), input="27\n1\n(3, 2)\n5\n").exit_code == 0


@pytest.mark.parametrize(
    "command",
    [["banks"], ["list"], ["show", "mini-num"], ["stats"], ["export", "log", "{out}"]],
)
def test_reading_commands_work_on_a_read_only_home(mini_bank, monkeypatch, tmp_path, command):
    reviewed(mini_bank)
    before = snapshot(database_path())
    read_only_home(monkeypatch)
    assert Store(database_path()).read_only  # the path under test: SQLite refuses writes
    args = [part.replace("{out}", str(tmp_path / "log.csv")) for part in command]
    result = quiz(*args, "--bank", str(mini_bank)) if args[0] != "export" else quiz(*args)
    assert result.exit_code == 0, result.output + result.stderr
    assert "mini" in result.output or "Wrote 2 reviews" in result.output
    assert snapshot(database_path()) == before


def test_writing_on_a_read_only_home_is_one_line(mini_bank, monkeypatch, tmp_path):
    reviewed(mini_bank)
    read_only_home(monkeypatch)
    db = Store(database_path())
    assert db.read_only
    expected = (
        f"error: {database_path()}: the database or its folder is read-only; nothing was saved"
    )
    one_line_error(quiz("suspend", "mini-num", QUIZ_BANKS=str(mini_bank)), expected)
    one_line_error(quiz("restore", str(make_db(tmp_path / "b.db"))), expected)
    assert home_files() == set()
    review = quiz("review", "--bank", str(mini_bank), input="c\n4\n")
    assert reported(review, expected.removeprefix("error: "))
    # SQLite's own refusal reads the same, with its words in brackets.
    with pytest.raises(sqlite3.OperationalError) as raw:
        db.conn.execute("DELETE FROM reviews")
    assert store_module.describe_sqlite_error(raw.value) == (
        "the database or its folder is read-only; nothing was saved"
        " (attempt to write a readonly database)"
    )


def test_a_read_only_database_that_needs_an_upgrade_is_named(monkeypatch):
    path = database_path()
    path.parent.mkdir()
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply_pending(conn, 5)
    conn.close()
    read_only_home(monkeypatch)
    one_line_error(
        quiz("banks"),
        f"error: {path}: read-only, and this version of quiz must upgrade it first"
        " (schema step m006_trust_seals)",
    )


def test_read_only_home_for_a_user_chmod_binds(mini_bank, tmp_path):
    """The same, for real: a 0555 home holding a 0444 database, read by a user whom the mode
    binds (this user when not root; else `nobody`, if it can run this Python)."""
    home = Path(tempfile.mkdtemp(prefix="quiz-ro-"))
    try:
        os.chmod(home, 0o755)
        make_db(home / "quiz.db")
        (home / "quiz.db").chmod(0o444)
        home.chmod(0o555)
        env = child_env(QUIZ_HOME=str(home))
        user = None
        if os.geteuid() == 0:
            user = "nobody"
            try:
                subprocess.run([sys.executable, "-c", ""], user=user, check=True, env=env)
            except (OSError, KeyError, subprocess.CalledProcessError):
                pytest.skip("running as root, and `nobody` cannot run this Python")
        for command in (["banks"], ["list"], ["stats"]):
            result = subprocess.run(
                [*QUIZ, *command],
                capture_output=True,
                text=True,
                env=env,
                cwd=REPO,
                user=user,
                timeout=60,
            )
            assert result.returncode == 0, result.stderr
        result = subprocess.run(
            [*QUIZ, "suspend", "mini-num"],
            capture_output=True,
            text=True,
            env={**env, "QUIZ_BANKS": str(mini_bank)},
            cwd=REPO,
            user=user,
            timeout=60,
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.strip() == (
            f"error: {home / 'quiz.db'}: the database or its folder is read-only; nothing was saved"
        )
    finally:
        home.chmod(0o755)
        shutil.rmtree(home)


def test_a_dropped_table_is_one_line(mini_bank, tmp_path):
    reviewed(mini_bank)
    sql(database_path(), "DROP TABLE reviews")
    expected = (
        f"error: {database_path()}: the quiz schema in it is damaged (no such table: reviews);"
        " restore a backup with `quiz restore`"
    )
    one_line_error(quiz("stats", "--bank", str(mini_bank)), expected)  # SQL outside the store
    one_line_error(quiz("export", "log", str(tmp_path / "log.csv")), expected)


def test_malformed_pages_are_one_line_and_restorable(tmp_path):
    backup = make_db(tmp_path / "good.db", reviews=2)
    path = make_db(database_path(), reviews=300)
    with open(path, "r+b") as raw:
        for page in range(3, path.stat().st_size // 4096, 2):
            raw.seek(page * 4096)
            raw.write(b"\xa5" * 4096)
    # Commands that read every card and review meet the damage (banks and list read only the
    # loaded questions' cards, which may sit on pages still whole).
    for command in (["list", "--orphans"], ["stats"]):
        one_line_error(
            quiz(*command),
            f"error: {path}: the database is damaged (database disk image is malformed);"
            " restore a backup with `quiz restore`",
        )
    assert quiz("restore", str(backup)).exit_code == 0  # the advice works
    assert quiz("banks").exit_code == 0


def test_an_unopenable_database_is_not_called_damaged(tmp_path):
    database_path().parent.mkdir()
    database_path().symlink_to(tmp_path / "gone" / "quiz.db")
    one_line_error(
        quiz("banks"),
        f"error: {database_path()}: cannot read or write the database file"
        " (unable to open database file)",
    )


def test_a_busy_database_says_try_again(tmp_path, monkeypatch):
    path = make_db(tmp_path / "q.db")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    db = Store(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as caught:
            db.record("q0", 4, now=NOW, day=DAY, schedule=policy.apply)
    finally:
        other.execute("ROLLBACK")
    assert str(caught.value) == f"{path}: database is busy (database is locked); try again"


@pytest.mark.parametrize(
    ("statement", "command", "why"),
    [
        (
            "UPDATE cards SET due_day = 'garbage' WHERE question_id = 'mini-num'",
            ["list", "--bank", "{bank}"],
            "damaged card of question mini-num (Invalid isoformat string: 'garbage')",
        ),
        (
            "UPDATE cards SET easiness_x100 = 'lots' WHERE question_id = 'mini-num'",
            ["show", "mini-num", "--bank", "{bank}"],
            "damaged card of question mini-num (not a number: 'lots')",
        ),
        (
            "UPDATE reviews SET state_after = '{not json' WHERE question_id = 'mini-num'",
            ["export", "log", "{out}"],
            "damaged review 1 of question mini-num (Expecting property name enclosed in"
            " double quotes: line 1 column 2 (char 1))",
        ),
        (
            "UPDATE reviews SET state_after = '{}' WHERE question_id = 'mini-num'",
            ["export", "log", "{out}"],
            "damaged review 1 of question mini-num (missing 'easiness')",
        ),
        (
            "UPDATE reviews SET day = '27/11/2026' WHERE question_id = 'mini-shape'",
            ["export", "log", "{out}"],
            "damaged review 2 of question mini-shape (Invalid isoformat string: '27/11/2026')",
        ),
    ],
)
def test_bad_rows_are_named_by_question(mini_bank, tmp_path, statement, command, why):
    reviewed(mini_bank)
    sql(database_path(), statement)
    args = [
        part.replace("{bank}", str(mini_bank)).replace("{out}", str(tmp_path / "log.jsonl"))
        for part in command
    ]
    one_line_error(quiz(*args), f"error: {database_path()}: {why}")


def test_bad_due_days_and_exams_are_named(store):
    store.record("q1", 4, now=NOW, day=DAY, schedule=policy.apply)
    store.conn.execute("UPDATE cards SET due_day = '' WHERE question_id = 'q1'")
    with pytest.raises(StoreError) as caught:
        store.due(date(2030, 1, 1))
    assert str(caught.value) == (
        ":memory:: damaged card of question q1 (Invalid isoformat string: '')"
    )
    store.conn.execute(
        "INSERT INTO exams (id, started_at, seed, topics, questions, correct, seconds, recorded,"
        " answers) VALUES (3, 'x', 1, '[', 1, 1, 1.0, 1, '[]')"
    )
    with pytest.raises(StoreError) as caught:
        store.exams()
    assert str(caught.value) == (
        ":memory:: damaged exam 3 (Expecting value: line 1 column 2 (char 1))"
    )


def test_a_damaged_cached_key_is_recomputed_not_an_error(store):
    store.cache_key(SHA, {"n": 1}, 28, now=NOW)
    store.conn.execute("UPDATE snippet_keys SET value = '{oops'")
    assert store.cached_key(SHA, {"n": 1}) is None
    store.cache_key(SHA, {"n": 1}, 28, now=NOW)
    assert store.cached_key(SHA, {"n": 1}) == 28


def test_a_lock_file_that_cannot_be_made_is_named():
    home = database_path().parent
    (home / "quiz.db.lock").mkdir(parents=True)
    one_line_error(
        quiz("banks"),
        f"error: {home / 'quiz.db.lock'}: cannot create the lock file (Is a directory)",
    )


# -- 4. commands started together on a fresh home ----------------------------------------------


@pytest.mark.slow
def test_eight_commands_at_once_on_a_fresh_home(tmp_path):
    for round_ in range(10):
        home = tmp_path / f"fresh-{round_}"
        env = child_env(QUIZ_HOME=str(home))
        commands = [
            subprocess.Popen(
                [*QUIZ, "banks"],
                env=env,
                cwd=REPO,
                text=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for _ in range(8)
        ]
        errors = [command.communicate(timeout=120)[1] for command in commands]
        assert [command.returncode for command in commands] == [0] * 8, errors
        assert migrations.applied_names(Store(home / "quiz.db").conn) == list(migrations.NAMES)


# -- 5. a backup takes its name only when complete ---------------------------------------------


class FailingCopy:
    """A connection whose backup copies one page, then fails."""

    def __init__(self, conn: sqlite3.Connection, failure: BaseException) -> None:
        self.conn = conn
        self.failure = failure

    def backup(self, target: sqlite3.Connection, **kwargs) -> None:
        self.conn.backup(target, pages=1, progress=self._stop)

    def _stop(self, status: int, remaining: int, total: int) -> None:
        raise self.failure

    def __getattr__(self, name: str):
        return getattr(self.conn, name)


@pytest.mark.parametrize(
    "failure", [sqlite3.OperationalError("disk I/O error"), KeyboardInterrupt()]
)
def test_a_failed_backup_leaves_nothing_under_the_name(tmp_path, failure):
    db = Store(make_db(tmp_path / "q.db", reviews=200))
    db.conn = FailingCopy(db.conn, failure)
    target = tmp_path / "out" / "copy.db"
    target.parent.mkdir()
    with pytest.raises((StoreError, KeyboardInterrupt)) as caught:
        db.backup_to(target)
    if isinstance(failure, sqlite3.Error):
        assert str(caught.value) == f"{target}: cannot write the backup (disk I/O error)"
    assert list(target.parent.iterdir()) == []


KILLED_BACKUP = """
import signal, sys
from pathlib import Path
from quiz.store import Store
from quiz.schedule import policy

class Stalled:
    def __init__(self, conn):
        self.conn = conn
    def backup(self, target, **kwargs):
        self.conn.backup(target, pages=1, progress=self.stall)
    def stall(self, *progress):
        print("copying", flush=True)
        signal.pause()
    def __getattr__(self, name):
        return getattr(self.conn, name)

db = Store(sys.argv[1])
db.conn = Stalled(db.conn)
db.backup_to(Path(sys.argv[2]))
"""


def test_a_killed_backup_leaves_nothing_under_the_name(tmp_path):
    make_db(tmp_path / "q.db", reviews=200)
    target = tmp_path / "out" / "copy.db"
    target.parent.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_BACKUP, str(tmp_path / "q.db"), str(target)],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=REPO,
    )
    try:
        assert child.stdout.readline().strip() == "copying"
    finally:
        child.kill()
        child.wait(timeout=30)
    assert not target.exists()
    left = [p.name for p in target.parent.iterdir()]  # harmless: a hidden, named partial
    assert left and all(name.startswith(".copy.db.") and ".partial" in name for name in left)


def test_a_backup_never_replaces_a_file_that_appears_meanwhile(tmp_path, monkeypatch):
    make_db(database_path())
    target = tmp_path / "copy.db"
    real_link = os.link

    def someone_else_first(source, name):
        Path(name).write_text("theirs")
        real_link(source, name)

    monkeypatch.setattr(os, "link", someone_else_first)
    one_line_error(
        quiz("backup", str(target)), f"error: {target}: already exists; choose a new file name"
    )
    assert target.read_text() == "theirs"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".copy.db")] == []


def test_a_backup_onto_a_filesystem_without_hard_links(tmp_path, monkeypatch):
    make_db(database_path(), reviews=2)
    target = tmp_path / "stick" / "copy.db"
    target.parent.mkdir()

    def no_links(source, name):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    result = quiz("backup", str(target))
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in target.parent.iterdir()] == ["copy.db"]
    assert Store(target).review_count() == 2


def test_a_backup_into_a_missing_folder_is_one_line(tmp_path):
    target = tmp_path / "missing" / "copy.db"
    one_line_error(
        quiz("backup", str(target)),
        f"error: {target}: cannot write the backup (No such file or directory)",
    )


# -- 6. `quiz trust PATH` takes a bank, never a disk ------------------------------------------


@pytest.fixture
def no_walking(monkeypatch):
    """Fail the test if any folder is walked for bank files."""
    import quiz.bank.catalog

    def walked(path):
        raise AssertionError(f"walked {path}")

    monkeypatch.setattr(quiz.bank.catalog, "bank_files", walked)


def test_trust_refuses_the_root_and_the_home_folder(no_walking, tmp_path, monkeypatch):
    one_line_error(
        quiz("trust", "/"), "error: /: a whole disk or home folder; name the bank file or folder"
    )
    user_home = tmp_path / "user"
    user_home.mkdir()
    (user_home / "notes.yaml").write_text("a: 1\n")
    monkeypatch.setenv("HOME", str(user_home))
    one_line_error(
        quiz("trust", str(user_home)),
        f"error: {user_home}: a whole disk or home folder; name the bank file or folder",
    )
    one_line_error(
        quiz("trust", "--revoke", "/"),
        "error: /: a whole disk or home folder; name the bank file or folder",
    )


def test_trust_refuses_what_is_not_a_bank(no_walking, bank_dir):
    snippets = bank_dir / "snippets"
    one_line_error(
        quiz("trust", str(snippets)),
        f"error: {snippets}: not a bank folder (no .yaml or .yml files in it)",
    )
    code = snippets / "width.py"
    one_line_error(
        quiz("trust", str(code)),
        f"error: {code}: not a bank file (banks are .yaml or .yml files)",
    )


def test_trust_takes_a_bank_file_or_folder(bank_dir):
    for target in (bank_dir, bank_dir / "bank.yaml"):
        result = quiz("trust", str(target))
        assert result.exit_code == 0, result.stderr
        assert f"{bank_dir / 'snippets' / 'width.py'}" in result.output
    [(path, _digest, _when)] = Store(database_path()).trusted()
    assert path == str(bank_dir / "snippets" / "width.py")
