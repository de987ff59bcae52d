"""Daily backups (study/backups.py): one consistent copy before the first write of each study
day, the last 7 days and 4 weeks kept, `quiz backup --list`, `quiz restore NAME`, and a
failure that warns once and never stops a review."""

from __future__ import annotations

import io
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

import pexpect
import pytest

from conftest import REPO, child_env, quiz
from quiz.paths import backups_dir, database_path
from quiz.store import Store
from quiz.study import backups
from quiz.study.backups import backup_name, daily_backup, kept, prune

ONE_CARD = ("review", "--limit", "1")


@pytest.fixture
def sevens(tmp_path) -> Path:
    """A bank of numeric questions that all take 7: any card shown is answered alike."""
    lines = ["bank: sevens", "questions:"]
    for n in range(8):
        lines += [f"  - id: seven-{n}", "    type: numeric", f"    prompt: 'Seven ({n})?'"]
        lines += ["    answer: 7"]
    path = tmp_path / "sevens.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def review_one(bank: Path, day: str, **env: str):
    result = quiz(*ONE_CARD, "--bank", str(bank), input="7\n4\n", QUIZ_NOW=day, **env)
    assert result.exit_code == 0, result.output + result.stderr
    assert "Reviewed 1 card" in result.output, result.output
    return result


def names() -> list[str]:
    return sorted(p.name for p in backups_dir().iterdir()) if backups_dir().exists() else []


# -- made before the day's first write, once a day ---------------------------------------------


def test_the_first_answer_of_a_study_day_is_preceded_by_a_copy_of_the_database(sevens):
    review_one(sevens, "2026-12-01T12:00")
    assert names() == ["quiz-2026-12-01.sqlite"]
    # The copy is the database as it was before that day's first answer: no review yet.
    assert Store(backups_dir() / "quiz-2026-12-01.sqlite").review_count() == 0

    before = (backups_dir() / "quiz-2026-12-01.sqlite").read_bytes()
    review_one(sevens, "2026-12-01T18:00")
    # 03:00 the next morning is still 1 December's study day (rollover at 4 am).
    review_one(sevens, "2026-12-02T03:00")
    assert names() == ["quiz-2026-12-01.sqlite"]
    assert (backups_dir() / "quiz-2026-12-01.sqlite").read_bytes() == before

    review_one(sevens, "2026-12-02T12:00")
    assert names() == ["quiz-2026-12-01.sqlite", "quiz-2026-12-02.sqlite"]
    assert Store(backups_dir() / "quiz-2026-12-02.sqlite").review_count() == 3


def test_commands_that_only_read_and_a_review_left_before_its_first_answer_copy_nothing(
    sevens,
):
    review_one(sevens, "2026-12-01T12:00")
    for command in (["list"], ["stats"], ["show", "seven-0"], ["banks"]):
        result = quiz(*command, "--bank", str(sevens), QUIZ_NOW="2026-12-05T12:00")
        assert result.exit_code == 0, result.output
    # The first card is shown, and the student leaves without answering it.
    left = quiz("review", "--bank", str(sevens), input="", QUIZ_NOW="2026-12-05T12:00")
    assert left.exit_code == 0 and "[1/" in left.output
    assert names() == ["quiz-2026-12-01.sqlite"]


def test_the_backup_is_a_consistent_quiz_database_that_restores_by_name(sevens):
    review_one(sevens, "2026-12-01T12:00")
    review_one(sevens, "2026-12-02T12:00")
    assert Store(database_path()).review_count() == 2

    result = quiz("restore", "quiz-2026-12-02.sqlite")

    assert result.exit_code == 0, result.output + result.stderr
    # Rich folds long paths: compare with the line breaks taken out.
    restored = f"Restored{backups_dir() / 'quiz-2026-12-02.sqlite'}(1review)."
    assert restored in "".join(result.output.split())
    assert Store(database_path()).review_count() == 1
    # Still a path, as before; and a name that is in no list is a missing file, named.
    assert quiz("restore", str(backups_dir() / "quiz-2026-12-01.sqlite")).exit_code == 0
    assert Store(database_path()).review_count() == 0
    missing = quiz("restore", "quiz-2020-01-01.sqlite")
    assert missing.exit_code == 1
    assert missing.stderr.strip() == "error: quiz-2020-01-01.sqlite: no such file"


# -- what is kept --------------------------------------------------------------------------------


def made(folder: Path, *days: date) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for day in days:
        (folder / backup_name(day)).write_bytes(b"x")


def test_the_last_7_days_and_the_newest_of_the_last_4_iso_weeks_are_kept(tmp_path):
    folder = tmp_path / "backups"
    start = date(2026, 11, 1)  # a Sunday: ISO week 44 ends on it
    made(folder, *(start + timedelta(days=n) for n in range(45)))
    (folder / "notes.txt").write_text("mine")
    (folder / "quiz-2026-13-01.sqlite").write_text("no such day")

    removed = prune(folder)

    left = sorted(p.name for p in folder.iterdir())
    last = start + timedelta(days=44)  # Tuesday 15 December, ISO week 51
    assert last.isocalendar()[:2] == (2026, 51)
    daily = [backup_name(last - timedelta(days=n)) for n in range(7)]  # 9-15 December
    # The newest of weeks 51, 50 (Sunday 13th, among the 7 days), 49 (6th) and 48 (29 Nov).
    weekly = [backup_name(date(2026, 12, 6)), backup_name(date(2026, 11, 29))]
    assert left == sorted([*daily, *weekly, "notes.txt", "quiz-2026-13-01.sqlite"])
    assert len(removed) == 45 - 9


def test_days_without_a_backup_do_not_count(tmp_path):
    """A student back after a month keeps last month's copies, as restic's --keep-daily does."""
    folder = tmp_path / "backups"
    old = [date(2026, 9, 1) + timedelta(days=n) for n in range(3)]
    made(folder, *old, date(2026, 12, 1))

    prune(folder)

    assert sorted(p.name for p in folder.iterdir()) == sorted(
        backup_name(d) for d in [*old, date(2026, 12, 1)]
    )


def test_on_three_study_days_a_week_seven_of_them_and_the_newest_of_four_weeks_are_kept(
    tmp_path,
):
    folder = tmp_path / "backups"
    mondays = [date(2026, 11, 2) + timedelta(weeks=n) for n in range(6)]  # ISO weeks 45-50
    made(folder, *(monday + timedelta(days=d) for monday in mondays for d in (0, 2, 4)))
    found = backups.backups(folder)
    assert [b.day for b in found] == sorted((b.day for b in found), reverse=True)

    # The 7 latest study days: Friday 11 December back to Friday 27 November; then the newest
    # of week 47, the one of the 4 latest weeks that those leave out.
    assert [b.day.isoformat() for b in kept(found)] == [
        "2026-12-11", "2026-12-09", "2026-12-07", "2026-12-04", "2026-12-02", "2026-11-30",
        "2026-11-27", "2026-11-20",
    ]  # fmt: skip


# -- failures warn once, and the review goes on -------------------------------------------------


def test_a_backup_that_fails_warns_once_and_the_answers_are_saved(mini_bank):
    home = database_path().parent
    home.mkdir(parents=True)
    backups_dir().write_text("a file where the folder should be")  # mkdir fails, even as root

    result = quiz(
        "review",
        "--bank",
        str(mini_bank),
        input="28\n4\n(3, 2)\n4\n",
        QUIZ_NOW="2026-12-01T12:00",
    )

    assert result.exit_code == 0, result.output + result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"warning: no backup today ({backups_dir()}: ")
    assert warnings[0].endswith("); your answers are saved as usual")
    assert "Traceback" not in result.output + result.stderr
    assert Store(database_path()).review_count() == 2


def test_the_warning_is_in_the_students_language(mini_bank):
    database_path().parent.mkdir(parents=True)
    backups_dir().write_text("not a folder")
    result = quiz(*ONE_CARD, "--bank", str(mini_bank), "--lang", "zh", input="28\n4\n")
    assert result.exit_code == 0
    assert "警告：今天没有备份（" in result.stderr
    assert "）；你的答案照常保存" in result.stderr


def test_a_backup_made_meanwhile_by_another_quiz_is_no_failure(tmp_path, monkeypatch):
    store = Store(tmp_path / "quiz.db")
    folder = tmp_path / "backups"
    day = date(2026, 12, 1)
    real = Store.backup_to

    def raced(self, target):
        real(self, target)  # the other quiz's copy lands first
        real(self, target)  # and ours finds the name taken

    monkeypatch.setattr(Store, "backup_to", raced)
    warned: list[str] = []
    assert daily_backup(store, folder, day, warned.append) is None
    assert warned == [] and (folder / backup_name(day)).exists()


@pytest.mark.slow
def test_an_unwritable_backups_folder_in_a_real_terminal_review(mini_bank, tmp_path):
    """As a student sees it: the warning, once, between the first grade and the next card."""
    database_path().parent.mkdir(parents=True)
    backups_dir().write_text("not a folder")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", "review", "--bank", str(mini_bank), "--limit", "2"],
        cwd=str(REPO),
        env=child_env(TERM="dumb"),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )
    child.logfile_read = io.StringIO()
    child.expect_exact("› ")
    child.sendline("28")
    child.expect(r"Grade \[\d\] › ")
    child.send("4")
    child.expect_exact("warning: no backup today (")
    child.expect_exact("[2/2] mini")
    child.expect_exact("› ")
    child.sendline("(3, 2)")
    child.expect(r"Grade \[\d\] › ")
    child.send("4")
    child.expect(pexpect.EOF)
    child.close()
    output = child.logfile_read.getvalue()
    assert child.exitstatus == 0, output
    assert output.count("warning: no backup today") == 1
    assert "Traceback" not in output
    assert Store(database_path()).review_count() == 2


# -- quiz backup --list -------------------------------------------------------------------------


def test_backup_list_shows_names_days_and_sizes(sevens):
    empty = quiz("backup", "--list")
    assert empty.exit_code == 0
    assert f"No daily backups yet in {backups_dir()}" in " ".join(empty.output.split())
    review_one(sevens, "2026-12-01T12:00")
    review_one(sevens, "2026-12-02T12:00")
    size = (backups_dir() / "quiz-2026-12-02.sqlite").stat().st_size

    result = quiz("backup", "--list")

    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["name", "day", "size"]
    assert lines[1].split() == ["quiz-2026-12-02.sqlite", "2026-12-02", f"{size / 1024:.1f}", "KB"]
    assert lines[2].split()[:2] == ["quiz-2026-12-01.sqlite", "2026-12-01"]
    assert "2 backups in" in result.output


def test_backup_needs_a_file_or_list():
    result = quiz("backup")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: name the FILE to write, or list the daily backups with --list"
    )
    both = quiz("backup", "copy.db", "--list")
    assert both.exit_code == 1 and both.stderr.strip() == "error: --list takes no FILE"


def test_the_backup_is_written_by_sqlites_backup_api_while_another_connection_writes(
    sevens,
):
    review_one(sevens, "2026-12-01T12:00")
    other = sqlite3.connect(database_path())
    other.execute("BEGIN")
    other.execute("UPDATE cards SET lapses = lapses + 100")  # uncommitted: not in the copy
    try:
        store = Store(database_path())
        daily_backup(store, backups_dir(), date(2026, 12, 2), pytest.fail)
    finally:
        other.rollback()
    copy = Store(backups_dir() / "quiz-2026-12-02.sqlite")
    assert copy.review_count() == 1 and copy.card("seven-0").lapses == 0
