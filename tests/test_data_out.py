"""The review log exported, and backups that are safe to take and to restore."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from quiz.cli import app
from quiz.paths import database_path
from quiz.store import Store

runner = CliRunner()


def reviewed(mini_bank):
    assert (
        runner.invoke(
            app, ["review", "--bank", str(mini_bank)], input="27\n1\n(3, 2)\n5\n"
        ).exit_code
        == 0
    )


def test_export_log_csv(mini_bank, tmp_path):
    reviewed(mini_bank)
    out = tmp_path / "log.csv"
    result = runner.invoke(app, ["export", "log", str(out)])
    assert result.exit_code == 0 and "Wrote 2 reviews" in result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["question_id"], r["answer"], r["correct"], r["grade"]) for r in rows] == [
        ("mini-num", "27", "0", "1"),
        ("mini-shape", "(3, 2)", "1", "5"),
    ]
    assert rows[0]["easiness_after"] == "1.96" and rows[0]["interval_after"] == "1"
    assert rows[0]["easiness_before"] == ""  # a new card had no state before


def test_export_log_jsonl(mini_bank, tmp_path):
    reviewed(mini_bank)
    out = tmp_path / "log.jsonl"
    assert runner.invoke(app, ["export", "log", str(out)]).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["kind"] for r in rows] == ["review", "review"]
    assert rows[1]["after"]["easiness"] == "2.60" and rows[0]["before"] is None


def test_export_log_needs_a_known_format(tmp_path):
    result = runner.invoke(app, ["export", "log", str(tmp_path / "log.txt")])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"error: {tmp_path / 'log.txt'}: name it .csv or .jsonl to choose the format"
    )


def test_backup_while_another_connection_writes(mini_bank, tmp_path):
    reviewed(mini_bank)
    other = sqlite3.connect(database_path())
    other.execute("BEGIN")
    other.execute("UPDATE cards SET lapses = lapses")  # holds the write lock meanwhile
    out = tmp_path / "copy.db"
    result = runner.invoke(app, ["backup", str(out)])
    other.rollback()
    assert result.exit_code == 0, result.output
    assert Store(out).review_count() == 2
    again = runner.invoke(app, ["backup", str(out)])
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_restore_round_trip(mini_bank, tmp_path):
    reviewed(mini_bank)
    out = tmp_path / "copy.db"
    runner.invoke(app, ["backup", str(out)])
    runner.invoke(app, ["review", "--bank", str(mini_bank)], input="c\n4\n")
    assert Store(database_path()).review_count() == 3
    result = runner.invoke(app, ["restore", str(out)])
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output and "kept in" in result.output
    assert Store(database_path()).review_count() == 2
    kept = list(database_path().parent.glob("quiz.db.before-restore-*"))
    assert len(kept) == 1 and Store(kept[0]).review_count() == 3


def test_restore_refuses_what_is_not_a_quiz_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite" * 100)
    result = runner.invoke(app, ["restore", str(junk)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {junk}: not a quiz database (file is not a database)"
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    result = runner.invoke(app, ["restore", str(other)])
    assert result.stderr.strip() == f"error: {other}: not a quiz database (no quiz schema in it)"
    missing = runner.invoke(app, ["restore", str(tmp_path / "nope.db")])
    assert missing.exit_code == 1 and "no such file" in missing.stderr


def test_export_anki_command(mini_bank, tmp_path):
    out = tmp_path / "mini.apkg"
    result = runner.invoke(app, ["export", "anki", str(out), "--bank", str(mini_bank)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}: 1 deck, 4 notes." in result.output
    assert out.stat().st_size > 0
    wrong = runner.invoke(app, ["export", "anki", str(tmp_path / "mini.zip")])
    assert wrong.exit_code == 1
    assert wrong.stderr.strip() == f"error: {tmp_path / 'mini.zip'}: Anki packages end in .apkg"


@pytest.mark.parametrize(
    "command",
    [
        ["new", "bank", "zz", "--dir", "{blocked}/d"],
        ["exam", "--count", "1", "--seed", "1", "--report", "{blocked}/r.md"],
        ["export", "anki", "{blocked}/x.apkg"],
    ],
)
def test_an_unwritable_target_is_one_line(mini_bank, tmp_path, command):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    args = [part.replace("{blocked}", str(blocked)) for part in command]
    result = runner.invoke(app, [*args, "--bank", str(mini_bank)] if "new" not in args else args,
                           input="28\n")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert str(blocked) in result.stderr
    assert "Traceback" not in result.output + result.stderr
